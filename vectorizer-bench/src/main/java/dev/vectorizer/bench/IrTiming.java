package dev.vectorizer.bench;

import dev.vectorizer.SearchMode;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The timed part of the IR benchmark, one query thread: per system the latency of its top-10 search
 * (query embedding excluded, query cache off), in rounds with the systems shuffled each round; the
 * keyword branch against Lucene's BM25 (queries per second and top-10 overlap); and the query
 * cache's hit time against a search.
 */
final class IrTiming {
  private IrTiming() {}

  static void run(
      List<IrBench.System> systems,
      List<IrBench.Question> questions,
      int rounds,
      TextCollection texts,
      LuceneBm25 lucene,
      int chunks)
      throws IOException {
    Random random = new Random(42);
    for (IrBench.System s : systems) { // warm-up, untimed
      for (int i = 0; i < 3; i++) {
        for (IrBench.Question q : questions) {
          s.timed(q);
        }
      }
    }
    Map<String, List<long[]>> perRound = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (IrBench.System s : IrBench.shuffled(systems, random)) {
        long[] ns = new long[questions.size() * 3];
        int n = 0;
        for (int rep = 0; rep < 3; rep++) {
          for (IrBench.Question q : IrBench.shuffled(questions, random)) {
            long t0 = System.nanoTime();
            s.timed(q);
            ns[n++] = System.nanoTime() - t0;
          }
        }
        Arrays.sort(ns);
        perRound.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(ns);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%nlatency of a top-10 search, %d chunks, one thread, embedding excluded, %d rounds"
            + " (median [min-max] over rounds)%n",
        chunks,
        rounds);
    System.out.printf(Locale.ROOT, "%-22s %24s %24s%n", "system", "p50 us", "p99 us");
    for (Map.Entry<String, List<long[]>> e : perRound.entrySet()) {
      System.out.printf(
          Locale.ROOT,
          "%-22s %24s %24s%n",
          e.getKey(),
          spread(e.getValue(), 0.50),
          spread(e.getValue(), 0.99));
    }
    ratio(perRound, "hybrid", "dense", "hybrid p50 / dense p50");
    ratio(perRound, "hybrid-rrf", "dense", "hybrid-rrf p50 / dense p50");
    ratio(perRound, "keyword", "lucene-bm25", "keyword p50 / lucene-bm25 p50");
    overlap(texts, lucene, questions);
    cache(texts, questions);
  }

  private static double percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e3;
  }

  private static String spread(List<long[]> rounds, double p) {
    double[] v = rounds.stream().mapToDouble(ns -> percentile(ns, p)).sorted().toArray();
    return String.format(Locale.ROOT, "%.1f [%.1f-%.1f]", v[v.length / 2], v[0], v[v.length - 1]);
  }

  private static void ratio(Map<String, List<long[]>> perRound, String a, String b, String what) {
    List<long[]> ra = perRound.get(a);
    List<long[]> rb = perRound.get(b);
    double[] r = new double[ra.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = percentile(ra.get(i), 0.5) / percentile(rb.get(i), 0.5);
    }
    Arrays.sort(r);
    System.out.printf(
        Locale.ROOT,
        "%s: %.2f [%.2f-%.2f] (per round)%n",
        what,
        r[r.length / 2],
        r[0],
        r[r.length - 1]);
  }

  /** Top-10 chunks of our keyword branch against Lucene's, same analyzer and parameters. */
  private static void overlap(
      TextCollection texts, LuceneBm25 lucene, List<IrBench.Question> questions)
      throws IOException {
    double sum = 0;
    int counted = 0;
    int identical = 0;
    for (IrBench.Question q : questions) {
      List<String> theirs = lucene.ids(q.text(), 10);
      if (theirs.isEmpty()) {
        continue;
      }
      Set<String> ours = new HashSet<>();
      List<String> ordered = new ArrayList<>();
      for (TextHit h : texts.search(TextQuery.of(q.text()).mode(SearchMode.KEYWORD).limit(10))) {
        ours.add(h.sourceId() + "#" + h.chunk());
        ordered.add(h.sourceId() + "#" + h.chunk());
      }
      int common = 0;
      for (String id : theirs) {
        common += ours.contains(id) ? 1 : 0;
      }
      sum += (double) common / theirs.size();
      counted++;
      identical += ordered.equals(theirs) ? 1 : 0;
    }
    System.out.printf(
        Locale.ROOT,
        "keyword vs lucene-bm25 top-10 overlap: %.3f (mean over %d queries; identical order in"
            + " %d)%n",
        sum / counted,
        counted,
        identical);
  }

  /**
   * A repeated query answered by the cache, against the same query searched (cache off): per query
   * the best of 5 of each, both warm; p50 over the queries.
   */
  private static void cache(TextCollection texts, List<IrBench.Question> questions) {
    long[] search = new long[questions.size()];
    long[] hit = new long[questions.size()];
    for (int i = 0; i < questions.size(); i++) {
      TextQuery q = TextQuery.of(questions.get(i).text()).limit(11); // a limit used nowhere else
      search[i] = best(texts, q);
      System.setProperty("vectorizer.text.cacheSimilarity", "0.97");
      try {
        texts.search(q); // a miss: fills the cache
        hit[i] = best(texts, q);
      } finally {
        System.setProperty("vectorizer.text.cacheSimilarity", "2");
      }
    }
    Arrays.sort(search);
    Arrays.sort(hit);
    System.out.printf(
        Locale.ROOT,
        "query cache (hybrid): hit p50 %.1f us, search p50 %.1f us: a hit costs %.1f%% of a"
            + " search (best of 5 each, per query); stats %s%n",
        percentile(hit, 0.5),
        percentile(search, 0.5),
        100 * percentile(hit, 0.5) / percentile(search, 0.5),
        texts.queryCacheStats());
  }

  private static long best(TextCollection texts, TextQuery q) {
    long best = Long.MAX_VALUE;
    for (int r = 0; r < 5; r++) {
      long t0 = System.nanoTime();
      texts.search(q);
      best = Math.min(best, System.nanoTime() - t0);
    }
    return best;
  }
}
