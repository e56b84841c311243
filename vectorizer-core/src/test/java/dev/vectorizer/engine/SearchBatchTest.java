package dev.vectorizer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.StoreClosedException;
import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.HitAssertions;
import dev.vectorizer.testing.TestVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Collection#searchBatch(List)}: the same answers as one search per request, in request
 * order, from a sealed segment plus a head (durable store) and from a head alone (in memory); a bad
 * request is named by its index before anything runs.
 */
class SearchBatchTest {
  private static final int DIM = 16;
  private static final int N = 6_000;

  @Test
  void aBatchAnswersLikeOneSearchPerRequestInMemory() {
    try (VectorStore store = VectorStore.inMemory()) {
      checkBatch(load(store));
    }
  }

  @Test
  void aBatchAnswersLikeOneSearchPerRequestOverSealedSegments(@TempDir Path dir) {
    try (VectorStore store = VectorStore.builder(dir).sealThreshold(2_500).open()) {
      Collection c = load(store);
      store.checkpoint();
      c.upsert(Point.of("late", new float[DIM], Map.of("bucket", 1))); // a head beside the segments
      checkBatch(c);
    }
  }

  private static Collection load(VectorStore store) {
    Collection c =
        store.createCollection(
            "b",
            CollectionConfig.builder(DIM).metric(Metric.EUCLIDEAN).exactSearchThreshold(0).build());
    float[][] base = TestVectors.clustered(21, N, DIM, 16);
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      points.add(Point.of("p" + i, base[i], Map.of("bucket", i % 10)));
    }
    c.upsert(points);
    return c;
  }

  private static void checkBatch(Collection c) {
    float[][] queries = TestVectors.clustered(22, 300, DIM, 16);
    List<SearchRequest> requests = new ArrayList<>();
    for (int i = 0; i < queries.length; i++) {
      SearchRequest r = SearchRequest.of(queries[i]).limit(1 + i % 20).beamWidth(40 + i % 50);
      if (i % 3 == 0) {
        r = r.filter(Filter.eq("bucket", i % 10));
      }
      requests.add(r);
    }
    List<List<Hit>> batch = c.searchBatch(requests);
    assertEquals(requests.size(), batch.size());
    for (int i = 0; i < requests.size(); i++) {
      List<Hit> one = c.search(requests.get(i));
      assertEquals(ids(one), ids(batch.get(i)), "request " + i);
      assertEquals(requests.get(i).limit(), batch.get(i).size(), "request " + i);
    }
    assertEquals(List.of(), c.searchBatch(List.of()));
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }

  /**
   * Thread safety of the read path: threads that each run batches and single searches at the same
   * time over sealed segments get exactly the answers (ids and scores) one thread got alone, so no
   * scratch state (searchers, heaps, visited sets, scorers) leaks between concurrent queries.
   * Scores are compared to a float's rounding: the Vector API may sum a register's lanes in another
   * order before and after the JIT compiles a kernel.
   */
  @Test
  void concurrentBatchesAndSearchesAnswerAsOneThreadAlone(@TempDir Path dir) throws Exception {
    try (VectorStore store = VectorStore.builder(dir).sealThreshold(2_000).open()) {
      Collection c = load(store);
      store.checkpoint();
      float[][] queries = TestVectors.clustered(23, 200, DIM, 16);
      List<SearchRequest> requests = new ArrayList<>();
      for (int i = 0; i < queries.length; i++) {
        requests.add(SearchRequest.of(queries[i]).limit(10).beamWidth(16 + i % 64));
      }
      List<List<Hit>> alone = new ArrayList<>();
      for (SearchRequest r : requests) {
        alone.add(c.search(r));
      }
      int threads = 4;
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(threads);
      try {
        List<java.util.concurrent.Future<List<List<Hit>>>> futures = new ArrayList<>();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        for (int t = 0; t < threads; t++) {
          boolean batch = t % 2 == 0;
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    List<List<Hit>> out = new ArrayList<>();
                    for (int round = 0; round < 3; round++) {
                      if (batch) {
                        out = c.searchBatch(requests);
                      } else {
                        out = new ArrayList<>();
                        for (SearchRequest r : requests) {
                          out.add(c.search(r));
                        }
                      }
                    }
                    return out;
                  }));
        }
        for (java.util.concurrent.Future<List<List<Hit>>> f : futures) {
          List<List<Hit>> got = f.get();
          for (int i = 0; i < requests.size(); i++) {
            HitAssertions.assertSameHits(alone.get(i), got.get(i), "request " + i);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aBadRequestIsNamedByItsIndex() {
    try (VectorStore store = VectorStore.inMemory()) {
      Collection c = store.createCollection("b", CollectionConfig.of(DIM));
      c.upsert(Point.of("a", filled(1)));
      SearchRequest good = SearchRequest.of(filled(1));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> c.searchBatch(List.of(good, good, SearchRequest.of(new float[] {1, 2}))));
      assertTrue(
          e.getMessage().contains("collection 'b' has 16, search request at index 2 has 2"),
          e.getMessage());
      List<SearchRequest> withNull = Arrays.asList(good, null);
      e = assertThrows(IllegalArgumentException.class, () -> c.searchBatch(withNull));
      assertTrue(e.getMessage().contains("index 1 is null"), e.getMessage());
      assertThrows(NullPointerException.class, () -> c.searchBatch(null));
      store.close();
      assertThrows(StoreClosedException.class, () -> c.searchBatch(List.of(good, good)));
    }
  }

  private static float[] filled(float value) {
    float[] v = new float[DIM];
    Arrays.fill(v, value);
    return v;
  }
}
