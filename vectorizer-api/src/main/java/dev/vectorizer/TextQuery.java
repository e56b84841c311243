package dev.vectorizer;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A text query for {@link TextCollection#search(TextQuery)}: the text, how many chunks, a filter,
 * the {@link SearchMode}, the {@link Fusion} of a hybrid search, and query expansion. Each method
 * returns a new query:
 *
 * <pre>{@code
 * TextQuery.of("--max-procs").mode(SearchMode.HYBRID).fusion(Fusion.rrf()).limit(5)
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TextQuery {
  /** The largest number of candidates a branch may be asked for. */
  public static final int MAX_CANDIDATES = SearchRequest.MAX_LIMIT;

  private final String text;
  private final int limit;
  private final @Nullable Filter filter;
  private final @Nullable SearchMode mode;
  private final Fusion fusion;
  private final boolean expand;
  private final int candidates;

  private TextQuery(
      String text,
      int limit,
      @Nullable Filter filter,
      @Nullable SearchMode mode,
      Fusion fusion,
      boolean expand,
      int candidates) {
    this.text = text;
    this.limit = limit;
    this.filter = filter;
    this.mode = mode;
    this.fusion = fusion;
    this.expand = expand;
    this.candidates = candidates;
  }

  /**
   * A query for the 10 best chunks in the collection's default mode.
   *
   * @param text the query text
   * @return the query
   * @throws IllegalArgumentException when the text is empty or blank
   */
  public static TextQuery of(@Nullable String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "query text is " + (text == null ? "null" : "blank") + ": give some words to search for");
    }
    return new TextQuery(text, 10, null, null, Fusion.weighted(), false, 0);
  }

  /**
   * Sets the number of chunks.
   *
   * @param limit 1 to {@value SearchRequest#MAX_LIMIT}
   * @return a new query
   */
  public TextQuery limit(int limit) {
    if (limit < 1 || limit > SearchRequest.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + SearchRequest.MAX_LIMIT + ", got " + limit);
    }
    return new TextQuery(text, limit, filter, mode, fusion, expand, candidates);
  }

  /**
   * Restricts the hits to chunks whose payload matches; a hybrid search applies it to both branches
   * before fusing, and returns {@code min(limit, matching chunks)} hits.
   *
   * @param filter the condition, or null for none
   * @return a new query
   */
  public TextQuery filter(@Nullable Filter filter) {
    return new TextQuery(text, limit, filter, mode, fusion, expand, candidates);
  }

  /**
   * Sets the mode; by default a collection with a keyword index searches {@link SearchMode#HYBRID},
   * others {@link SearchMode#DENSE}.
   *
   * @param mode the mode, or null for the default
   * @return a new query
   */
  public TextQuery mode(@Nullable SearchMode mode) {
    return new TextQuery(text, limit, filter, mode, fusion, expand, candidates);
  }

  /**
   * Sets how a hybrid search fuses its branches (lists in the order dense, keyword: {@code
   * Fusion.rrf().withWeights(0.7, 0.3)} weighs dense 0.7). Default {@link
   * Fusion#weighted(double...)} (min-max normalised scores). A fusion without weights gets them
   * from the query: equal, or 0.3 and 0.7 for an exact-token query (an identifier such as {@code
   * --max-procs} or {@code ERR_4012} that some chunk holds as written); weights given here are used
   * as they are.
   *
   * @param fusion the fusion
   * @return a new query
   */
  public TextQuery fusion(Fusion fusion) {
    return new TextQuery(
        text, limit, filter, mode, Objects.requireNonNull(fusion, "fusion"), expand, candidates);
  }

  /**
   * Sets whether the keyword branch expands the query with terms of its first results
   * (pseudo-relevance feedback, RM3). Off by default; see docs/text.md for what it measured.
   *
   * @param expand whether to expand
   * @return a new query
   */
  public TextQuery expand(boolean expand) {
    return new TextQuery(text, limit, filter, mode, fusion, expand, candidates);
  }

  /**
   * Sets how many candidates each branch of a hybrid search contributes to the fusion; default
   * {@code max(50, 2 * limit)}, at least {@code limit}.
   *
   * @param candidates 1 to {@value #MAX_CANDIDATES}, or 0 for the default
   * @return a new query
   */
  public TextQuery candidates(int candidates) {
    if (candidates < 0 || candidates > MAX_CANDIDATES) {
      throw new IllegalArgumentException(
          "candidates must be between 0 (default) and " + MAX_CANDIDATES + ", got " + candidates);
    }
    return new TextQuery(text, limit, filter, mode, fusion, expand, candidates);
  }

  /**
   * The query text.
   *
   * @return the text
   */
  public String text() {
    return text;
  }

  /**
   * The number of chunks asked for.
   *
   * @return the limit
   */
  public int limit() {
    return limit;
  }

  /**
   * The filter.
   *
   * @return the filter, or null
   */
  public @Nullable Filter filter() {
    return filter;
  }

  /**
   * The mode.
   *
   * @return the mode, or null for the collection's default
   */
  public @Nullable SearchMode mode() {
    return mode;
  }

  /**
   * The fusion of a hybrid search.
   *
   * @return the fusion
   */
  public Fusion fusion() {
    return fusion;
  }

  /**
   * Whether the keyword branch expands the query.
   *
   * @return whether to expand
   */
  public boolean expand() {
    return expand;
  }

  /**
   * The candidates per branch.
   *
   * @return the number, or 0 for the default
   */
  public int candidates() {
    return candidates;
  }

  /**
   * The candidates each branch contributes: {@link #candidates()}, or {@code max(50, 2 * limit)},
   * never fewer than the limit.
   *
   * @return the effective number of candidates
   */
  public int effectiveCandidates() {
    int c = candidates > 0 ? candidates : Math.max(50, 2 * limit);
    return Math.min(MAX_CANDIDATES, Math.max(c, limit));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TextQuery q
        && text.equals(q.text)
        && limit == q.limit
        && Objects.equals(filter, q.filter)
        && mode == q.mode
        && fusion.equals(q.fusion)
        && expand == q.expand
        && candidates == q.candidates;
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, limit, filter, mode, fusion, expand, candidates);
  }

  @Override
  public String toString() {
    return "TextQuery{'"
        + text
        + "', limit="
        + limit
        + ", mode="
        + (mode == null ? "default" : mode)
        + ", fusion="
        + fusion
        + (filter == null ? "" : ", filter=" + filter)
        + (expand ? ", expand" : "")
        + '}';
  }
}
