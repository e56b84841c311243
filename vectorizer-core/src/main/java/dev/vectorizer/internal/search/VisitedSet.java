package dev.vectorizer.internal.search;

import java.util.Arrays;

/**
 * Marks nodes visited by one search. Clearing is O(1): each search bumps a generation number, and a
 * node counts as visited when its stamp equals the current generation.
 *
 * <p>Not thread-safe: one per searcher.
 */
final class VisitedSet {
  private int[] stamps = new int[1024];
  private int generation;

  /**
   * Starts a new search over ordinals below {@code bound}.
   *
   * @param bound the exclusive upper bound of the ordinals to visit
   */
  void reset(int bound) {
    if (bound > stamps.length) {
      stamps = new int[Math.max(bound, stamps.length + (stamps.length >> 1))];
      generation = 0;
    }
    generation++;
    if (generation == 0) {
      Arrays.fill(stamps, 0);
      generation = 1;
    }
  }

  /**
   * Marks a node.
   *
   * @param node the ordinal, below the bound given to {@link #reset(int)}
   * @return true when it had not been visited in this search
   */
  boolean visit(int node) {
    if (node >= stamps.length) {
      stamps = Arrays.copyOf(stamps, Math.max(node + 1, stamps.length * 2));
    }
    if (stamps[node] == generation) {
      return false;
    }
    stamps[node] = generation;
    return true;
  }
}
