package dev.vectorizer.cassandra.internal;

import dev.vectorizer.Metric;

/**
 * Scores in each metric's natural form, computed on the client from the vectors Cassandra returns
 * (Cassandra's own similarity functions rescale them to [0, 1]).
 */
final class Scores {
  private Scores() {}

  static float score(Metric metric, float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    double l2 = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
      double d = (double) a[i] - b[i];
      l2 += d * d;
    }
    return switch (metric) {
      case COSINE -> (float) (dot / Math.sqrt(na * nb));
      case DOT_PRODUCT -> (float) dot;
      case EUCLIDEAN -> (float) Math.sqrt(l2);
    };
  }

  static boolean isZero(float[] v) {
    for (float x : v) {
      if (x != 0f) {
        return false;
      }
    }
    return true;
  }
}
