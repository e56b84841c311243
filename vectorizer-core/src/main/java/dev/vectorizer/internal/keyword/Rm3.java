package dev.vectorizer.internal.keyword;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RM3 pseudo-relevance feedback (Lavrenko and Croft's relevance model, interpolated with the query
 * as in Anserini): the first results are assumed relevant; each contributes its terms weighted by
 * their share of its length times its score; the best {@code terms} of that model, normalised, are
 * mixed with the normalised query: {@code w(t) = alpha * q(t) + (1 - alpha) * fb(t)}.
 *
 * <p>Terms that occur in more than half of all chunks carry no information and are skipped.
 * Stateless and thread-safe.
 */
public final class Rm3 {
  /** Feedback chunks (Anserini's default). */
  public static final int DOCS = 10;

  /** Expansion terms kept (Anserini's default). */
  public static final int TERMS = 10;

  /** Weight of the original query (Anserini's default). */
  public static final float ORIGINAL_WEIGHT = 0.5f;

  private Rm3() {}

  /**
   * Expands a query.
   *
   * @param query the original query
   * @param feedback the analyzed text of the first results, best first
   * @param scores their scores
   * @param docFreq the document frequency of a term in the collection
   * @param docCount chunks in the collection
   * @return the expanded query (the original when there is no feedback)
   */
  public static KeywordQuery expand(
      KeywordQuery query,
      List<AnalyzedText> feedback,
      float[] scores,
      java.util.function.ToLongFunction<String> docFreq,
      long docCount) {
    if (feedback.isEmpty() || query.isEmpty()) {
      return query;
    }
    Map<String, Double> model = new HashMap<>();
    for (int d = 0; d < feedback.size(); d++) {
      AnalyzedText t = feedback.get(d);
      long total = 0;
      for (int f : t.freqs()) {
        total += f;
      }
      if (total == 0) {
        continue;
      }
      for (int i = 0; i < t.terms().length; i++) {
        model.merge(t.terms()[i], (double) t.freqs()[i] / total * scores[d], Double::sum);
      }
    }
    List<Map.Entry<String, Double>> ranked = new ArrayList<>();
    for (Map.Entry<String, Double> e : model.entrySet()) {
      if (docFreq.applyAsLong(e.getKey()) * 2 <= docCount) {
        ranked.add(e);
      }
    }
    ranked.sort(
        Map.Entry.<String, Double>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    List<Map.Entry<String, Double>> kept = ranked.subList(0, Math.min(TERMS, ranked.size()));
    double fbSum = 0;
    for (Map.Entry<String, Double> e : kept) {
      fbSum += e.getValue();
    }
    double qSum = 0;
    for (float w : query.weights().values()) {
      qSum += w;
    }
    Map<String, Float> out = new LinkedHashMap<>();
    for (Map.Entry<String, Float> e : query.weights().entrySet()) {
      out.put(e.getKey(), (float) (ORIGINAL_WEIGHT * e.getValue() / qSum));
    }
    if (fbSum > 0) {
      for (Map.Entry<String, Double> e : kept) {
        out.merge(e.getKey(), (float) ((1 - ORIGINAL_WEIGHT) * e.getValue() / fbSum), Float::sum);
      }
    }
    return new KeywordQuery(java.util.Collections.unmodifiableMap(out));
  }
}
