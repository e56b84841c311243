package dev.vectorizer;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a collection: its dimension and metric, and the parameters of its search graph.
 * Build one with {@link #builder(int)}; every setter checks its value at once and names it when it
 * is out of range.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <p>Defaults (chosen from measurements on real sentence embeddings, see docs/benchmarks.md):
 * metric {@link Metric#COSINE}, graph degree 32, construction beam width 64, neighbour overflow
 * 1.2, alpha 1.2, search beam width 100, exact-search threshold 4096, no quantization.
 */
public final class CollectionConfig {
  /** The largest dimension accepted. */
  public static final int MAX_DIMENSION = 16_384;

  private final int dimension;
  private final Metric metric;
  private final int maxDegree;
  private final int beamWidth;
  private final float neighborOverflow;
  private final float alpha;
  private final int searchBeamWidth;
  private final int exactSearchThreshold;
  private final @Nullable String embedder;
  private final Quantization quantization;
  private final @Nullable KeywordConfig keyword;

  private CollectionConfig(Builder b) {
    this.dimension = b.dimension;
    this.metric = b.metric;
    this.maxDegree = b.maxDegree;
    this.beamWidth = b.beamWidth;
    this.neighborOverflow = b.neighborOverflow;
    this.alpha = b.alpha;
    this.searchBeamWidth = b.searchBeamWidth;
    this.exactSearchThreshold = b.exactSearchThreshold;
    this.embedder = b.embedder;
    this.quantization = b.quantization;
    this.keyword = b.keyword;
  }

  /**
   * Starts a configuration for vectors of the given dimension.
   *
   * @param dimension the number of components of every vector, 1 to {@value #MAX_DIMENSION}
   * @return a builder with the defaults for everything else
   * @throws IllegalArgumentException naming the dimension when it is out of range
   */
  public static Builder builder(int dimension) {
    return new Builder(dimension);
  }

  /**
   * A configuration with all defaults for vectors of the given dimension.
   *
   * @param dimension the number of components of every vector
   * @return the configuration
   */
  public static CollectionConfig of(int dimension) {
    return builder(dimension).build();
  }

  /**
   * A builder that starts from this configuration.
   *
   * @return a builder holding these settings
   */
  public Builder toBuilder() {
    return new Builder(dimension)
        .metric(metric)
        .maxDegree(maxDegree)
        .beamWidth(beamWidth)
        .neighborOverflow(neighborOverflow)
        .alpha(alpha)
        .searchBeamWidth(searchBeamWidth)
        .exactSearchThreshold(exactSearchThreshold)
        .embedder(embedder)
        .quantization(quantization)
        .keyword(keyword);
  }

  /**
   * The number of components of every vector.
   *
   * @return the dimension
   */
  public int dimension() {
    return dimension;
  }

  /**
   * How vectors are compared, and so what the scores mean.
   *
   * @return the metric
   */
  public Metric metric() {
    return metric;
  }

  /**
   * The maximum number of neighbours of a graph node (often called M).
   *
   * @return the graph degree
   */
  public int maxDegree() {
    return maxDegree;
  }

  /**
   * The number of candidates considered when a node is inserted into the graph.
   *
   * @return the construction beam width
   */
  public int beamWidth() {
    return beamWidth;
  }

  /**
   * How far a node's neighbour list may grow past {@link #maxDegree()} before it is pruned.
   *
   * @return the overflow factor, {@code >= 1}
   */
  public float neighborOverflow() {
    return neighborOverflow;
  }

  /**
   * The diversity factor of neighbour selection (1.0 keeps the closest, larger values keep longer
   * edges).
   *
   * @return alpha, {@code >= 1}
   */
  public float alpha() {
    return alpha;
  }

  /**
   * The default number of candidates a search keeps while walking the graph (often called ef). A
   * search uses at least its limit; {@link SearchRequest#beamWidth(int)} overrides it per query.
   * Higher is slower and more accurate.
   *
   * @return the default search beam width
   */
  public int searchBeamWidth() {
    return searchBeamWidth;
  }

  /**
   * The number of candidate points at or below which a search scans them exactly instead of walking
   * the graph: a collection this small, or a filter matching this few points, is always searched
   * exactly. Larger filtered searches may also scan exactly when that is cheaper.
   *
   * @return the exact-search threshold, in points
   */
  public int exactSearchThreshold() {
    return exactSearchThreshold;
  }

  /**
   * The id of the {@link Embedder} whose vectors this collection holds, or null when the caller
   * supplies vectors. A text collection refuses an embedder with another id.
   *
   * @return the embedder id or null
   */
  public @Nullable String embedder() {
    return embedder;
  }

  /**
   * How sealed segments compress their vectors for graph traversal (results are reranked at full
   * precision).
   *
   * @return the quantization, {@link Quantization#NONE} by default
   */
  public Quantization quantization() {
    return quantization;
  }

  /**
   * The settings of the collection's keyword (BM25) index over the {@code text} field of its
   * payloads, or null when it has none. Text collections have one ({@link KeywordConfig#defaults()}
   * unless created otherwise); it enables {@link SearchMode#KEYWORD} and {@link SearchMode#HYBRID}
   * searches.
   *
   * @return the keyword settings or null
   */
  public @Nullable KeywordConfig keyword() {
    return keyword;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CollectionConfig c
        && dimension == c.dimension
        && metric == c.metric
        && maxDegree == c.maxDegree
        && beamWidth == c.beamWidth
        && Float.compare(neighborOverflow, c.neighborOverflow) == 0
        && Float.compare(alpha, c.alpha) == 0
        && searchBeamWidth == c.searchBeamWidth
        && exactSearchThreshold == c.exactSearchThreshold
        && Objects.equals(embedder, c.embedder)
        && quantization == c.quantization
        && Objects.equals(keyword, c.keyword);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        dimension,
        metric,
        maxDegree,
        beamWidth,
        neighborOverflow,
        alpha,
        searchBeamWidth,
        exactSearchThreshold,
        embedder,
        quantization,
        keyword);
  }

  @Override
  public String toString() {
    return "CollectionConfig{dimension="
        + dimension
        + ", metric="
        + metric
        + ", maxDegree="
        + maxDegree
        + ", beamWidth="
        + beamWidth
        + ", neighborOverflow="
        + neighborOverflow
        + ", alpha="
        + alpha
        + ", searchBeamWidth="
        + searchBeamWidth
        + ", exactSearchThreshold="
        + exactSearchThreshold
        + (embedder == null ? "" : ", embedder=" + embedder)
        + (quantization == Quantization.NONE ? "" : ", quantization=" + quantization)
        + (keyword == null ? "" : ", keyword=" + keyword)
        + '}';
  }

  /**
   * Builds a {@link CollectionConfig}. Each setter validates its argument immediately.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private final int dimension;
    private Metric metric = Metric.COSINE;
    private int maxDegree = 32;
    private int beamWidth = 64;
    private float neighborOverflow = 1.2f;
    private float alpha = 1.2f;
    private int searchBeamWidth = 100;
    private int exactSearchThreshold = 4096;
    private @Nullable String embedder;
    private Quantization quantization = Quantization.NONE;
    private @Nullable KeywordConfig keyword;

    private Builder(int dimension) {
      if (dimension < 1 || dimension > MAX_DIMENSION) {
        throw new IllegalArgumentException(
            "dimension must be between 1 and " + MAX_DIMENSION + ", got " + dimension);
      }
      this.dimension = dimension;
    }

    /**
     * Sets the metric.
     *
     * @param metric how vectors are compared
     * @return this builder
     */
    public Builder metric(Metric metric) {
      this.metric = Objects.requireNonNull(metric, "metric");
      return this;
    }

    /**
     * Sets the graph degree.
     *
     * @param maxDegree neighbours per node, 2 to 512
     * @return this builder
     */
    public Builder maxDegree(int maxDegree) {
      this.maxDegree = checkRange("maxDegree", maxDegree, 2, 512);
      return this;
    }

    /**
     * Sets the construction beam width.
     *
     * @param beamWidth candidates per insertion, 1 to 4096
     * @return this builder
     */
    public Builder beamWidth(int beamWidth) {
      this.beamWidth = checkRange("beamWidth", beamWidth, 1, 4096);
      return this;
    }

    /**
     * Sets the neighbour overflow factor.
     *
     * @param neighborOverflow 1.0 to 4.0
     * @return this builder
     */
    public Builder neighborOverflow(float neighborOverflow) {
      if (!(neighborOverflow >= 1.0f && neighborOverflow <= 4.0f)) {
        throw new IllegalArgumentException(
            "neighborOverflow must be between 1.0 and 4.0, got " + neighborOverflow);
      }
      this.neighborOverflow = neighborOverflow;
      return this;
    }

    /**
     * Sets alpha, the diversity factor of neighbour selection.
     *
     * @param alpha 1.0 to 4.0
     * @return this builder
     */
    public Builder alpha(float alpha) {
      if (!(alpha >= 1.0f && alpha <= 4.0f)) {
        throw new IllegalArgumentException("alpha must be between 1.0 and 4.0, got " + alpha);
      }
      this.alpha = alpha;
      return this;
    }

    /**
     * Sets the default search beam width.
     *
     * @param searchBeamWidth candidates kept per search, 1 to {@value SearchRequest#MAX_BEAM_WIDTH}
     * @return this builder
     */
    public Builder searchBeamWidth(int searchBeamWidth) {
      this.searchBeamWidth =
          checkRange("searchBeamWidth", searchBeamWidth, 1, SearchRequest.MAX_BEAM_WIDTH);
      return this;
    }

    /**
     * Sets the exact-search threshold.
     *
     * @param exactSearchThreshold points, 0 (never force exact search) to 10,000,000
     * @return this builder
     */
    public Builder exactSearchThreshold(int exactSearchThreshold) {
      this.exactSearchThreshold =
          checkRange("exactSearchThreshold", exactSearchThreshold, 0, 10_000_000);
      return this;
    }

    /**
     * Records the embedder whose vectors the collection holds.
     *
     * @param embedderId an {@link Embedder#id()}, or null for none
     * @return this builder
     */
    public Builder embedder(@Nullable String embedderId) {
      if (embedderId != null && embedderId.isBlank()) {
        throw new IllegalArgumentException("embedder id is blank");
      }
      this.embedder = embedderId;
      return this;
    }

    /**
     * Sets how sealed segments compress their vectors for graph traversal.
     *
     * @param quantization the quantization; {@link Quantization#NONE} for full precision
     * @return this builder
     */
    public Builder quantization(Quantization quantization) {
      this.quantization = Objects.requireNonNull(quantization, "quantization");
      return this;
    }

    /**
     * Gives the collection a keyword (BM25) index over the {@code text} field of its payloads.
     *
     * @param keyword the settings, or null for no keyword index
     * @return this builder
     */
    public Builder keyword(@Nullable KeywordConfig keyword) {
      this.keyword = keyword;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return an immutable configuration
     */
    public CollectionConfig build() {
      return new CollectionConfig(this);
    }

    private static int checkRange(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    }
  }
}
