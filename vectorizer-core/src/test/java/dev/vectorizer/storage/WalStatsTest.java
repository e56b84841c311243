package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionStats;
import dev.vectorizer.Durability;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-ahead log and merge counters that CollectionStats reports for monitoring. */
class WalStatsTest {
  @TempDir Path dir;

  @Test
  void durableCollectionsCountLogBytesFsyncsAndMerges() {
    try (VectorStore store = VectorStore.builder(dir).sealThreshold(50).maxSegments(2).open()) {
      Collection c = store.createCollection("c", CollectionConfig.of(4));
      assertEquals(0, c.stats().walBytes());
      for (int i = 0; i < 10; i++) {
        c.upsert(Point.of("p" + i, new float[] {i, 1, 2, 3}));
      }
      CollectionStats s = c.stats();
      assertTrue(s.walBytes() > 10 * 4 * 4, "bytes " + s.walBytes());
      assertTrue(s.walSyncs() >= 1 && s.walSyncs() <= 10, "syncs " + s.walSyncs());
      assertTrue(s.walSyncNanos() > 0);
      // Enough sealed segments to merge.
      for (int round = 0; round < 4; round++) {
        List<Point> batch = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
          batch.add(Point.of("r" + round + "-" + i, new float[] {round, i, 1, 1}));
        }
        c.upsert(batch);
        store.checkpoint();
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (c.stats().merges() == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertTrue(c.stats().merges() >= 1, "merges " + c.stats());
      assertTrue(c.stats().compactions() >= c.stats().merges());
    }
  }

  @Test
  void withoutALogTheCountersAreZero() {
    try (VectorStore store = VectorStore.builder(dir).durability(Durability.NONE).open();
        VectorStore memory = VectorStore.inMemory()) {
      Collection c = memory.createCollection("c", CollectionConfig.of(2));
      c.upsert(Point.of("a", new float[] {1, 2}));
      assertEquals(0, c.stats().walBytes());
      assertEquals(0, c.stats().walSyncs());
      Collection d = store.createCollection("d", CollectionConfig.of(2));
      d.upsert(Point.of("a", new float[] {1, 2}));
      assertTrue(d.stats().walBytes() > 0, "written, not fsynced");
      assertEquals(0, d.stats().walSyncs());
    }
  }
}
