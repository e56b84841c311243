package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionStats;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.TestVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall and filtered search on a durable collection spread over several sealed segments with
 * deletions in each, merged in the background, and again after reopening: the in-memory tests'
 * guarantees must hold where seals, merges and deletion files are involved.
 */
class DurableSearchTest {
  private static final int N = 8_000;
  private static final int DIM = 32;
  @TempDir Path dir;

  /** Row i's current vector; deleted rows are null. */
  private final float[][] live = new float[N][];

  private static Map<String, Object> payload(int i) {
    return Map.of("bucket", i % 1000);
  }

  private void load(Collection c) {
    float[][] base = TestVectors.clustered(21, N, DIM, 24);
    float[][] replacements = TestVectors.clustered(22, N, DIM, 24);
    for (int from = 0; from < N; from += 1000) {
      List<Point> batch = new ArrayList<>();
      for (int i = from; i < from + 1000; i++) {
        batch.add(Point.of(Integer.toString(i), base[i], payload(i)));
        live[i] = base[i];
      }
      c.upsert(batch);
    }
    List<String> deletes = new ArrayList<>();
    for (int i = 0; i < N; i += 10) {
      deletes.add(Integer.toString(i)); // 10% deleted, in every segment
      live[i] = null;
    }
    c.delete(deletes);
    for (int i = 5; i < N; i += 20) {
      c.upsert(Point.of(Integer.toString(i), replacements[i], payload(i))); // 5% replaced
      live[i] = replacements[i];
    }
  }

  private float[][] dense() {
    float[][] d = new float[N][];
    for (int i = 0; i < N; i++) {
      d[i] = live[i] == null ? new float[DIM] : live[i];
    }
    return d;
  }

  private void assertSearchesMatchBruteForce(Collection c) {
    float[][] base = dense();
    float[][] queries = TestVectors.clustered(23, 20, DIM, 24);
    double recallSum = 0;
    for (float[] q : queries) {
      int[] expected = TestVectors.bruteForce(Metric.EUCLIDEAN, base, q, 10, i -> live[i] != null);
      recallSum += TestVectors.recall(expected, ids(c.search(SearchRequest.of(q).limit(10))));
      assertArrayEquals(expected, ids(c.search(SearchRequest.of(q).limit(10).exact(true))));
      for (int perMille : new int[] {1, 10, 100}) {
        IntPredicate matches = i -> live[i] != null && i % 1000 < perMille;
        int[] want = TestVectors.bruteForce(Metric.EUCLIDEAN, base, q, 10, matches);
        List<Hit> hits =
            c.search(SearchRequest.of(q).limit(10).filter(Filter.range("bucket").lt(perMille)));
        assertEquals(want.length, hits.size(), "never fewer hits than matches");
        for (int id : ids(hits)) {
          assertTrue(matches.test(id), "hit " + id + " is deleted or does not match");
        }
        if (perMille <= 10) {
          assertArrayEquals(want, ids(hits), "selective filters are answered exactly");
        }
      }
    }
    double recall = recallSum / queries.length;
    assertTrue(recall >= 0.95, "recall@10 over segments was " + recall);
  }

  private static int[] ids(List<Hit> hits) {
    return hits.stream().mapToInt(h -> Integer.parseInt(h.id())).toArray();
  }

  @Test
  void searchesOverSealedMergedSegmentsWithDeletionsMatchBruteForce() throws Exception {
    Path data = dir.resolve("data");
    long expectedLive = 0;
    try (VectorStore store = VectorStore.builder(data).sealThreshold(2_000).maxSegments(2).open()) {
      Collection c =
          store.createCollection(
              "c", CollectionConfig.builder(DIM).metric(Metric.EUCLIDEAN).build());
      load(c);
      for (float[] v : live) {
        expectedLive += v == null ? 0 : 1;
      }
      assertEquals(expectedLive, c.count());
      long deadline = System.nanoTime() + 120_000_000_000L;
      CollectionStats st = c.stats();
      while ((st.segments() > 3 || st.compactions() == 0) && System.nanoTime() < deadline) {
        Thread.sleep(50); // background merges catch up
        st = c.stats();
      }
      assertTrue(st.compactions() > 0, "segments were merged: " + st);
      assertSearchesMatchBruteForce(c);
    }
    try (VectorStore store = VectorStore.open(data)) {
      Collection c = store.collection("c");
      assertEquals(expectedLive, c.count());
      assertSearchesMatchBruteForce(c);
    }
  }
}
