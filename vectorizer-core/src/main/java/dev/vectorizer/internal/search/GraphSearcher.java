package dev.vectorizer.internal.search;

import java.util.function.IntPredicate;

/**
 * Best-first search over a proximity graph, owned by us rather than JVector's searcher because this
 * is the hot loop (see DESIGN.md, "Where the search time goes").
 *
 * <p>Design: greedy descent through the upper levels (if any), then a beam search on level 0 with a
 * max-heap of candidates and a bounded min-heap of accepted results (both of packed {@code long}
 * keys), a visited bit set, and a node's unvisited neighbours gathered first and scored in one
 * batch (eight, then four at a time, see {@link QueryScorer#score(int[], int, float[])}). A
 * neighbour joins the frontier only if it could still improve the results, and the search stops
 * when the best candidate left is worse than the worst result kept. Nodes rejected by {@code
 * accept} (deleted, or not matching a filter) are traversed but never returned.
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
  private float[] scores = new float[64];
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
  public void search(GraphAccess graph, NodeScorer scorer, IntPredicate accept, TopK results) {
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
        int m = scoreUnvisited(graph, level, ep, scorer);
        for (int j = 0; j < m; j++) {
          int nb = pending[j];
          float s = scores[j];
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
      long best = candidates.peek();
      if (results.full() && NodeScores.score(best) < results.worst()) {
        break;
      }
      candidates.pop();
      int m = scoreUnvisited(graph, 0, NodeScores.node(best), scorer);
      for (int j = 0; j < m; j++) {
        consider(pending[j], scores[j], accept, results);
      }
    }
  }

  /**
   * Marks a node's unvisited neighbours visited and scores them in one batch into {@link #pending}
   * and {@link #scores}.
   *
   * @return how many were scored
   */
  private int scoreUnvisited(GraphAccess graph, int level, int node, NodeScorer scorer) {
    neighbors = graph.neighbors(level, node, neighbors);
    int n = neighbors.size;
    if (pending.length < n) {
      pending = new int[n];
      scores = new float[n];
    }
    int m = visited.visitNew(neighbors.nodes, n, pending);
    if (m > 0) {
      visitedCount += m;
      scorer.score(pending, m, scores);
    }
    return m;
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
