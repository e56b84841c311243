package dev.vectorizer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Hit;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A head whose points were replaced many times holds more retired graph nodes than live ones (below
 * the background rebuild's minimum, so no rebuild comes to the rescue). JVector links new nodes
 * only to live ones and keeps the edges to retired ones, so such a graph stops reaching live
 * points; searches must still find every point by its own vector.
 */
class ChurnedHeadSearchTest {
  private static final int DIM = 24;

  @Test
  void everyPointFindsItselfAfterHeavyChurn() {
    try (VectorStore store = VectorStore.inMemory()) {
      Collection c =
          store.createCollection(
              "c", CollectionConfig.builder(DIM).exactSearchThreshold(0).build());
      Random r = new Random(7);
      int ids = 120;
      float[][] current = new float[ids][];
      for (int round = 0; round < 9; round++) {
        List<Point> batch = new ArrayList<>();
        for (int i = 0; i < ids; i++) {
          current[i] = gaussian(r);
          batch.add(Point.of("p" + i, current[i], Map.of()));
        }
        c.upsert(batch);
      }
      assertEquals(ids, c.count());
      assertEquals(8 * ids, c.stats().deletedPoints(), "retired nodes stay in the head's graph");
      int found = 0;
      for (int i = 0; i < ids; i++) {
        List<Hit> hits = c.search(SearchRequest.of(current[i]).limit(1).beamWidth(10));
        if (hits.get(0).id().equals("p" + i)) {
          found++;
        }
      }
      assertEquals(ids, found, "points found by their own vector");
      // Not by the graph, which no longer reaches them (it found none of them within the beam
      // and fell back to a scan per search, or worse, found live points that were not the
      // nearest): the head is scanned, once per search, while retired nodes outnumber live ones.
      assertEquals(0, c.stats().graphSearches(), "graph searches of a mostly retired head");
      assertEquals(ids, c.stats().exactSearches(), "scans");
    }
  }

  private static float[] gaussian(Random r) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }
}
