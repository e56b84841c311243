package dev.vectorizer.internal.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The search loop's primitive structures against plain Java references, with seeded random
 * operations: packed (node, score) keys, the bounded top-k heap, the candidate heap and the visited
 * bit set across many searches.
 */
class SearchStructuresTest {

  @Test
  void packedKeysOrderLikeTheirScores() {
    float[] scores = {
      Float.NEGATIVE_INFINITY,
      -Float.MAX_VALUE,
      -3.5f,
      -1f,
      -Float.MIN_VALUE,
      0f,
      Float.MIN_VALUE,
      1e-20f,
      0.5f,
      1f,
      2f,
      Float.MAX_VALUE,
      Float.POSITIVE_INFINITY
    };
    for (int i = 0; i < scores.length; i++) {
      long key = NodeScores.pack(i * 7919, scores[i]);
      assertEquals(scores[i], NodeScores.score(key));
      assertEquals(i * 7919, NodeScores.node(key));
      if (i > 0) {
        assertTrue(NodeScores.pack(0, scores[i - 1]) < NodeScores.pack(0, scores[i]), "at " + i);
        assertTrue(
            NodeScores.pack(Integer.MAX_VALUE, scores[i - 1]) < NodeScores.pack(0, scores[i]),
            "a node number must never outweigh the score, at " + i);
      }
    }
  }

  @Test
  void topKKeepsTheBestLikeASortedReference() {
    Random r = new Random(1);
    for (int trial = 0; trial < 200; trial++) {
      int k = 1 + r.nextInt(40);
      int n = r.nextInt(300);
      TopK top = new TopK(k);
      List<float[]> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        float s = r.nextInt(4) == 0 ? r.nextInt(5) : (float) r.nextGaussian();
        top.offer(i, s);
        all.add(new float[] {i, s});
        assertEquals(Math.min(i + 1, k), top.size());
        assertEquals(top.size() == k, top.full());
      }
      all.sort(Comparator.comparingDouble((float[] p) -> -p[1]).thenComparing(p -> -p[0]));
      int[] nodes = new int[top.size()];
      float[] scores = new float[top.size()];
      assertEquals(Math.min(n, k), top.drainBestFirst(nodes, scores));
      for (int i = 0; i < nodes.length; i++) {
        assertEquals(all.get(i)[1], scores[i], "score rank " + i);
        if (i > 0) {
          assertTrue(scores[i - 1] >= scores[i]);
        }
      }
      // Ties at the cut may keep either node; every kept node must carry its own score.
      for (int i = 0; i < nodes.length; i++) {
        int node = nodes[i];
        assertEquals(
            all.stream().filter(p -> p[0] == node).findFirst().orElseThrow()[1], scores[i]);
      }
      assertEquals(0, top.size());
    }
  }

  @Test
  void aFullTopKRejectsScoresNoBetterThanItsWorst() {
    TopK top = new TopK(2);
    assertTrue(top.offer(1, 0.5f));
    assertTrue(top.offer(2, 0.7f));
    assertEquals(0.5f, top.worst());
    assertFalse(top.offer(3, 0.5f));
    assertFalse(top.offer(4, 0.1f));
    assertTrue(top.offer(5, 0.6f));
    assertEquals(0.6f, top.worst());
    assertEquals(5, top.pollWorst());
    assertEquals(2, top.pollWorst());
  }

  @Test
  void candidateQueuePopsBestFirstLikeAPriorityQueue() {
    Random r = new Random(2);
    CandidateQueue q = new CandidateQueue();
    for (int trial = 0; trial < 50; trial++) {
      q.clear();
      PriorityQueue<long[]> ref =
          new PriorityQueue<>(
              Comparator.comparingDouble((long[] p) -> -Float.intBitsToFloat((int) p[1]))
                  .thenComparing(p -> -p[0]));
      for (int op = 0; op < 2000; op++) {
        if (ref.isEmpty() || r.nextInt(3) > 0) {
          int node = r.nextInt(1 << 20);
          float s = (float) r.nextGaussian();
          q.push(node, s);
          ref.add(new long[] {node, Float.floatToIntBits(s)});
        } else {
          long[] want = ref.poll();
          long got = q.peek();
          q.pop();
          assertEquals(want[0], NodeScores.node(got));
          assertEquals(Float.intBitsToFloat((int) want[1]), NodeScores.score(got));
        }
        assertEquals(ref.isEmpty(), q.isEmpty());
      }
    }
  }

  @Test
  void visitedSetForgetsEverythingBetweenSearches() {
    Random r = new Random(3);
    VisitedSet visited = new VisitedSet();
    for (int search = 0; search < 300; search++) {
      int bound = 1 + r.nextInt(search % 10 == 0 ? 100_000 : 2_000);
      visited.reset(bound);
      Set<Integer> ref = new HashSet<>();
      // Sometimes a few nodes (the touched-word path), sometimes most of them (the fill path).
      int visits = r.nextBoolean() ? r.nextInt(50) : r.nextInt(Math.min(3 * bound, 20_000));
      for (int i = 0; i < visits; i++) {
        int node = r.nextInt(bound);
        assertEquals(ref.add(node), visited.visit(node), "search " + search + " node " + node);
      }
      for (int node : ref) {
        assertFalse(visited.visit(node));
      }
    }
  }

  @Test
  void visitNewReturnsExactlyTheNodesNotSeenBefore() {
    Random r = new Random(5);
    VisitedSet visited = new VisitedSet();
    for (int search = 0; search < 200; search++) {
      int bound = 1 + r.nextInt(search % 10 == 0 ? 100_000 : 3_000);
      visited.reset(bound);
      Set<Integer> ref = new HashSet<>();
      int batches = r.nextInt(search % 7 == 0 ? 400 : 40);
      for (int b = 0; b < batches; b++) {
        int n = r.nextInt(40);
        int[] nodes = new int[n];
        for (int i = 0; i < n; i++) {
          // Mostly in bound; now and then a node beyond it (a head segment grew), or a repeat.
          nodes[i] =
              r.nextInt(50) == 0
                  ? bound + r.nextInt(200_000)
                  : i > 0 && r.nextInt(8) == 0 ? nodes[i - 1] : r.nextInt(bound);
        }
        int[] out = new int[n];
        int m = visited.visitNew(nodes, n, out);
        java.util.List<Integer> want = new java.util.ArrayList<>();
        for (int node : nodes) {
          if (ref.add(node)) {
            want.add(node);
          }
        }
        assertEquals(want, java.util.Arrays.stream(out, 0, m).boxed().toList(), "search " + search);
      }
      for (int node : ref) {
        assertFalse(visited.visit(node));
      }
    }
  }

  @Test
  void visitedSetGrowsForNodesBeyondTheBound() {
    VisitedSet visited = new VisitedSet();
    visited.reset(10);
    assertTrue(visited.visit(5));
    assertTrue(visited.visit(1_000_000)); // a head segment that grew during the search
    assertFalse(visited.visit(1_000_000));
    visited.reset(10);
    assertTrue(visited.visit(1_000_000));
    assertTrue(visited.visit(5));
  }
}
