package dev.vectorizer;

/**
 * How two vectors are compared. Scores are returned in each metric's natural form, so that they can
 * be compared with scores computed elsewhere.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum Metric {
  /**
   * Cosine similarity in [-1, 1]; higher is closer. Vectors are stored as given; a zero vector is
   * rejected because it has no direction.
   */
  COSINE,
  /** Dot product; higher is closer. Use it for vectors that are already normalised. */
  DOT_PRODUCT,
  /** Euclidean (L2) distance, {@code >= 0}; lower is closer. */
  EUCLIDEAN;

  /**
   * Whether a higher score means a closer match: true for {@link #COSINE} and {@link #DOT_PRODUCT},
   * false for {@link #EUCLIDEAN}.
   *
   * @return true when higher scores are better
   */
  public boolean higherIsBetter() {
    return this != EUCLIDEAN;
  }

  /**
   * Parses a metric name as users write it: {@code cosine}, {@code dot} (or {@code dot_product}),
   * {@code euclidean} (or {@code l2}); case-insensitive.
   *
   * @param name the name
   * @return the metric
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static Metric parse(String name) {
    if (name != null) {
      switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "cosine":
          return COSINE;
        case "dot":
        case "dot_product":
        case "dotproduct":
          return DOT_PRODUCT;
        case "euclidean":
        case "l2":
          return EUCLIDEAN;
        default:
          break;
      }
    }
    throw new IllegalArgumentException(
        "unknown metric '" + name + "': expected one of cosine, dot, euclidean");
  }
}
