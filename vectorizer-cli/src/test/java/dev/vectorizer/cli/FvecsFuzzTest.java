package dev.vectorizer.cli;

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
 * Fuzzes the reader behind {@code import --fvecs} and {@code search --fvecs} with seeded mutations
 * of a real file (dimension fields set to 0, negative, huge or another row's; bytes flipped, cut,
 * inserted; NaN and infinite values). The property: every row read has the file's dimension and
 * finite values, and a malformed file fails with one message naming the file; never another
 * exception, a hang or a huge allocation.
 *
 * <p>{@code -Dvectorizer.fuzz.iterations=N} (500 by default).
 */
class FvecsFuzzTest {
  private static final int[] DIMS = {0, -1, 1, 3, 4, 5, 65_536, 65_537, Integer.MAX_VALUE};
  @TempDir Path dir;

  @Test
  void malformedFvecsFailNamingTheFile() throws Exception {
    int iterations = Integer.getInteger("vectorizer.fuzz.iterations", 500);
    long seed = Long.getLong("vectorizer.fuzz.seed", 15L);
    byte[] original = original();
    Path file = dir.resolve("in.fvecs");
    List<String> failures = new ArrayList<>();
    assertTimeoutPreemptively(
        Duration.ofSeconds(60 + iterations / 20),
        () -> {
          for (int i = 0; i < iterations && failures.size() < 10; i++) {
            byte[] input = mutate(original, new Random(seed * 31 + i));
            Files.write(file, input);
            String failure = check(file);
            if (failure != null) {
              failures.add("iteration " + i + ": " + failure);
            }
          }
        });
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  private static byte[] original() {
    ByteBuffer b = ByteBuffer.allocate(6 * (4 + 16)).order(ByteOrder.LITTLE_ENDIAN);
    Random r = new Random(1);
    for (int row = 0; row < 6; row++) {
      b.putInt(4);
      for (int d = 0; d < 4; d++) {
        b.putFloat((float) r.nextGaussian());
      }
    }
    return b.array();
  }

  static byte[] mutate(byte[] in, Random r) {
    byte[] b = in.clone();
    for (int k = 1 + r.nextInt(3); k > 0; k--) {
      ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      int rows = b.length / 20;
      switch (r.nextInt(6)) {
        case 0 -> { // a dimension field
          if (rows > 0) {
            bb.putInt(20 * r.nextInt(rows), DIMS[r.nextInt(DIMS.length)]);
          }
        }
        case 1 -> { // a value: NaN, infinite, or extreme
          if (rows > 0) {
            float[] odd = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e38f, 0};
            bb.putFloat(20 * r.nextInt(rows) + 4 + 4 * r.nextInt(4), odd[r.nextInt(odd.length)]);
          }
        }
        case 2 -> { // flip a bit
          if (b.length > 0) {
            b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
          }
        }
        case 3 -> b = Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length)); // truncate
        case 4 -> { // insert bytes
          byte[] ins = new byte[1 + r.nextInt(8)];
          r.nextBytes(ins);
          int at = r.nextInt(b.length + 1);
          byte[] out = new byte[b.length + ins.length];
          System.arraycopy(b, 0, out, 0, at);
          System.arraycopy(ins, 0, out, at, ins.length);
          System.arraycopy(b, at, out, at + ins.length, b.length - at);
          b = out;
        }
        default -> b = Arrays.copyOf(b, b.length + 4 * (1 + r.nextInt(3))); // trailing zeros
      }
    }
    return b;
  }

  /** Reads the whole file; null when the outcome is allowed. */
  private static String check(Path file) {
    int dim = -1;
    try (FvecsReader reader = new FvecsReader(file)) {
      for (float[] v = reader.next(); v != null; v = reader.next()) {
        if (dim >= 0 && v.length != dim) {
          return "rows of dimension " + dim + " and " + v.length + " were read";
        }
        dim = v.length;
        for (float x : v) {
          if (!Float.isFinite(x)) {
            return "a non-finite value was read: " + x;
          }
        }
      }
      return null;
    } catch (Main.Failure e) {
      String m = e.getMessage();
      return m.contains(file.toString()) && !m.contains("\n") ? null : "message: " + m;
    } catch (IOException | RuntimeException | Error e) {
      return e.toString();
    }
  }
}
