package dev.vectorizer.internal.keyword;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weighted query terms: each term's BM25 score is multiplied by its weight and the products are
 * summed (a Lucene boolean query of boosted term queries). A term repeated in the query text has
 * weight 2, as two clauses would.
 *
 * @param weights term to weight ({@code > 0}), in query order
 */
public record KeywordQuery(Map<String, Float> weights) {
  /**
   * The query of analyzed terms, repeats adding up.
   *
   * @param terms the terms, as {@link TermAnalyzer#queryTerms} returns them
   * @return the query
   */
  public static KeywordQuery of(List<String> terms) {
    Map<String, Float> w = new LinkedHashMap<>();
    for (String t : terms) {
      w.merge(t, 1f, Float::sum);
    }
    return new KeywordQuery(java.util.Collections.unmodifiableMap(w));
  }

  /**
   * Whether there is nothing to search for (the text had only stop words or punctuation).
   *
   * @return whether empty
   */
  public boolean isEmpty() {
    return weights.isEmpty();
  }
}
