package dev.vectorizer.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernels over {@link MappedVectors} (vectors read in place from a file, at an unaligned start
 * and across several mapped pages) give the scores of the array kernels, for every batch size the
 * graph search uses and dimensions with and without a scalar tail.
 */
class MappedKernelsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8, 20, 33, 384})
  void mappedScoresMatchArrayScores(int dim) throws IOException {
    assumeTrue(MappedVectors.available(), "Java 22+");
    Random rnd = new Random(dim);
    int count = 100;
    float[][] v = new float[count][dim];
    Path file = dir.resolve("v" + dim);
    long start = 25; // as in a segment file: after a 25-byte header, not aligned
    ByteBuffer b =
        ByteBuffer.allocate((int) start + count * dim * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.position((int) start);
    for (float[] x : v) {
      for (int i = 0; i < dim; i++) {
        x[i] = rnd.nextFloat() * 2 - 1;
        b.putFloat(x[i]);
      }
    }
    Files.write(file, b.array());
    MappedVectors m;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      m = MappedVectors.map(ch, start, dim, count, 16); // 7 pages
    }
    float[] q = new float[dim];
    for (int i = 0; i < dim; i++) {
      q[i] = rnd.nextFloat() * 2 - 1;
    }
    List<VectorKernels> kernels = new ArrayList<>();
    kernels.add(Kernels.scalar());
    Kernels.panama().ifPresent(kernels::add);
    for (int ord = 0; ord < count; ord++) {
      assertArrayEquals(v[ord], m.copy(ord));
    }
    for (VectorKernels k : kernels) {
      for (int n = 1; n <= 13; n++) {
        int[] ords = new int[n];
        float[][] data = new float[n][];
        int[] offsets = new int[n];
        for (int j = 0; j < n; j++) {
          ords[j] = (j * 37 + n) % count;
          data[j] = v[ords[j]];
        }
        float[] expectDot = new float[n];
        float[] expectL2 = new float[n];
        float[] dot = new float[n];
        float[] l2 = new float[n];
        k.dotMany(q, data, offsets, n, expectDot);
        k.squaredL2Many(q, data, offsets, n, expectL2);
        k.dotMany(q, m, ords, n, dot);
        k.squaredL2Many(q, m, ords, n, l2);
        for (int j = 0; j < n; j++) {
          String what = k.name() + " dim " + dim + " batch " + n + " vector " + j;
          assertEquals(expectDot[j], dot[j], 1e-5f * Math.max(1, Math.abs(expectDot[j])), what);
          assertEquals(expectL2[j], l2[j], 1e-5f * Math.max(1, expectL2[j]), what);
        }
      }
    }
  }
}
