package dev.vectorizer.internal.search;

/**
 * Stored vectors by ordinal, as scorers read them: each vector is {@code dimension} consecutive
 * floats of some array, either its own array (the mutable head) or a page shared with its
 * neighbours in graph order (sealed segments). Implementations allow concurrent readers.
 */
public interface VectorSource {
  /**
   * The vector of an ordinal, as an array of its own; callers must not modify it.
   *
   * @param ord the ordinal
   * @return the vector (the stored array or a copy)
   */
  float[] vector(int ord);

  /**
   * The array holding an ordinal's components, from {@link #offset(int)} on.
   *
   * @param ord the ordinal
   * @return the array; callers must not modify it
   */
  float[] array(int ord);

  /**
   * Where an ordinal's components start in {@link #array(int)}.
   *
   * @param ord the ordinal
   * @return the offset
   */
  int offset(int ord);

  /**
   * {@code 1/|v|} of an ordinal; only called for cosine collections.
   *
   * @param ord the ordinal
   * @return the inverse norm
   */
  float inverseNorm(int ord);

  /**
   * The stored vectors when they are mapped from a file; then {@link #array} and {@link #offset}
   * are not used and the kernels read the mapping in place.
   *
   * @return the mapped vectors, or null (the default) when they are in arrays
   */
  default dev.vectorizer.internal.kernels.MappedVectors mapped() {
    return null;
  }
}
