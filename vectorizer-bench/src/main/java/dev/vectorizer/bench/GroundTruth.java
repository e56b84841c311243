package dev.vectorizer.bench;

import dev.vectorizer.Metric;
import dev.vectorizer.internal.kernels.VectorKernels;

/** Exact nearest neighbours, for ground truth and the exact engine. */
final class GroundTruth {
  private GroundTruth() {}

  static int[] topK(VectorKernels kernels, Metric metric, float[][] base, float[] q, int k) {
    int[] ids = new int[k];
    float[] scores = new float[k];
    int size = 0;
    for (int i = 0; i < base.length; i++) {
      float s =
          switch (metric) {
            case COSINE -> kernels.cosine(q, base[i]);
            case DOT_PRODUCT -> kernels.dot(q, base[i]);
            case EUCLIDEAN -> -kernels.squaredL2(q, base[i]);
          };
      if (size < k) {
        int j = size++;
        while (j > 0 && scores[j - 1] < s) {
          scores[j] = scores[j - 1];
          ids[j] = ids[j - 1];
          j--;
        }
        scores[j] = s;
        ids[j] = i;
      } else if (s > scores[k - 1]) {
        int j = k - 1;
        while (j > 0 && scores[j - 1] < s) {
          scores[j] = scores[j - 1];
          ids[j] = ids[j - 1];
          j--;
        }
        scores[j] = s;
        ids[j] = i;
      }
    }
    return size == k ? ids : java.util.Arrays.copyOf(ids, size);
  }
}
