package dev.vectorizer;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A nearest-neighbour query: a vector, how many hits to return, an optional filter, and what to
 * include in the hits. Start from {@link #of(float[])} and refine with the {@code withX} style
 * methods, each of which returns a new request:
 *
 * <pre>{@code
 * SearchRequest.of(query).limit(10).filter(Filter.eq("lang", "en")).includeVector(true)
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; the query vector is copied in.
 */
public final class SearchRequest {
  /** The largest limit accepted. */
  public static final int MAX_LIMIT = 10_000;

  /** The largest search beam width accepted. */
  public static final int MAX_BEAM_WIDTH = 100_000;

  private final float[] vector;
  private final int limit;
  private final @Nullable Filter filter;
  private final int beamWidth;
  private final boolean includePayload;
  private final boolean includeVector;
  private final @Nullable Float scoreThreshold;
  private final boolean exact;

  private SearchRequest(
      float[] vector,
      int limit,
      @Nullable Filter filter,
      int beamWidth,
      boolean includePayload,
      boolean includeVector,
      @Nullable Float scoreThreshold,
      boolean exact) {
    this.vector = vector;
    this.limit = limit;
    this.filter = filter;
    this.beamWidth = beamWidth;
    this.includePayload = includePayload;
    this.includeVector = includeVector;
    this.scoreThreshold = scoreThreshold;
    this.exact = exact;
  }

  /**
   * A request for the 10 nearest points to a vector, with payloads and without vectors.
   *
   * @param vector the query; copied; finite components
   * @return the request
   * @throws IllegalArgumentException naming a non-finite component
   */
  public static SearchRequest of(float[] vector) {
    Objects.requireNonNull(vector, "vector");
    Point.checkFinite("the query", vector);
    return new SearchRequest(vector.clone(), 10, null, 0, true, false, null, false);
  }

  /**
   * Sets the number of hits.
   *
   * @param limit 1 to {@value #MAX_LIMIT}
   * @return a new request
   */
  public SearchRequest limit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    return new SearchRequest(
        vector, limit, filter, beamWidth, includePayload, includeVector, scoreThreshold, exact);
  }

  /**
   * Restricts the hits to points whose payload matches. A filtered search returns {@code min(limit,
   * matching points)} hits: it never returns fewer because the filter was selective.
   *
   * @param filter the condition, or null for none
   * @return a new request
   */
  public SearchRequest filter(@Nullable Filter filter) {
    return new SearchRequest(
        vector, limit, filter, beamWidth, includePayload, includeVector, scoreThreshold, exact);
  }

  /**
   * Sets how many candidates the graph search keeps (often called ef); the default is the
   * collection's {@link CollectionConfig#searchBeamWidth()}. The search keeps at least {@link
   * #limit()} candidates. Higher is slower and more accurate.
   *
   * @param beamWidth 1 to {@value #MAX_BEAM_WIDTH}
   * @return a new request
   */
  public SearchRequest beamWidth(int beamWidth) {
    if (beamWidth < 1 || beamWidth > MAX_BEAM_WIDTH) {
      throw new IllegalArgumentException(
          "beamWidth must be between 1 and " + MAX_BEAM_WIDTH + ", got " + beamWidth);
    }
    return new SearchRequest(
        vector, limit, filter, beamWidth, includePayload, includeVector, scoreThreshold, exact);
  }

  /**
   * Sets whether hits carry payloads (default true).
   *
   * @param includePayload whether to include payloads
   * @return a new request
   */
  public SearchRequest includePayload(boolean includePayload) {
    return new SearchRequest(
        vector, limit, filter, beamWidth, includePayload, includeVector, scoreThreshold, exact);
  }

  /**
   * Sets whether hits carry their vectors (default false).
   *
   * @param includeVector whether to include vectors
   * @return a new request
   */
  public SearchRequest includeVector(boolean includeVector) {
    return new SearchRequest(
        vector, limit, filter, beamWidth, includePayload, includeVector, scoreThreshold, exact);
  }

  /**
   * Drops hits whose score is worse than the threshold: below it for {@link Metric#COSINE} and
   * {@link Metric#DOT_PRODUCT}, above it (a distance) for {@link Metric#EUCLIDEAN}.
   *
   * @param scoreThreshold a finite score
   * @return a new request
   */
  public SearchRequest scoreThreshold(float scoreThreshold) {
    if (!Float.isFinite(scoreThreshold)) {
      throw new IllegalArgumentException("scoreThreshold must be finite, got " + scoreThreshold);
    }
    return new SearchRequest(
        vector, limit, filter, beamWidth, includePayload, includeVector, scoreThreshold, exact);
  }

  /**
   * Asks for an exact scan instead of a graph search: slower on large collections, and always
   * returns the true nearest points.
   *
   * @param exact whether to scan exactly
   * @return a new request
   */
  public SearchRequest exact(boolean exact) {
    return new SearchRequest(
        vector, limit, filter, beamWidth, includePayload, includeVector, scoreThreshold, exact);
  }

  /**
   * A copy of the query vector.
   *
   * @return the query
   */
  public float[] vector() {
    return vector.clone();
  }

  /**
   * The query's dimension, without copying the vector.
   *
   * @return the number of components
   */
  public int dimension() {
    return vector.length;
  }

  /**
   * The number of hits asked for.
   *
   * @return the limit
   */
  public int limit() {
    return limit;
  }

  /**
   * The filter.
   *
   * @return the filter, or null for none
   */
  public @Nullable Filter filter() {
    return filter;
  }

  /**
   * The search beam width.
   *
   * @return the beam width, or 0 for the collection's default
   */
  public int beamWidth() {
    return beamWidth;
  }

  /**
   * Whether hits carry payloads.
   *
   * @return whether to include payloads
   */
  public boolean includePayload() {
    return includePayload;
  }

  /**
   * Whether hits carry vectors.
   *
   * @return whether to include vectors
   */
  public boolean includeVector() {
    return includeVector;
  }

  /**
   * The score threshold.
   *
   * @return the threshold, or null for none
   */
  public @Nullable Float scoreThreshold() {
    return scoreThreshold;
  }

  /**
   * Whether the search scans exactly.
   *
   * @return whether exact search was asked for
   */
  public boolean exact() {
    return exact;
  }

  @Override
  public String toString() {
    return "SearchRequest{dimension="
        + vector.length
        + ", limit="
        + limit
        + ", filter="
        + filter
        + ", beamWidth="
        + beamWidth
        + ", exact="
        + exact
        + '}';
  }
}
