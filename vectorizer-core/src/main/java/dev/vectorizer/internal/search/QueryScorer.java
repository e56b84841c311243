package dev.vectorizer.internal.search;

import dev.vectorizer.Metric;
import dev.vectorizer.internal.index.PagedArray;
import dev.vectorizer.internal.index.PagedFloatArray;
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
  private final PagedArray<float[]> vectors;
  private final PagedFloatArray inverseNorms;
  private final float[] query;
  private final float[] four = new float[4];

  /**
   * Creates a scorer.
   *
   * @param metric the metric
   * @param kernels the kernels
   * @param vectors stored vectors by ordinal
   * @param inverseNorms for {@link Metric#COSINE}: 1/|v| by ordinal; otherwise ignored
   * @param query the query (not modified)
   */
  public QueryScorer(
      Metric metric,
      VectorKernels kernels,
      PagedArray<float[]> vectors,
      PagedFloatArray inverseNorms,
      float[] query) {
    this.metric = metric;
    this.kernels = kernels;
    this.vectors = vectors;
    this.inverseNorms = inverseNorms;
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
    float[] v = vectors.get(node);
    return switch (metric) {
      case COSINE -> kernels.dot(query, v) * inverseNorms.get(node);
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
    float[] va = vectors.get(a);
    float[] vb = vectors.get(b);
    float[] vc = vectors.get(c);
    float[] vd = vectors.get(d);
    switch (metric) {
      case COSINE -> {
        kernels.dot4(query, va, vb, vc, vd, four);
        four[0] *= inverseNorms.get(a);
        four[1] *= inverseNorms.get(b);
        four[2] *= inverseNorms.get(c);
        four[3] *= inverseNorms.get(d);
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
