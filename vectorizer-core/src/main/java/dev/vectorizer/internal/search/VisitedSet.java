package dev.vectorizer.internal.search;

import java.util.Arrays;

/**
 * Marks nodes visited by one search: one bit per node (a 100k-node segment needs 12.5 KB, which
 * stays in the L1 cache, where a stamp per node would take 400 KB). Clearing costs the number of
 * words touched, not the number of nodes: the search records each word it dirties.
 *
 * <p>Not thread-safe: one per searcher.
 */
final class VisitedSet {
  private long[] words = new long[16];
  private int[] touched = new int[64];
  private int touchedCount;

  /**
   * Starts a new search over ordinals below {@code bound}.
   *
   * @param bound the exclusive upper bound of the ordinals to visit
   */
  void reset(int bound) {
    int need = (bound + 63) >>> 6;
    if (touchedCount > (words.length >>> 4)) {
      Arrays.fill(words, 0L);
    } else {
      for (int i = 0; i < touchedCount; i++) {
        words[touched[i]] = 0L;
      }
    }
    touchedCount = 0;
    if (need > words.length) {
      words = new long[Math.max(need, words.length + (words.length >> 1))];
    }
  }

  /**
   * Marks nodes (a node's neighbours) and copies the ones not visited before to {@code out}, in
   * order. Branch-free per node: whether a neighbour was visited is a coin toss the branch
   * predictor loses, so the bit test feeds an index increment instead of a jump.
   *
   * @param nodes the nodes, {@code nodes[0]} to {@code nodes[n - 1]}
   * @param n how many
   * @param out receives the newly visited nodes; length {@code >= n}
   * @return how many were newly visited
   */
  int visitNew(int[] nodes, int n, int[] out) {
    if (touched.length < touchedCount + n) {
      touched = Arrays.copyOf(touched, Math.max(touched.length * 2, touchedCount + n));
    }
    long[] ws = words;
    int[] t = touched;
    int tc = touchedCount;
    int m = 0;
    for (int i = 0; i < n; i++) {
      int node = nodes[i];
      int w = node >>> 6;
      if (w >= ws.length) {
        ws = words = Arrays.copyOf(ws, Math.max(w + 1, ws.length * 2));
      }
      long old = ws[w];
      ws[w] = old | (1L << node);
      t[tc] = w;
      tc += old == 0 ? 1 : 0; // the word's first bit: clear it at the next reset
      out[m] = node;
      m += (int) (~(old >>> node) & 1L); // shifts use node mod 64: the node's bit
    }
    touchedCount = tc;
    return m;
  }

  /**
   * Marks a node.
   *
   * @param node the ordinal, below the bound given to {@link #reset(int)} or growing the set
   * @return true when it had not been visited in this search
   */
  boolean visit(int node) {
    int w = node >>> 6;
    if (w >= words.length) {
      words = Arrays.copyOf(words, Math.max(w + 1, words.length * 2));
    }
    long word = words[w];
    long mask = 1L << node;
    if ((word & mask) != 0) {
      return false;
    }
    if (word == 0) {
      if (touchedCount == touched.length) {
        touched = Arrays.copyOf(touched, touchedCount * 2);
      }
      touched[touchedCount++] = w;
    }
    words[w] = word | mask;
    return true;
  }
}
