package dev.vectorizer.internal.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.TestVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Filtered search against the brute-force filtered top-k at 0.1%, 1%, 10% and 50% selectivity.
 * Point i has payload {@code bucket = i % 1000}, so {@code bucket < t} selects t per mille.
 */
class FilteredSearchTest {
  private static final int N = 20_000;
  private static final int DIM = 32;
  private static float[][] base;
  private static float[][] queries;
  private static VectorStore store;
  private static Collection collection;

  @BeforeAll
  static void load() {
    base = TestVectors.clustered(11, N, DIM, 32);
    queries = TestVectors.clustered(12, 20, DIM, 32);
    store = VectorStore.inMemory();
    collection =
        store.createCollection(
            "filtered", CollectionConfig.builder(DIM).metric(Metric.EUCLIDEAN).build());
    List<Point> batch = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      batch.add(Point.of(Integer.toString(i), base[i], Map.of("bucket", i % 1000)));
    }
    collection.upsert(batch);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @ParameterizedTest(name = "selectivity {0} per mille")
  @ValueSource(ints = {1, 10, 100, 500})
  void filteredTopKMatchesBruteForce(int perMille) {
    Filter filter = Filter.range("bucket").lt(perMille);
    IntPredicate matches = i -> i % 1000 < perMille;
    long exactBefore = collection.stats().exactSearches();
    double recallSum = 0;
    for (float[] q : queries) {
      int[] expected = TestVectors.bruteForce(Metric.EUCLIDEAN, base, q, 10, matches);
      List<Hit> hits = collection.search(SearchRequest.of(q).limit(10).filter(filter));
      assertEquals(Math.min(10, expected.length), hits.size(), "never fewer hits than matches");
      int[] got = hits.stream().mapToInt(h -> Integer.parseInt(h.id())).toArray();
      for (int id : got) {
        assertTrue(matches.test(id), "hit " + id + " does not match the filter");
      }
      recallSum += TestVectors.recall(expected, got);

      // Asking for an exact scan gives exactly the brute-force answer at every selectivity.
      List<Hit> exact = collection.search(SearchRequest.of(q).limit(10).filter(filter).exact(true));
      assertArrayEquals(expected, exact.stream().mapToInt(h -> Integer.parseInt(h.id())).toArray());
    }
    double recall = recallSum / queries.length;
    long exactSearches = collection.stats().exactSearches() - exactBefore;
    if (perMille <= 10) {
      // Selective filters (20 and 200 matches) are answered by an exact scan: identical results.
      assertEquals(2L * queries.length, exactSearches);
      assertEquals(1.0, recall, 1e-9);
    } else {
      assertTrue(recall >= 0.95, "recall@10 at " + perMille + " per mille was " + recall);
    }
  }

  @Test
  void aFilterMatchingFewerPointsThanTheLimitReturnsAllOfThem() {
    // bucket 999 and 998: 40 points; ask for 100.
    Filter filter = Filter.range("bucket").gte(998);
    List<Hit> hits =
        collection.search(SearchRequest.of(queries[0]).limit(100).filter(filter).beamWidth(100));
    assertEquals(40, hits.size());
  }

  @Test
  void aSelectiveFilterFillsTheLimitEvenWithTheThresholdDisabled() {
    // 20 matches among 20k with the absolute threshold disabled: the cost model still scans.
    try (VectorStore s = VectorStore.inMemory()) {
      Collection c =
          s.createCollection(
              "strict",
              CollectionConfig.builder(DIM)
                  .metric(Metric.EUCLIDEAN)
                  .exactSearchThreshold(0)
                  .build());
      List<Point> batch = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        batch.add(Point.of(Integer.toString(i), base[i], Map.of("bucket", i % 1000)));
      }
      c.upsert(batch);
      Filter filter = Filter.eq("bucket", 3);
      for (float[] q : queries) {
        int[] expected = TestVectors.bruteForce(Metric.EUCLIDEAN, base, q, 20, i -> i % 1000 == 3);
        List<Hit> hits = c.search(SearchRequest.of(q).limit(20).filter(filter).beamWidth(20));
        assertEquals(20, hits.size());
        assertTrue(
            TestVectors.recall(
                    expected, hits.stream().mapToInt(h -> Integer.parseInt(h.id())).toArray())
                >= 0.999);
      }
    }
  }
}
