package dev.vectorizer.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link VectorKernels#dotBytes}: float queries against signed 8-bit codes at an offset, in every
 * implementation, at dimensions that exercise the unrolled loop, the single-vector loop and the
 * scalar tail, including the extreme codes -128 and 127 (sign extension).
 */
class CodeKernelsTest {

  private static List<VectorKernels> implementations() {
    List<VectorKernels> all = new ArrayList<>();
    all.add(Kernels.scalar());
    Kernels.panama().ifPresent(all::add);
    return all;
  }

  /** Small integer queries make every partial sum exact, so any summation order gives the same. */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48, 64, 100, 384, 385, 1536})
  void codesScoreExactlyAsTheirIntegers(int dim) {
    Random r = new Random(17L * dim);
    int offset = 5 + dim; // the codes of the second of several vectors
    byte[] codes = new byte[offset + dim + 11];
    r.nextBytes(codes);
    codes[offset] = Byte.MIN_VALUE;
    codes[offset + dim - 1] = Byte.MAX_VALUE;
    float[] q = new float[dim];
    long expected = 0;
    for (int i = 0; i < dim; i++) {
      q[i] = r.nextInt(9) - 4;
      expected += (long) q[i] * codes[offset + i];
    }
    for (VectorKernels k : implementations()) {
      assertEquals((float) expected, k.dotBytes(q, codes, offset), k.name() + " at d=" + dim);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 100, 384})
  void realQueriesMatchTheDoubleReference(int dim) {
    Random r = new Random(dim);
    byte[] codes = new byte[3 * dim];
    r.nextBytes(codes);
    float[] q = new float[dim];
    for (int i = 0; i < dim; i++) {
      q[i] = (float) r.nextGaussian();
    }
    for (int v = 0; v < 3; v++) {
      double expected = 0;
      double magnitude = 0;
      for (int i = 0; i < dim; i++) {
        expected += (double) q[i] * codes[v * dim + i];
        magnitude += Math.abs((double) q[i] * codes[v * dim + i]);
      }
      for (VectorKernels k : implementations()) {
        assertEquals(expected, k.dotBytes(q, codes, v * dim), 1e-5 * magnitude, k.name());
      }
    }
  }
}
