package dev.vectorizer.internal.keyword;

/**
 * The keyword postings of one segment, read side: per term the ordinals that contain it with their
 * frequencies, per ordinal its length (as Lucene's one-byte norm), and the segment's BM25
 * statistics. Ordinals are the segment's own; deleted ordinals may still have postings (the
 * segment's live bits decide), and count in the statistics until a merge drops them, as in Lucene.
 *
 * <p>Implementations are safe for concurrent readers.
 */
public interface Postings {
  /**
   * The postings of a term.
   *
   * @param term the term
   * @return the list, or null when no ordinal has the term
   */
  PostingList postings(String term);

  /**
   * The encoded length of an ordinal ({@link Norms#encode}); 0 for an ordinal without terms.
   *
   * @param ord the ordinal
   * @return the norm byte, unsigned
   */
  int norm(int ord);

  /**
   * Ordinals with at least one term.
   *
   * @return the document count
   */
  long docCount();

  /**
   * The sum of all term frequencies.
   *
   * @return the total
   */
  long sumTotalTermFreq();

  /**
   * An exclusive upper bound of the ordinals that have postings.
   *
   * @return the bound
   */
  int ordinalBound();

  /**
   * The terms, for writing and merging (no particular order).
   *
   * @return the terms
   */
  Iterable<String> terms();
}
