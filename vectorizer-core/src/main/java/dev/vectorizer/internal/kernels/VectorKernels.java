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
   * The dot product of a query with a vector of signed 8-bit codes stored at an offset of a larger
   * array: the scoring of graph construction on compact copies (see {@code BuildCodes}), which
   * JVector's builder asks for one vector at a time; {@link #dotBytesMany} scores many records of a
   * segment's codes.
   *
   * @param q the query
   * @param codes the array holding the codes
   * @param offset where the codes start; {@code q.length} codes follow
   * @return sum of q[i] * codes[offset + i]
   */
  float dotBytes(float[] q, byte[] codes, int offset);

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

  /**
   * Dot products of one query with mapped vectors, read in place (see {@link MappedVectors}). This
   * default reads one float at a time; the Panama kernels load whole registers.
   *
   * @param q the query
   * @param vectors the mapped vectors
   * @param ords the ordinals to score, {@code ords[0]} to {@code ords[count - 1]}
   * @param count how many
   * @param out receives the dot products at indices 0 to count - 1
   */
  default void dotMany(float[] q, MappedVectors vectors, int[] ords, int count, float[] out) {
    for (int j = 0; j < count; j++) {
      java.nio.ByteBuffer b = vectors.buffer(ords[j]);
      int off = vectors.byteOffset(ords[j]);
      float sum = 0;
      for (int i = 0; i < q.length; i++) {
        sum += q[i] * b.getFloat(off + i * Float.BYTES);
      }
      out[j] = sum;
    }
  }

  /**
   * Squared euclidean distances of one query to mapped vectors, as {@link #dotMany(float[],
   * MappedVectors, int[], int, float[])}.
   *
   * @param q the query
   * @param vectors the mapped vectors
   * @param ords the ordinals to score
   * @param count how many
   * @param out receives the squared distances at indices 0 to count - 1
   */
  default void squaredL2Many(float[] q, MappedVectors vectors, int[] ords, int count, float[] out) {
    for (int j = 0; j < count; j++) {
      java.nio.ByteBuffer b = vectors.buffer(ords[j]);
      int off = vectors.byteOffset(ords[j]);
      float sum = 0;
      for (int i = 0; i < q.length; i++) {
        float d = q[i] - b.getFloat(off + i * Float.BYTES);
        sum += d * d;
      }
      out[j] = sum;
    }
  }

  /**
   * Dot products of a float query with records of signed bytes ({@code q.length} bytes each, read
   * as integers from -128 to 127): the traversal scores of 8-bit scalar-quantized codes. This
   * default reads one byte at a time; the Panama kernels widen whole registers of bytes to floats.
   *
   * @param q the query, already multiplied by the codes' per-dimension scale
   * @param codes the records
   * @param ords the ordinals to score, {@code ords[0]} to {@code ords[count - 1]}
   * @param count how many
   * @param out receives the dot products at indices 0 to count - 1
   */
  default void dotBytesMany(float[] q, ByteRecords codes, int[] ords, int count, float[] out) {
    for (int j = 0; j < count; j++) {
      java.nio.ByteBuffer b = codes.page(ords[j]);
      int off = codes.offset(ords[j]);
      float sum = 0;
      for (int i = 0; i < q.length; i++) {
        sum += q[i] * b.get(off + i);
      }
      out[j] = sum;
    }
  }
}
