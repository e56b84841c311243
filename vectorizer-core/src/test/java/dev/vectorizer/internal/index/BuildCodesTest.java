package dev.vectorizer.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.internal.kernels.Kernels;
import dev.vectorizer.internal.kernels.VectorKernels;
import dev.vectorizer.testing.RealVectors;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The 8-bit construction codes: cosines from codes stay within a small error of the exact ones (on
 * real sentence embeddings, on vectors of very different norms, across code pages), and a zero
 * vector scores 0 instead of NaN.
 */
class BuildCodesTest {
  private final VectorKernels kernels = Kernels.get();

  @Test
  void cosinesFromCodesAreCloseToTheExactOnesOnRealEmbeddings() {
    float[][] base = RealVectors.base();
    int n = Math.min(base.length, 3000); // spans three pages of 1,024 vectors
    int dim = base[0].length;
    BuildCodes codes = new BuildCodes(dim);
    float[] inverseNorms = new float[n];
    for (int ord = 0; ord < n; ord++) {
      inverseNorms[ord] = (float) (1 / Math.sqrt(kernels.dot(base[ord], base[ord])));
      codes.set(ord, base[ord], inverseNorms[ord]);
    }
    Random r = new Random(3);
    double worst = 0;
    double sum = 0;
    int pairs = 20_000;
    for (int p = 0; p < pairs; p++) {
      int a = r.nextInt(n);
      int b = r.nextInt(n);
      double exact = kernels.dot(base[a], base[b]) * inverseNorms[a] * inverseNorms[b];
      double approx = codes.dot(kernels, base[a], b) * inverseNorms[a];
      double err = Math.abs(exact - approx);
      worst = Math.max(worst, err);
      sum += err;
    }
    assertTrue(sum / pairs < 0.002, "mean cosine error " + sum / pairs);
    assertTrue(worst < 0.01, "worst cosine error " + worst);
  }

  @Test
  void scalesFollowEachVectorsNormAndLargestComponent() {
    int dim = 37;
    Random r = new Random(5);
    BuildCodes codes = new BuildCodes(dim);
    float[][] vectors = new float[2100][];
    for (int ord = 0; ord < vectors.length; ord++) {
      float scale = (float) Math.pow(10, r.nextInt(7) - 3); // norms from 0.001 to 1000
      float[] v = new float[dim];
      for (int i = 0; i < dim; i++) {
        v[i] = (float) (r.nextGaussian() * scale);
      }
      vectors[ord] = v;
      codes.set(ord, v, (float) (1 / Math.sqrt(kernels.dot(v, v))));
    }
    for (int ord = 0; ord < vectors.length; ord++) {
      float[] v = vectors[ord];
      double selfCosine = codes.dot(kernels, v, ord) / Math.sqrt(kernels.dot(v, v));
      assertEquals(1, selfCosine, 0.01, "ordinal " + ord);
    }
  }

  @Test
  void aZeroVectorScoresZero() {
    BuildCodes codes = new BuildCodes(8);
    codes.set(0, new float[8], Float.POSITIVE_INFINITY);
    codes.set(1, new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1 / (float) Math.sqrt(204));
    float[] q = {1, 1, 1, 1, 1, 1, 1, 1};
    assertEquals(0, codes.dot(kernels, q, 0));
    assertEquals(36 / Math.sqrt(204), codes.dot(kernels, q, 1), 0.02);
  }
}
