package dev.vectorizer.internal.search;

import dev.vectorizer.Metric;
import dev.vectorizer.internal.kernels.VectorKernels;

/**
 * Scores stored vectors against one query, with "higher is better" internal scores: the cosine
 * similarity (the query is normalised once, and each stored vector's inverse norm is kept at
 * ingest), the dot product, or the negated squared euclidean distance. {@link #toUserScore}
 * converts back to the metric's natural form.
 *
 * <p>Not thread-safe: one per search (it keeps scratch arrays for batches).
 */
public final class QueryScorer implements NodeScorer {
  private final Metric metric;
  private final VectorKernels kernels;
  private final VectorSource vectors;
  private final float[] query;
  private final dev.vectorizer.internal.kernels.MappedVectors mapped;
  private final int[] one = new int[1];
  private final float[] oneScore = new float[1];
  private float[][] arrays = new float[64][];
  private int[] offsets = new int[64];

  /**
   * Creates a scorer.
   *
   * @param metric the metric
   * @param kernels the kernels
   * @param vectors stored vectors (and, for {@link Metric#COSINE}, inverse norms) by ordinal
   * @param query the query (not modified)
   */
  public QueryScorer(Metric metric, VectorKernels kernels, VectorSource vectors, float[] query) {
    this(metric, kernels, vectors, prepare(metric, kernels, query), true);
  }

  private QueryScorer(
      Metric metric, VectorKernels kernels, VectorSource vectors, float[] prepared, boolean ok) {
    this.metric = metric;
    this.kernels = kernels;
    this.vectors = vectors;
    this.query = prepared;
    this.mapped = vectors.mapped();
  }

  private static float[] prepare(Metric metric, VectorKernels kernels, float[] query) {
    if (metric != Metric.COSINE) {
      return query;
    }
    float norm = (float) Math.sqrt(kernels.dot(query, query));
    float[] normalised = new float[query.length];
    for (int i = 0; i < query.length; i++) {
      normalised[i] = query[i] / norm;
    }
    return normalised;
  }

  /**
   * The internal score of one stored vector.
   *
   * @param node the ordinal
   * @return the score, higher is better
   */
  @Override
  public float score(int node) {
    if (mapped != null) {
      one[0] = node;
      score(one, 1, oneScore);
      return oneScore[0];
    }
    float[] data = vectors.array(node);
    int off = vectors.offset(node);
    return switch (metric) {
      case COSINE -> kernels.dot(query, data, off) * vectors.inverseNorm(node);
      case DOT_PRODUCT -> kernels.dot(query, data, off);
      case EUCLIDEAN -> -kernels.squaredL2(query, data, off);
    };
  }

  /**
   * The internal scores of many stored vectors, several per pass over the query.
   *
   * @param nodes the ordinals, in {@code nodes[0]} to {@code nodes[count - 1]}
   * @param count how many
   * @param out receives the scores at indices 0 to count - 1
   */
  @Override
  public void score(int[] nodes, int count, float[] out) {
    if (mapped != null) {
      scoreMapped(nodes, count, out);
      return;
    }
    if (arrays.length < count) {
      arrays = new float[Math.max(count, arrays.length * 2)][];
      offsets = new int[arrays.length];
    }
    float[][] a = arrays;
    int[] o = offsets;
    for (int i = 0; i < count; i++) {
      int node = nodes[i];
      a[i] = vectors.array(node);
      o[i] = vectors.offset(node);
    }
    switch (metric) {
      case COSINE -> {
        kernels.dotMany(query, a, o, count, out);
        for (int i = 0; i < count; i++) {
          out[i] *= vectors.inverseNorm(nodes[i]);
        }
      }
      case DOT_PRODUCT -> kernels.dotMany(query, a, o, count, out);
      case EUCLIDEAN -> {
        kernels.squaredL2Many(query, a, o, count, out);
        for (int i = 0; i < count; i++) {
          out[i] = -out[i];
        }
      }
    }
  }

  private void scoreMapped(int[] nodes, int count, float[] out) {
    switch (metric) {
      case COSINE -> {
        kernels.dotMany(query, mapped, nodes, count, out);
        for (int i = 0; i < count; i++) {
          out[i] *= vectors.inverseNorm(nodes[i]);
        }
      }
      case DOT_PRODUCT -> kernels.dotMany(query, mapped, nodes, count, out);
      case EUCLIDEAN -> {
        kernels.squaredL2Many(query, mapped, nodes, count, out);
        for (int i = 0; i < count; i++) {
          out[i] = -out[i];
        }
      }
    }
  }

  /**
   * The query as scored: normalised for {@link Metric#COSINE}, else as given.
   *
   * @return the prepared query; callers must not modify it
   */
  public float[] preparedQuery() {
    return query;
  }

  /**
   * A scorer for the same query over other vectors (another segment).
   *
   * @param other the vectors
   * @return the scorer
   */
  public QueryScorer over(VectorSource other) {
    return new QueryScorer(metric, kernels, other, query, true);
  }

  /**
   * Converts an internal score to the metric's natural form.
   *
   * @param internal a score from this scorer
   * @return cosine similarity, dot product, or euclidean distance
   */
  public float toUserScore(float internal) {
    return metric == Metric.EUCLIDEAN ? (float) Math.sqrt(Math.max(0f, -internal)) : internal;
  }

  /**
   * Converts a user-facing threshold to an internal score bound.
   *
   * @param threshold a score in the metric's natural form
   * @return the internal score below which hits are dropped
   */
  public float toInternalScore(float threshold) {
    return metric == Metric.EUCLIDEAN ? -(threshold * threshold) : threshold;
  }
}
