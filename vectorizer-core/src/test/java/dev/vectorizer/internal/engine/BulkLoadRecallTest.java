package dev.vectorizer.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.RealVectors;
import dev.vectorizer.testing.TestVectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The graph a bulk load builds with 8-bit construction scores (docs/adr/0020) finds the true
 * neighbours as well as one built with exact float scores: recall@10 of graph searches against
 * brute force, on real 384-d sentence embeddings and on clustered synthetic vectors whose norms
 * vary (cosine must not depend on them).
 */
class BulkLoadRecallTest {

  @Test
  void realSentenceEmbeddings() {
    float[][] base = RealVectors.base();
    assertRecall(java.util.Arrays.copyOf(base, Math.min(base.length, 5000)), RealVectors.queries());
  }

  @Test
  void clusteredVectorsOfVaryingNorms() {
    float[][] base = TestVectors.clustered(11, 4000, 64, 40);
    float[][] queries = TestVectors.clustered(12, 100, 64, 40);
    for (int i = 0; i < base.length; i++) {
      float scale = (float) Math.pow(10, i % 5 - 2);
      for (int d = 0; d < base[i].length; d++) {
        base[i][d] *= scale;
      }
    }
    assertRecall(base, queries);
  }

  private static void assertRecall(float[][] base, float[][] queries) {
    double compact = recall(base, queries, true);
    double exact = recall(base, queries, false);
    assertTrue(compact >= 0.95, "recall@10 of the compact-scored build was " + compact);
    assertTrue(
        compact >= exact - 0.02,
        "recall@10 of the compact-scored build " + compact + " vs the exact build " + exact);
  }

  private static double recall(float[][] base, float[][] queries, boolean compact) {
    String before = System.getProperty(BulkLoader.COMPACT_SCORES_PROPERTY);
    System.setProperty(BulkLoader.COMPACT_SCORES_PROPERTY, Boolean.toString(compact));
    try (VectorStore store = VectorStore.inMemory()) {
      Collection c =
          store.createCollection(
              "recall",
              CollectionConfig.builder(base[0].length)
                  .metric(Metric.COSINE)
                  .exactSearchThreshold(0)
                  .build());
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < base.length; i++) {
        points.add(Point.of(Integer.toString(i), base[i]));
      }
      assertEquals(base.length, c.bulkLoad(points.iterator()));
      double sum = 0;
      for (float[] q : queries) {
        List<Hit> hits = c.search(SearchRequest.of(q).limit(10).includePayload(false));
        int[] got = hits.stream().mapToInt(h -> Integer.parseInt(h.id())).toArray();
        sum +=
            TestVectors.recall(TestVectors.bruteForce(Metric.COSINE, base, q, 10, i -> true), got);
      }
      assertEquals(0, c.stats().exactSearches(), "these searches must walk the graph");
      return sum / queries.length;
    } finally {
      if (before == null) {
        System.clearProperty(BulkLoader.COMPACT_SCORES_PROPERTY);
      } else {
        System.setProperty(BulkLoader.COMPACT_SCORES_PROPERTY, before);
      }
    }
  }
}
