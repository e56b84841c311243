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
   * The dot product of a query with a vector stored at an offset of a larger array.
   *
   * @param q the query
   * @param data the array holding the vector
   * @param offset where the vector starts; {@code q.length} components follow
   * @return sum of q[i] * data[offset + i]
   */
  float dot(float[] q, float[] data, int offset);

  /**
   * The squared euclidean distance of a query to a vector stored at an offset of a larger array.
   *
   * @param q the query
   * @param data the array holding the vector
   * @param offset where the vector starts
   * @return sum of (q[i] - data[offset + i])^2
   */
  float squaredL2(float[] q, float[] data, int offset);

  /**
   * Dot products of one query with many stored vectors, several vectors per pass over the query
   * (eight and four at a time in the Panama kernels): the neighbour scoring of a graph search.
   *
   * @param q the query
   * @param data {@code data[i]} holds vector i
   * @param offsets vector i starts at {@code offsets[i]} of {@code data[i]}
   * @param count how many vectors
   * @param out receives the dot products at indices 0 to count - 1
   */
  void dotMany(float[] q, float[][] data, int[] offsets, int count, float[] out);

  /**
   * Squared euclidean distances of one query to many stored vectors, as {@link #dotMany}.
   *
   * @param q the query
   * @param data {@code data[i]} holds vector i
   * @param offsets vector i starts at {@code offsets[i]} of {@code data[i]}
   * @param count how many vectors
   * @param out receives the squared distances at indices 0 to count - 1
   */
  void squaredL2Many(float[] q, float[][] data, int[] offsets, int count, float[] out);
}
