package dev.vectorizer.internal.search;

import dev.vectorizer.Metric;
import dev.vectorizer.internal.kernels.VectorKernels;

/**
 * Scores stored vectors against one query, with "higher is better" internal scores: the cosine
 * similarity (the query is normalised once, and each stored vector's inverse norm is kept at
 * ingest), the dot product, or the negated squared euclidean distance. {@link #toUserScore}
 * converts back to the metric's natural form.
 *
 * <p>Not thread-safe: one per search.
 */
public final class QueryScorer {
  private final Metric metric;
  private final VectorKernels kernels;
  private final VectorSource vectors;
  private final float[] query;
  private final float[] four = new float[4];

  /**
   * Creates a scorer.
   *
   * @param metric the metric
   * @param kernels the kernels
   * @param vectors stored vectors (and, for {@link Metric#COSINE}, inverse norms) by ordinal
   * @param query the query (not modified)
   */
  public QueryScorer(Metric metric, VectorKernels kernels, VectorSource vectors, float[] query) {
    this.metric = metric;
    this.kernels = kernels;
    this.vectors = vectors;
    if (metric == Metric.COSINE) {
      float norm = (float) Math.sqrt(kernels.dot(query, query));
      float[] normalised = new float[query.length];
      for (int i = 0; i < query.length; i++) {
        normalised[i] = query[i] / norm;
      }
      this.query = normalised;
    } else {
      this.query = query;
    }
  }

  /**
   * The internal score of one stored vector.
   *
   * @param node the ordinal
   * @return the score, higher is better
   */
  public float score(int node) {
    float[] v = vectors.vector(node);
    return switch (metric) {
      case COSINE -> kernels.dot(query, v) * vectors.inverseNorm(node);
      case DOT_PRODUCT -> kernels.dot(query, v);
      case EUCLIDEAN -> -kernels.squaredL2(query, v);
    };
  }

  /**
   * The internal scores of four stored vectors, in one pass over the query.
   *
   * @param a an ordinal
   * @param b an ordinal
   * @param c an ordinal
   * @param d an ordinal
   * @return a shared array holding the four scores; valid until the next call
   */
  public float[] score4(int a, int b, int c, int d) {
    float[] va = vectors.vector(a);
    float[] vb = vectors.vector(b);
    float[] vc = vectors.vector(c);
    float[] vd = vectors.vector(d);
    switch (metric) {
      case COSINE -> {
        kernels.dot4(query, va, vb, vc, vd, four);
        four[0] *= vectors.inverseNorm(a);
        four[1] *= vectors.inverseNorm(b);
        four[2] *= vectors.inverseNorm(c);
        four[3] *= vectors.inverseNorm(d);
      }
      case DOT_PRODUCT -> kernels.dot4(query, va, vb, vc, vd, four);
      case EUCLIDEAN -> {
        kernels.squaredL2x4(query, va, vb, vc, vd, four);
        four[0] = -four[0];
        four[1] = -four[1];
        four[2] = -four[2];
        four[3] = -four[3];
      }
    }
    return four;
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

  private QueryScorer(
      Metric metric, VectorKernels kernels, VectorSource vectors, float[] prepared, boolean ok) {
    this.metric = metric;
    this.kernels = kernels;
    this.vectors = vectors;
    this.query = prepared;
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
