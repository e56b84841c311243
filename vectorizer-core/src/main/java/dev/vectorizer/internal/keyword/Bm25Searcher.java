package dev.vectorizer.internal.keyword;

import dev.vectorizer.KeywordConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * BM25 over the postings of several segments, scored exactly as Lucene's {@code BM25Similarity}
 * with a boolean query of (boosted) term queries: for each query term, {@code idf = ln(1 + (N - df
 * + 0.5) / (df + 0.5))} from the statistics summed over all segments, and a chunk scores {@code
 * weight * idf * (1 - 1 / (1 + freq / (k1 * (1 - b + b * len / avgLen))))} per term, summed.
 * Lengths are Lucene's one-byte norms, so scores match Lucene's to float rounding.
 *
 * <p>Term at a time: each segment's postings are accumulated into a per-thread score array, then
 * the touched ordinals compete for the top k; only ordinals that would enter it are checked against
 * the acceptance test (live, and the filter), so a selective filter costs only what it rejects. The
 * search is exact: a filtered search returns every matching chunk that has a query term, up to k.
 *
 * <p>Stateless and thread-safe; scratch arrays are per thread.
 */
public final class Bm25Searcher {
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private Bm25Searcher() {}

  /**
   * One segment to search.
   *
   * @param postings its postings
   * @param accept whether an ordinal may be returned (live and matching the filter)
   */
  public record Source(Postings postings, IntPredicate accept) {}

  /**
   * A result.
   *
   * @param source the index of the source in the list searched
   * @param ord the ordinal in that source
   * @param score the BM25 score
   */
  public record Match(int source, int ord, float score) {}

  /**
   * Finds the best chunks.
   *
   * @param sources the segments
   * @param query the weighted terms
   * @param config k1 and b
   * @param k how many
   * @return at most k matches, best first (ties: earlier source, then lower ordinal)
   */
  public static List<Match> search(
      List<Source> sources, KeywordQuery query, KeywordConfig config, int k) {
    if (query.isEmpty() || sources.isEmpty()) {
      return List.of();
    }
    long docCount = 0;
    long sumTtf = 0;
    for (Source s : sources) {
      docCount += s.postings().docCount();
      sumTtf += s.postings().sumTotalTermFreq();
    }
    if (docCount == 0) {
      return List.of();
    }
    String[] terms = query.weights().keySet().toArray(new String[0]);
    PostingList[][] lists = new PostingList[sources.size()][terms.length];
    float[] weights = new float[terms.length];
    for (int t = 0; t < terms.length; t++) {
      long df = 0;
      for (int s = 0; s < sources.size(); s++) {
        PostingList l = sources.get(s).postings().postings(terms[t]);
        lists[s][t] = l;
        df += l == null ? 0 : l.size();
      }
      float idf = (float) Math.log(1 + (docCount - df + 0.5D) / (df + 0.5D));
      weights[t] = query.weights().get(terms[t]) * idf;
    }
    float avgLength = (float) (sumTtf / (double) docCount);
    float[] inverseNorm = new float[256];
    for (int i = 0; i < 256; i++) {
      inverseNorm[i] =
          1f / (config.k1() * ((1 - config.b()) + config.b() * Norms.length(i) / avgLength));
    }
    TopMatches top = new TopMatches(k);
    Scratch scratch = SCRATCH.get();
    for (int s = 0; s < sources.size(); s++) {
      scoreSegment(s, sources.get(s), lists[s], weights, inverseNorm, top, scratch);
    }
    return top.bestFirst();
  }

  private static void scoreSegment(
      int s,
      Source source,
      PostingList[] lists,
      float[] weights,
      float[] inverseNorm,
      TopMatches top,
      Scratch scratch) {
    Postings p = source.postings();
    int touched = 0;
    float[] acc = scratch.scores(p.ordinalBound());
    int[] seen = scratch.touched;
    for (int t = 0; t < lists.length; t++) {
      PostingList l = lists[t];
      if (l == null || weights[t] <= 0) {
        continue;
      }
      float w = weights[t];
      int[] docs = l.docs();
      int[] freqs = l.freqs();
      for (int i = 0, n = l.size(); i < n; i++) {
        int doc = docs[i];
        if (doc >= acc.length) {
          acc = scratch.scores(doc + 1); // a head growing while we read it
        }
        float score = w - w / (1f + freqs[i] * inverseNorm[p.norm(doc)]);
        if (acc[doc] == 0f) {
          if (touched == seen.length) {
            seen = scratch.growTouched();
          }
          seen[touched++] = doc;
        }
        acc[doc] += score;
      }
    }
    IntPredicate accept = source.accept();
    for (int i = 0; i < touched; i++) {
      int doc = seen[i];
      float score = acc[doc];
      acc[doc] = 0f;
      // the filter is tested only for chunks that would enter the top k
      if (top.wouldEnter(score, s, doc) && accept.test(doc)) {
        top.offer(score, s, doc);
      }
    }
  }

  /** Per-thread score accumulator and list of touched ordinals. */
  private static final class Scratch {
    float[] scores = new float[1024];
    int[] touched = new int[1024];

    float[] scores(int size) {
      if (scores.length < size) {
        scores = Arrays.copyOf(scores, Math.max(size, scores.length * 2));
      }
      return scores;
    }

    int[] growTouched() {
      touched = Arrays.copyOf(touched, touched.length * 2);
      return touched;
    }
  }

  /**
   * Term weights for expansion and diagnostics: the idf of a term over the sources.
   *
   * @param sources the segments
   * @param terms the terms
   * @return term to document frequency summed over the sources
   */
  public static Map<String, Long> docFreqs(List<Source> sources, Iterable<String> terms) {
    Map<String, Long> out = new java.util.HashMap<>();
    for (String t : terms) {
      long df = 0;
      for (Source s : sources) {
        PostingList l = s.postings().postings(t);
        df += l == null ? 0 : l.size();
      }
      out.put(t, df);
    }
    return out;
  }

  /**
   * The number of documents (chunks with terms) over the sources.
   *
   * @param sources the segments
   * @return the count
   */
  public static long docCount(List<Source> sources) {
    long n = 0;
    for (Source s : sources) {
      n += s.postings().docCount();
    }
    return n;
  }
}
