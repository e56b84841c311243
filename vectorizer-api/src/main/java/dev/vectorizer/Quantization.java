package dev.vectorizer;

/**
 * How a collection compresses the vectors of its sealed segments for graph traversal. A quantized
 * segment walks its graph on compressed scores, then reranks the candidates it kept (the search
 * beam, see {@link CollectionConfig#searchBeamWidth()}) with the full-precision vectors, so the
 * scores returned are always exact. Codes are trained when a segment is sealed (or merged) and
 * stored with their codebook in the segment file; the mutable head and segments of fewer than 1,024
 * points are searched at full precision.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum Quantization {
  /** Full-precision float32 traversal (the default). */
  NONE,
  /**
   * Product quantization: one byte per subspace of 4 dimensions (96 bytes for 384 dimensions, 1/16
   * of float32), 256 centroids per subspace learned by k-means.
   */
  PQ,
  /**
   * Non-uniform vector quantization: 8 bits per dimension with a learned non-linearity per
   * subvector (about 1/4 of float32); the most accurate of the three, the least compact.
   */
  NVQ,
  /** Binary quantization: one sign bit per dimension (1/32 of float32); the coarsest. */
  BINARY,
  /**
   * Scalar quantization: one signed byte per dimension on that dimension's range (1/4 of float32,
   * plus 4 bytes per vector for {@link Metric#EUCLIDEAN}); the fastest traversal of the four.
   */
  INT8;

  /**
   * Parses a quantization name as users write it: {@code none}, {@code pq}, {@code nvq}, {@code
   * binary} (or {@code bq}), {@code int8} (or {@code sq8}); case-insensitive.
   *
   * @param name the name
   * @return the quantization
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static Quantization parse(String name) {
    if (name != null) {
      switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "none":
          return NONE;
        case "pq":
          return PQ;
        case "nvq":
          return NVQ;
        case "binary":
        case "bq":
          return BINARY;
        case "int8":
        case "sq8":
          return INT8;
        default:
          break;
      }
    }
    throw new IllegalArgumentException(
        "unknown quantization '" + name + "': expected one of none, pq, nvq, binary, int8");
  }
}
