package dev.vectorizer.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernels that read vectors at offsets of larger arrays, one at a time and in batches of any
 * size (eight-way, four-way and single blocks). Vectors sit between NaN fillers, so a kernel that
 * reads one component too early or too late returns NaN instead of a plausible number; small
 * integer components make every sum exact, so results must equal the reference exactly. Runs again
 * against the scalar kernels in the scalar surefire execution.
 */
class BatchKernelsTest {

  private static List<VectorKernels> implementations() {
    List<VectorKernels> all = new ArrayList<>();
    all.add(Kernels.scalar());
    Kernels.panama().ifPresent(all::add);
    return all;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 64, 100, 384, 385})
  void batchesOfEverySizeMatchTheReferenceExactly(int dim) {
    Random r = new Random(dim);
    for (VectorKernels k : implementations()) {
      for (int count = 0; count <= 21; count++) {
        float[] q = integers(r, dim);
        // Vectors packed in two shared pages with NaN between them, in shuffled slots.
        float[][] pages = {nanPage(count * (dim + 3) + 5), nanPage(count * (dim + 3) + 5)};
        float[][] data = new float[count][];
        int[] offsets = new int[count];
        float[][] vectors = new float[count][];
        for (int i = 0; i < count; i++) {
          vectors[i] = integers(r, dim);
          data[i] = pages[i % 2];
          offsets[i] = 2 + (count - 1 - i) * (dim + 3);
          System.arraycopy(vectors[i], 0, data[i], offsets[i], dim);
        }
        float[] out = new float[count + 1];
        out[count] = 42;
        k.dotMany(q, data, offsets, count, out);
        for (int i = 0; i < count; i++) {
          String where = k.name() + " dotMany d=" + dim + " count=" + count + " i=" + i;
          assertEquals(dot(q, vectors[i]), out[i], where);
          assertEquals(dot(q, vectors[i]), k.dot(q, data[i], offsets[i]), where + " single");
        }
        assertEquals(42f, out[count], "wrote past count");
        k.squaredL2Many(q, data, offsets, count, out);
        for (int i = 0; i < count; i++) {
          String where = k.name() + " squaredL2Many d=" + dim + " count=" + count + " i=" + i;
          assertEquals(l2(q, vectors[i]), out[i], where);
          assertEquals(l2(q, vectors[i]), k.squaredL2(q, data[i], offsets[i]), where + " single");
        }
        assertEquals(42f, out[count], "wrote past count");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {5, 16, 384})
  void anOffsetAtTheVeryEndOfTheArrayIsRead(int dim) {
    Random r = new Random(7);
    for (VectorKernels k : implementations()) {
      float[] q = integers(r, dim);
      float[] v = integers(r, dim);
      float[] page = nanPage(3 * dim);
      System.arraycopy(v, 0, page, 2 * dim, dim);
      assertEquals(dot(q, v), k.dot(q, page, 2 * dim), k.name());
      assertEquals(l2(q, v), k.squaredL2(q, page, 2 * dim), k.name());
    }
  }

  private static float[] nanPage(int size) {
    float[] p = new float[size];
    java.util.Arrays.fill(p, Float.NaN);
    return p;
  }

  private static float dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return (float) s;
  }

  private static float l2(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (double) a[i] - b[i];
      s += d * d;
    }
    return (float) s;
  }

  private static float[] integers(Random r, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = r.nextInt(9) - 4;
    }
    return v;
  }
}
