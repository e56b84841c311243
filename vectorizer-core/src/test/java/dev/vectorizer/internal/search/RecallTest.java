package dev.vectorizer.internal.search;

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
 * Recall@10 of the graph search against brute force, on clustered synthetic vectors and on real
 * sentence embeddings (all-MiniLM-L6-v2 of Debian changelog and man page lines).
 */
class RecallTest {

  @Test
  void clusteredSyntheticVectors() {
    float[][] base = TestVectors.clustered(42, 20_000, 128, 64);
    float[][] queries = TestVectors.clustered(43, 100, 128, 64);
    double recall = recall(base, queries, Metric.EUCLIDEAN);
    assertTrue(recall >= 0.95, "recall@10 on clustered 20k x 128 was " + recall);
  }

  @Test
  void realSentenceEmbeddings() {
    double recall = recall(RealVectors.base(), RealVectors.queries(), Metric.COSINE);
    assertTrue(recall >= 0.95, "recall@10 on real 384-d sentence embeddings was " + recall);
  }

  private static double recall(float[][] base, float[][] queries, Metric metric) {
    try (VectorStore store = VectorStore.inMemory()) {
      Collection c =
          store.createCollection(
              "recall",
              CollectionConfig.builder(base[0].length)
                  .metric(metric)
                  .exactSearchThreshold(0)
                  .build());
      List<Point> batch = new ArrayList<>();
      for (int i = 0; i < base.length; i++) {
        batch.add(Point.of(Integer.toString(i), base[i]));
        if (batch.size() == 1000) {
          c.upsert(batch);
          batch.clear();
        }
      }
      c.upsert(batch);
      assertEquals(base.length, c.count());
      double sum = 0;
      for (float[] q : queries) {
        List<Hit> hits = c.search(SearchRequest.of(q).limit(10).includePayload(false));
        assertEquals(10, hits.size());
        int[] got = hits.stream().mapToInt(h -> Integer.parseInt(h.id())).toArray();
        sum += TestVectors.recall(TestVectors.bruteForce(metric, base, q, 10, i -> true), got);
      }
      assertEquals(0, c.stats().exactSearches(), "these searches must walk the graph");
      return sum / queries.length;
    }
  }
}
