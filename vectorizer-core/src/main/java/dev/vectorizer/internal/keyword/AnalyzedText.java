package dev.vectorizer.internal.keyword;

/**
 * The terms of one chunk: distinct terms with their frequencies, and the chunk's length in tokens
 * (what BM25 normalises by).
 *
 * @param terms distinct terms
 * @param freqs the frequency of each term
 * @param length tokens, overlapping ones (position increment 0) not counted
 */
public record AnalyzedText(String[] terms, int[] freqs, int length) {
  /** A text without terms. */
  public static final AnalyzedText EMPTY = new AnalyzedText(new String[0], new int[0], 0);

  /**
   * Whether the text has no terms (it is not counted as a document by BM25).
   *
   * @return whether empty
   */
  public boolean isEmpty() {
    return terms.length == 0;
  }
}
