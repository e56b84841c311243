package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.storage.Manifest;
import dev.vectorizer.testing.BulkLoadContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk-load contract against the durable store, plus what only files promise: one segment file
 * and no log, the load survives reopening, and writes logged before the load never override it when
 * the log is replayed (also after merges, and after an open that replayed a log tail).
 */
class DurableBulkLoadTest extends BulkLoadContract {
  @TempDir Path dir;

  @Override
  protected VectorStore newStore() {
    return VectorStore.open(dir.resolve("data"));
  }

  private Path collectionDir() {
    return dir.resolve("data/collections/docs");
  }

  /** Closes and reopens the store; the heads here stay small, so close does not checkpoint. */
  private Collection reopen() {
    store.close();
    store = newStore();
    return store.collection("docs");
  }

  private List<String> files(String suffix) throws IOException {
    try (Stream<Path> s = Files.walk(collectionDir())) {
      return s.map(p -> collectionDir().relativize(p).toString())
          .filter(f -> f.endsWith(suffix))
          .sorted()
          .toList();
    }
  }

  private long walBytes() throws IOException {
    try (Stream<Path> s = Files.walk(collectionDir().resolve("wal"))) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static float[] vector(String prefix, int i, int version) {
    return points(prefix, i, i + 1, version).get(0).vector();
  }

  @Test
  void aLoadWritesOneSegmentFileAndNothingToTheLog() throws IOException {
    Collection c = collection();
    c.upsert(points("w", 0, 1, 0));
    long wal = walBytes();
    c.bulkLoad(points("p", 0, 3_000, 0).iterator());
    assertEquals(List.of("seg-1.vzs"), files(".vzs"));
    assertEquals(wal, walBytes(), "the load wrote to the log");
    Manifest m = Manifest.read(collectionDir());
    assertEquals(1, m.segments().size());
    assertEquals(3_000, m.segments().get(0).count());
    assertEquals(1, m.segments().get(0).newerThanLsn(), "newer than the one logged write");

    c = reopen();
    assertEquals(3_001, c.count());
    assertArrayEquals(vector("p", 1234, 0), c.get("p1234").orElseThrow().vector());

    store.checkpoint();
    assertEquals(0, Manifest.read(collectionDir()).segments().get(0).newerThanLsn());
    assertEquals(0, Manifest.read(collectionDir()).segments().get(1).newerThanLsn());
  }

  @Test
  void writesLoggedBeforeALoadDoNotOverrideItWhenTheLogIsReplayed() {
    Collection c = collection();
    c.upsert(List.of(point("x", 1), point("y", 1), point("z", 1)));
    assertTrue(c.delete("y"));
    c.bulkLoad(List.of(point("x", 2), point("y", 2)).iterator());
    c.upsert(point("v", 2)); // logged after the load: replayed on top of it
    c = reopen();
    assertEquals(4, c.count());
    assertArrayEquals(point("x", 2).vector(), c.get("x").orElseThrow().vector());
    assertArrayEquals(point("y", 2).vector(), c.get("y").orElseThrow().vector());
    assertArrayEquals(point("z", 1).vector(), c.get("z").orElseThrow().vector());

    c.upsert(point("x", 3));
    assertTrue(c.delete("y"));
    c = reopen();
    assertEquals(3, c.count());
    assertArrayEquals(point("x", 3).vector(), c.get("x").orElseThrow().vector());
    assertTrue(c.get("y").isEmpty());
  }

  @Test
  void aLoadAfterAnOpenThatReplayedTheLogKeepsTheReplayedWrites() {
    Collection c = collection();
    c.upsert(point("a", 1));
    c = reopen(); // "a" is in the head, replayed from the log; the manifest does not cover it
    c.bulkLoad(List.of(point("b", 1)).iterator());
    c = reopen();
    assertArrayEquals(point("a", 1).vector(), c.get("a").orElseThrow().vector());
    assertEquals(2, c.count());
  }

  @Test
  void mergedLoadsKeepTheirPrecedenceOverEarlierWrites() throws Exception {
    store.close();
    store = VectorStore.builder(dir.resolve("data")).maxSegments(1).open();
    collection().upsert(List.of(point("x", 1), point("a", 1)));
    store.close();
    store = VectorStore.builder(dir.resolve("data")).maxSegments(1).open();
    Collection c = store.collection("docs"); // "x" and "a" replayed from the log into the head
    c.bulkLoad(points("p", 0, 200, 0).iterator());
    c.bulkLoad(List.of(point("x", 2)).iterator());
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (c.stats().compactions() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20); // the merge runs on the store's merge thread
    }
    assertEquals(1, c.stats().compactions(), "the two loads were merged");
    c = reopen();
    assertArrayEquals(point("x", 2).vector(), c.get("x").orElseThrow().vector());
    assertArrayEquals(point("a", 1).vector(), c.get("a").orElseThrow().vector());
    assertEquals(202, c.count());
  }

  @Test
  void anAbandonedLoadLeavesNoSegmentFile() throws IOException {
    Collection c = collection();
    List<Point> load = new java.util.ArrayList<>(points("p", 0, 100, 0));
    load.add(Point.of("bad", new float[] {1, 2}));
    assertThrows(IllegalArgumentException.class, () -> c.bulkLoad(load.iterator()));
    assertEquals(List.of(), files(".vzs"));
    assertEquals(List.of(), files(".tmp"));
  }

  @Test
  void aReadOnlyStoreRefusesALoad() {
    collection().upsert(point("a", 1));
    store.close();
    store = VectorStore.builder(dir.resolve("data")).readOnly(true).open();
    Collection c = store.collection("docs");
    assertThrows(
        UnsupportedOperationException.class, () -> c.bulkLoad(List.of(point("b", 1)).iterator()));
  }

  private static Point point(String id, int version) {
    return Point.of(id, vector(id.substring(0, 1), id.charAt(0), version));
  }
}
