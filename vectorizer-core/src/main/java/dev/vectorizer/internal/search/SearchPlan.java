package dev.vectorizer.internal.search;

/**
 * Decides between a graph search and an exact scan.
 *
 * <p>Why a cost model: a graph search with a filter of selectivity {@code s} still scores about
 * {@code beam * degree / s} nodes, because rejected nodes are traversed; an exact scan scores only
 * the {@code s * n} matching points. The scan wins when {@code (s n)^2 <= k * beam * n} for a small
 * constant k, besides the configured absolute threshold. The constant was chosen from the filtered
 * benchmarks in docs/benchmarks.md.
 */
public final class SearchPlan {
  /** Relative cost of a graph step versus a sequential scan step, folded with the degree. */
  static final double GRAPH_COST_FACTOR = 8.0;

  private SearchPlan() {}

  /**
   * Whether to scan exactly.
   *
   * @param livePoints points in the collection
   * @param estimatedMatches points expected to match the filter (= livePoints without one)
   * @param beamWidth the search beam width
   * @param exactThreshold the configured threshold
   * @return true for an exact scan
   */
  public static boolean preferExact(
      long livePoints, double estimatedMatches, int beamWidth, int exactThreshold) {
    if (livePoints <= exactThreshold || estimatedMatches <= exactThreshold) {
      return true;
    }
    return estimatedMatches * estimatedMatches <= GRAPH_COST_FACTOR * beamWidth * livePoints;
  }
}
