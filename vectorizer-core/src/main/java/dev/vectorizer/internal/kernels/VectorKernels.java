package dev.vectorizer.internal.kernels;

/**
 * Distance kernels over {@code float[]} vectors of equal length. Two implementations exist: {@code
 * panama} (the incubating Vector API) and {@code scalar} (plain loops); {@link Kernels#get()}
 * chooses one once per JVM.
 *
 * <p>Implementations are stateless and thread-safe. Callers guarantee equal lengths; the kernels do
 * not check them on the hot path.
 */
public interface VectorKernels {
  /**
   * The implementation's name, shown in stats.
   *
   * @return {@code "panama"} or {@code "scalar"}
   */
  String name();

  /**
   * The dot product.
   *
   * @param a a vector
   * @param b a vector of the same length
   * @return sum of a[i] * b[i]
   */
  float dot(float[] a, float[] b);

  /**
   * The squared euclidean distance.
   *
   * @param a a vector
   * @param b a vector of the same length
   * @return sum of (a[i] - b[i])^2
   */
  float squaredL2(float[] a, float[] b);

  /**
   * The cosine similarity; 0 when either vector is zero.
   *
   * @param a a vector
   * @param b a vector of the same length
   * @return dot(a, b) / (|a| |b|)
   */
  float cosine(float[] a, float[] b);

  /**
   * Dot products of one query with four vectors in one pass over the query.
   *
   * @param q the query
   * @param a a vector
   * @param b a vector
   * @param c a vector
   * @param d a vector
   * @param out receives dot(q, a), dot(q, b), dot(q, c), dot(q, d) at indices 0..3
   */
  void dot4(float[] q, float[] a, float[] b, float[] c, float[] d, float[] out);

  /**
   * Squared euclidean distances of one query to four vectors in one pass over the query.
   *
   * @param q the query
   * @param a a vector
   * @param b a vector
   * @param c a vector
   * @param d a vector
   * @param out receives the four squared distances at indices 0..3
   */
  void squaredL2x4(float[] q, float[] a, float[] b, float[] c, float[] d, float[] out);
}
