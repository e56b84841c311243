package dev.vectorizer.internal.search;

import java.util.function.IntPredicate;

/**
 * Best-first search over a proximity graph, owned by us rather than JVector's searcher because this
 * is the hot loop (see DESIGN.md, "Where the search time goes").
 *
 * <p>Design: greedy descent through the upper levels (if any), then a beam search on level 0 with a
 * primitive max-heap of candidates, a bounded min-heap of accepted results, a generation-stamped
 * visited array, and neighbours scored four at a time. A neighbour joins the frontier only if it
 * could still improve the results. Nodes rejected by {@code accept} (deleted, or not matching a
 * filter) are traversed but never returned.
 *
 * <p>Not thread-safe: keep one per thread (see {@link #forCurrentThread()}).
 */
public final class GraphSearcher {
  private static final ThreadLocal<GraphSearcher> PER_THREAD =
      ThreadLocal.withInitial(GraphSearcher::new);

  private final CandidateQueue candidates = new CandidateQueue();
  private final VisitedSet visited = new VisitedSet();
  private GraphAccess.Neighbors neighbors = new GraphAccess.Neighbors(64);
  private int[] pending = new int[64];
  private long visitedCount;

  /**
   * The searcher of the calling thread.
   *
   * @return a searcher reused across calls on this thread
   */
  public static GraphSearcher forCurrentThread() {
    return PER_THREAD.get();
  }

  /**
   * The number of nodes scored by the last search.
   *
   * @return the count
   */
  public long lastVisitedCount() {
    return visitedCount;
  }

  /**
   * Searches the graph.
   *
   * @param graph the graph
   * @param scorer scores nodes against the query
   * @param accept which nodes may be returned
   * @param results receives the accepted nodes; its capacity is the beam width
   */
  public void search(GraphAccess graph, QueryScorer scorer, IntPredicate accept, TopK results) {
    int entry = graph.entryNode();
    if (entry < 0) {
      return;
    }
    visited.reset(graph.idUpperBound());
    candidates.clear();
    int ep = entry;
    float epScore = scorer.score(ep);
    visitedCount = 1;
    visited.visit(ep);
    candidates.push(ep, epScore);
    if (accept.test(ep)) {
      results.offer(ep, epScore);
    }
    // Greedy descent through the upper levels. Every node scored on the way stays a candidate
    // for level 0 (as JVector's searcher does): more starting points for the same distance work.
    for (int level = graph.entryLevel(); level > 0; level--) {
      boolean improved = true;
      while (improved) {
        improved = false;
        neighbors = graph.neighbors(level, ep, neighbors);
        for (int i = 0; i < neighbors.size; i++) {
          int nb = neighbors.nodes[i];
          if (!visited.visit(nb)) {
            continue;
          }
          float s = scorer.score(nb);
          visitedCount++;
          consider(nb, s, accept, results);
          if (s > epScore) {
            ep = nb;
            epScore = s;
            improved = true;
          }
        }
      }
    }

    while (!candidates.isEmpty()) {
      if (results.full() && candidates.topScore() < results.worst()) {
        break;
      }
      int node = candidates.pop();
      neighbors = graph.neighbors(0, node, neighbors);
      int n = neighbors.size;
      if (pending.length < n) {
        pending = new int[n];
      }
      int m = 0;
      int[] nbs = neighbors.nodes;
      for (int i = 0; i < n; i++) {
        int nb = nbs[i];
        if (visited.visit(nb)) {
          pending[m++] = nb;
        }
      }
      visitedCount += m;
      int j = 0;
      for (; j + 4 <= m; j += 4) {
        float[] s = scorer.score4(pending[j], pending[j + 1], pending[j + 2], pending[j + 3]);
        float s0 = s[0];
        float s1 = s[1];
        float s2 = s[2];
        float s3 = s[3];
        consider(pending[j], s0, accept, results);
        consider(pending[j + 1], s1, accept, results);
        consider(pending[j + 2], s2, accept, results);
        consider(pending[j + 3], s3, accept, results);
      }
      for (; j < m; j++) {
        consider(pending[j], scorer.score(pending[j]), accept, results);
      }
    }
  }

  private void consider(int node, float score, IntPredicate accept, TopK results) {
    if (!results.full() || score > results.worst()) {
      candidates.push(node, score);
      if (accept.test(node)) {
        results.offer(node, score);
      }
    }
  }
}
