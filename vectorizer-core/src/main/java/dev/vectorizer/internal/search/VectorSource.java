package dev.vectorizer.internal.search;

/** Stored vectors by ordinal, as scorers read them. Implementations allow concurrent readers. */
public interface VectorSource {
  /**
   * The vector of an ordinal; callers must not modify it.
   *
   * @param ord the ordinal
   * @return the vector
   */
  float[] vector(int ord);

  /**
   * {@code 1/|v|} of an ordinal; only called for cosine collections.
   *
   * @param ord the ordinal
   * @return the inverse norm
   */
  float inverseNorm(int ord);
}
