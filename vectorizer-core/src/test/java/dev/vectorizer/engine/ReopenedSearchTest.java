package dev.vectorizer.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.HitAssertions;
import dev.vectorizer.testing.TestVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sealed segments keep their vectors contiguous in graph order and their upper graph levels as
 * rows; a store closed and opened again must read all of it back: the same hits with the same
 * scores (to a float's rounding, see {@link HitAssertions}) for every query, the same vectors by
 * id, after background merges that renumbered segments while deletions hit them.
 */
class ReopenedSearchTest {
  private static final int DIM = 20;

  @ParameterizedTest
  @EnumSource(Metric.class)
  void searchesAnswerTheSameAfterReopening(Metric metric, @TempDir Path dir) throws Exception {
    float[][] base = TestVectors.clustered(31, 3_000, DIM, 10);
    float[][] queries = TestVectors.clustered(32, 40, DIM, 10);
    List<List<Hit>> before = new ArrayList<>();
    try (VectorStore store = VectorStore.builder(dir).sealThreshold(800).maxSegments(2).open()) {
      Collection c =
          store.createCollection(
              "r", CollectionConfig.builder(DIM).metric(metric).exactSearchThreshold(0).build());
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < base.length; i++) {
        points.add(Point.of("p" + i, base[i], Map.of("i", i)));
        if (points.size() == 500) {
          c.upsert(points);
          points.clear();
        }
      }
      // Deletes race with the background merges the seals started: a merge carries them over
      // to its renumbered segment.
      for (int i = 0; i < base.length; i += 7) {
        c.delete("p" + i);
      }
      store.checkpoint();
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (c.stats().merges() == 0 || c.stats().segments() > 2) {
        assertTrue(System.nanoTime() < deadline, "background merges did not finish: " + c.stats());
        Thread.sleep(20);
      }
      checkPoints(c, base);
      for (float[] q : queries) {
        before.add(c.search(SearchRequest.of(q).limit(15).beamWidth(40)));
      }
    }
    try (VectorStore store = VectorStore.open(dir)) {
      Collection c = store.collection("r");
      for (int i = 0; i < queries.length; i++) {
        List<Hit> after = c.search(SearchRequest.of(queries[i]).limit(15).beamWidth(40));
        HitAssertions.assertSameHits(before.get(i), after, "query " + i);
      }
      checkPoints(c, base);
    }
  }

  private static void checkPoints(Collection c, float[][] base) {
    for (int i = 0; i < base.length; i++) {
      if (i % 7 == 0) {
        assertTrue(c.get("p" + i).isEmpty(), "p" + i + " was deleted");
      } else {
        assertArrayEquals(base[i], c.get("p" + i).orElseThrow().vector(), "p" + i);
      }
    }
    assertEquals(base.length - (base.length + 6) / 7, c.count());
  }
}
