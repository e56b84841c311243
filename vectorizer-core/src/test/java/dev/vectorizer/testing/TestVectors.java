package dev.vectorizer.testing;

import dev.vectorizer.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

/** Seeded synthetic vectors and a brute-force reference search for tests. */
public final class TestVectors {
  private TestVectors() {}

  /**
   * Uniform random vectors in [-1, 1).
   *
   * @param seed the seed
   * @param n how many
   * @param dim the dimension
   * @return the vectors
   */
  public static float[][] random(long seed, int n, int dim) {
    Random r = new Random(seed);
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      for (int i = 0; i < dim; i++) {
        row[i] = r.nextFloat() * 2 - 1;
      }
    }
    return v;
  }

  /**
   * Clustered vectors with a low intrinsic dimension, like real embeddings: {@code clusters} random
   * centres, each with its own random 16-dimensional subspace; a point is its centre plus a
   * Gaussian offset in that subspace plus a little isotropic noise.
   *
   * @param seed the seed
   * @param n how many
   * @param dim the dimension
   * @param clusters the number of clusters
   * @return the vectors
   */
  public static float[][] clustered(long seed, int n, int dim, int clusters) {
    int rank = Math.min(16, dim);
    Random shape = new Random(0x5eed ^ dim ^ ((long) clusters << 20));
    float[][] centres = new float[clusters][dim];
    float[][][] bases = new float[clusters][rank][dim];
    for (int c = 0; c < clusters; c++) {
      for (int i = 0; i < dim; i++) {
        centres[c][i] = (float) shape.nextGaussian();
      }
      for (int k = 0; k < rank; k++) {
        for (int i = 0; i < dim; i++) {
          bases[c][k][i] = (float) (shape.nextGaussian() / Math.sqrt(dim));
        }
      }
    }
    Random r = new Random(seed);
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      int c = r.nextInt(clusters);
      System.arraycopy(centres[c], 0, row, 0, dim);
      for (int k = 0; k < rank; k++) {
        float z = (float) r.nextGaussian() * 1.5f;
        for (int i = 0; i < dim; i++) {
          row[i] += z * bases[c][k][i];
        }
      }
      for (int i = 0; i < dim; i++) {
        row[i] += 0.05f * (float) r.nextGaussian();
      }
    }
    return v;
  }

  /**
   * Isotropic Gaussian clusters: a hard case for graph search, because within a cluster the points
   * fill all {@code dim} dimensions.
   *
   * @param seed the seed
   * @param n how many
   * @param dim the dimension
   * @param clusters the number of clusters
   * @return the vectors
   */
  public static float[][] isotropicClusters(long seed, int n, int dim, int clusters) {
    Random shape = new Random(0xc1L ^ dim ^ ((long) clusters << 20));
    float[][] centres = new float[clusters][dim];
    for (float[] c : centres) {
      for (int i = 0; i < dim; i++) {
        c[i] = (float) shape.nextGaussian();
      }
    }
    Random r = new Random(seed);
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      float[] c = centres[r.nextInt(clusters)];
      for (int i = 0; i < dim; i++) {
        row[i] = c[i] + 0.35f * (float) r.nextGaussian();
      }
    }
    return v;
  }

  /**
   * The score of two vectors in the metric's natural form, in double precision.
   *
   * @param metric the metric
   * @param a a vector
   * @param b a vector
   * @return the score
   */
  public static double score(Metric metric, float[] a, float[] b) {
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
      case COSINE -> dot / Math.sqrt(na * nb);
      case DOT_PRODUCT -> dot;
      case EUCLIDEAN -> Math.sqrt(l2);
    };
  }

  /**
   * The exact top-k row indices, best first.
   *
   * @param metric the metric
   * @param base the vectors
   * @param query the query
   * @param k how many
   * @param accept which rows may be returned
   * @return the indices
   */
  public static int[] bruteForce(
      Metric metric, float[][] base, float[] query, int k, IntPredicate accept) {
    List<double[]> scored = new ArrayList<>();
    for (int i = 0; i < base.length; i++) {
      if (accept.test(i)) {
        scored.add(new double[] {score(metric, base[i], query), i});
      }
    }
    Comparator<double[]> byScore = Comparator.comparingDouble(s -> s[0]);
    scored.sort(metric.higherIsBetter() ? byScore.reversed() : byScore);
    return scored.stream().limit(k).mapToInt(s -> (int) s[1]).toArray();
  }

  /**
   * The fraction of {@code expected} found in {@code actual}.
   *
   * @param expected the true top-k
   * @param actual the returned ids as row indices
   * @return recall in [0, 1]
   */
  public static double recall(int[] expected, int[] actual) {
    if (expected.length == 0) {
      return 1.0;
    }
    int[] sorted = actual.clone();
    Arrays.sort(sorted);
    int found = 0;
    for (int e : expected) {
      if (Arrays.binarySearch(sorted, e) >= 0) {
        found++;
      }
    }
    return (double) found / expected.length;
  }
}
