package dev.vectorizer.internal.search;

/**
 * Scores graph nodes against one query for {@link GraphSearcher}: "higher is better", comparable
 * only with other scores of the same scorer. {@link QueryScorer} gives exact scores; a quantized
 * segment's scorer gives approximate ones that the caller reranks.
 *
 * <p>Implementations are used by one search at a time (they may keep scratch state).
 */
public interface NodeScorer {
  /**
   * The score of one node.
   *
   * @param node the ordinal
   * @return the score, higher is better
   */
  float score(int node);

  /**
   * The scores of many nodes.
   *
   * @param nodes the ordinals, in {@code nodes[0]} to {@code nodes[count - 1]}
   * @param count how many
   * @param out receives the scores at indices 0 to count - 1
   */
  void score(int[] nodes, int count, float[] out);
}
