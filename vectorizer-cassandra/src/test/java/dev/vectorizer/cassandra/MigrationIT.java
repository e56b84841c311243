package dev.vectorizer.cassandra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Filter;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.VectorizerException;
import dev.vectorizer.cassandra.internal.MigrationState;
import dev.vectorizer.testing.TestVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Moving collections between a directory and Cassandra, both ways, and resuming after a stop. */
class MigrationIT {
  @TempDir Path tmp;

  private static void fill(Path dir, int n) {
    try (VectorStore local = VectorStore.open(dir)) {
      Collection c =
          local.createCollection(
              "docs", CollectionConfig.builder(16).metric(Metric.EUCLIDEAN).build());
      float[][] vs = TestVectors.random(42, n, 16);
      List<Point> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(
            Point.of(
                String.format("doc-%05d", i),
                vs[i],
                Map.of(
                    "lang",
                    i % 3 == 0 ? "en" : "de",
                    "year",
                    2000 + i % 25,
                    "tags",
                    List.of("t" + i % 7))));
      }
      c.upsert(batch);
    }
  }

  @Test
  void aCollectionGoesToCassandraAndBackUnchanged() {
    Path dir = tmp.resolve("data");
    fill(dir, 1200);
    String uri = CassandraNode.shared().uri("migrate_roundtrip");
    List<long[]> progress = new ArrayList<>();
    Migration.Result there =
        Migration.of(dir.toString(), "docs", uri)
            .batchSize(100)
            .indexedFields(List.of(IndexedField.parse("lang:text")))
            .listener(
                new Migration.Listener() {
                  @Override
                  public void batch(long copied, long total) {
                    progress.add(new long[] {copied, total});
                  }
                })
            .run();
    assertEquals(1200, there.total());
    assertEquals(1200, there.copied());
    assertEquals(0, there.resumedAt());
    assertEquals(100, there.sampled());
    assertEquals(12, progress.size());
    assertArrayEquals(new long[] {1200, 1200}, progress.get(11));
    assertFalse(Files.exists(there.stateFile()), "the state file is removed on success");

    Path back = tmp.resolve("back");
    Migration.Result home = Migration.of(uri, "docs", back.toString()).batchSize(250).run();
    assertEquals(1200, home.copied());
    try (VectorStore a = VectorStore.open(dir);
        VectorStore b = VectorStore.open(back);
        CassandraVectorStore cs = CassandraVectorStore.open(uri)) {
      Collection src = a.collection("docs");
      Collection dst = b.collection("docs");
      assertEquals(src.config(), dst.config());
      assertEquals(src.config(), cs.collection("docs").config());
      for (String id : src.ids()) {
        assertEquals(src.get(id).orElseThrow(), dst.get(id).orElseThrow(), id);
      }
      float[] q = TestVectors.random(7, 1, 16)[0];
      Filter en = Filter.eq("lang", "en");
      assertEquals(
          src.search(SearchRequest.of(q).limit(5).filter(en)).stream().map(h -> h.id()).toList(),
          cs.collection("docs").search(SearchRequest.of(q).limit(5).filter(en)).stream()
              .map(h -> h.id())
              .toList());
      assertEquals(400, cs.collection("docs").count(en));
    }
    IllegalStateException again =
        assertThrows(
            IllegalStateException.class, () -> Migration.of(dir.toString(), "docs", uri).run());
    assertTrue(again.getMessage().contains("already holds 1200 points"), again.getMessage());
  }

  @Test
  void aNodeStoppedMidMigrationResumesFromTheLastConfirmedBatch() {
    Path dir = tmp.resolve("data");
    fill(dir, 3000);
    try (CassandraNode node = CassandraNode.start()) {
      String uri = node.uri("migrate_resume");
      Migration first =
          Migration.of(dir.toString(), "docs", uri)
              .batchSize(300)
              .listener(
                  new Migration.Listener() {
                    @Override
                    public void batch(long copied, long total) {
                      if (copied == 900) {
                        node.stop(); // the next batch finds no node
                      }
                    }
                  });
      VectorizerException stopped = assertThrows(VectorizerException.class, first::run);
      assertTrue(
          stopped.getMessage().contains("stopped after 900 of 3000 points"), stopped.getMessage());
      assertTrue(stopped.getMessage().contains("resume"), stopped.getMessage());
      MigrationState state = MigrationState.read(first.stateFilePath());
      assertEquals(900, state.copied());
      assertEquals("doc-00899", state.lastId());

      node.restart();
      long[] started = new long[2];
      Migration.Result done =
          Migration.of(dir.toString(), "docs", uri)
              .batchSize(300)
              .listener(
                  new Migration.Listener() {
                    @Override
                    public void started(long total, long alreadyCopied) {
                      started[0] = total;
                      started[1] = alreadyCopied;
                    }
                  })
              .run();
      assertArrayEquals(new long[] {3000, 900}, started);
      assertEquals(900, done.resumedAt());
      assertEquals(2100, done.copied());
      try (CassandraVectorStore cs = CassandraVectorStore.open(uri)) {
        assertEquals(3000, cs.collection("docs").count());
      }
    }
  }
}
