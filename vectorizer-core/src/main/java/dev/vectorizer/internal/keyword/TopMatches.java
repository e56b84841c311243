package dev.vectorizer.internal.keyword;

import java.util.ArrayList;
import java.util.List;

/**
 * The best k matches seen so far, as a binary min-heap over primitive arrays (no object per
 * candidate): the root is the worst kept match, so a candidate enters only when it beats it. Order:
 * higher score first; ties go to the earlier source, then the lower ordinal (Lucene's order of
 * segments and documents).
 *
 * <p>Not thread-safe: one per search.
 */
final class TopMatches {
  private final int k;
  private final float[] scores;
  private final int[] sources;
  private final int[] ords;
  private int size;

  TopMatches(int k) {
    this.k = k;
    this.scores = new float[k];
    this.sources = new int[k];
    this.ords = new int[k];
  }

  /** Whether a candidate would be kept (the heap has room, or it beats the worst kept). */
  boolean wouldEnter(float score, int source, int ord) {
    return size < k || worse(scores[0], sources[0], ords[0], score, source, ord);
  }

  /** Keeps a candidate that {@link #wouldEnter} accepted. */
  void offer(float score, int source, int ord) {
    if (size < k) {
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!worse(score, source, ord, scores[parent], sources[parent], ords[parent])) {
          break;
        }
        set(i, scores[parent], sources[parent], ords[parent]);
        i = parent;
      }
      set(i, score, source, ord);
      return;
    }
    int i = 0; // replace the root and sift down
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size
          && worse(
              scores[child + 1],
              sources[child + 1],
              ords[child + 1],
              scores[child],
              sources[child],
              ords[child])) {
        child++;
      }
      if (!worse(scores[child], sources[child], ords[child], score, source, ord)) {
        break;
      }
      set(i, scores[child], sources[child], ords[child]);
      i = child;
    }
    set(i, score, source, ord);
  }

  /** The kept matches, best first. */
  List<Bm25Searcher.Match> bestFirst() {
    List<Bm25Searcher.Match> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new Bm25Searcher.Match(sources[i], ords[i], scores[i]));
    }
    out.sort(
        (a, b) ->
            worse(a.score(), a.source(), a.ord(), b.score(), b.source(), b.ord())
                ? 1
                : worse(b.score(), b.source(), b.ord(), a.score(), a.source(), a.ord()) ? -1 : 0);
    return out;
  }

  private void set(int i, float score, int source, int ord) {
    scores[i] = score;
    sources[i] = source;
    ords[i] = ord;
  }

  /** Whether (s1, src1, o1) ranks below (s2, src2, o2). */
  private static boolean worse(float s1, int src1, int o1, float s2, int src2, int o2) {
    if (s1 != s2) {
      return s1 < s2;
    }
    return src1 != src2 ? src1 > src2 : o1 > o2;
  }
}
