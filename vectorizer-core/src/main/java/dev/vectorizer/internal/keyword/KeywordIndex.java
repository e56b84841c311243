package dev.vectorizer.internal.keyword;

import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import java.util.List;

/**
 * A collection's keyword index as its text view uses it: BM25 search under a filter, and the
 * statistics query expansion needs. The engine implements it over its segments' postings.
 *
 * <p>Implementations are thread-safe; a search sees every write that completed before it started.
 */
public interface KeywordIndex {
  /**
   * The analyzer the postings were made with.
   *
   * @return the analyzer
   */
  TermAnalyzer analyzer();

  /**
   * The best chunks for weighted terms, among live points matching the filter.
   *
   * @param query the terms
   * @param k how many
   * @param filter the condition, or null
   * @param payloads whether hits carry payloads (else empty ones)
   * @return hits, best first; the score is BM25
   */
  List<Hit> search(KeywordQuery query, int k, Filter filter, boolean payloads);

  /**
   * How many chunks hold a term (deleted ones until merged, as BM25's statistics count them).
   *
   * @param term the term
   * @return the document frequency
   */
  long docFreq(String term);

  /**
   * How many chunks have terms.
   *
   * @return the document count
   */
  long docCount();
}
