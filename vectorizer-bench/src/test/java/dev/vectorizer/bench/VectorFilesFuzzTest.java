package dev.vectorizer.bench;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes {@link VectorFiles#readFvecs} and {@link VectorFiles#readIvecs} with seeded mutations of
 * real files (dimension fields, flipped bits, truncation, insertion, trailing zeros). The property:
 * the rows read all have one dimension, or an {@link IOException} names the file; never another
 * exception, a hang or a huge allocation.
 *
 * <p>{@code -Dvectorizer.fuzz.iterations=N} per reader (500 by default).
 */
class VectorFilesFuzzTest {
  private static final int[] DIMS = {0, -1, 1, 3, 4, 5, 65_536, 65_537, Integer.MAX_VALUE};
  @TempDir Path dir;

  @Test
  void malformedFilesFailNamingTheFile() throws Exception {
    int iterations = Integer.getInteger("vectorizer.fuzz.iterations", 500);
    long seed = Long.getLong("vectorizer.fuzz.seed", 15L);
    Path fvecs = dir.resolve("base.fvecs");
    Path ivecs = dir.resolve("truth.ivecs");
    VectorFiles.writeFvecs(fvecs, VectorFiles.clustered(1, 6, 4, 2));
    VectorFiles.writeIvecs(ivecs, new int[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {0, 0, 0, 0}});
    byte[][] originals = {Files.readAllBytes(fvecs), Files.readAllBytes(ivecs)};
    Path file = dir.resolve("mutated");
    List<String> failures = new ArrayList<>();
    assertTimeoutPreemptively(
        Duration.ofSeconds(60 + iterations / 20),
        () -> {
          for (int i = 0; i < 2 * iterations && failures.size() < 10; i++) {
            Random r = new Random(seed * 31 + i);
            boolean floats = i % 2 == 0;
            Files.write(file, mutate(originals[floats ? 0 : 1], r));
            try {
              int[] dims =
                  floats
                      ? Arrays.stream(VectorFiles.readFvecs(file)).mapToInt(v -> v.length).toArray()
                      : Arrays.stream(VectorFiles.readIvecs(file))
                          .mapToInt(v -> v.length)
                          .toArray();
              if (Arrays.stream(dims).distinct().count() > 1) {
                failures.add("iteration " + i + ": rows of several dimensions were read");
              }
            } catch (IOException e) {
              if (!String.valueOf(e.getMessage()).startsWith(file.toString())) {
                failures.add("iteration " + i + ": message without the file: " + e);
              }
            } catch (RuntimeException | Error e) {
              failures.add("iteration " + i + ": " + e);
            }
          }
        });
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  private static byte[] mutate(byte[] in, Random r) {
    byte[] b = in.clone();
    for (int k = 1 + r.nextInt(3); k > 0; k--) {
      int rows = b.length / 20;
      switch (r.nextInt(5)) {
        case 0 -> {
          if (rows > 0) {
            ByteBuffer.wrap(b)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(20 * r.nextInt(rows), DIMS[r.nextInt(DIMS.length)]);
          }
        }
        case 1 -> {
          if (b.length > 0) {
            b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
          }
        }
        case 2 -> b = Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
        case 3 -> {
          int at = r.nextInt(b.length + 1);
          byte[] out = new byte[b.length + 1 + r.nextInt(8)];
          System.arraycopy(b, 0, out, 0, at);
          System.arraycopy(b, at, out, out.length - (b.length - at), b.length - at);
          b = out;
        }
        default -> b = Arrays.copyOf(b, b.length + 4 * (1 + r.nextInt(3)));
      }
    }
    return b;
  }
}
