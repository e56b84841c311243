package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.CheckReport;
import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionUnavailableException;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.StoreStats;
import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.TestVectors;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One bad collection never takes the store down; check and repair; values; checkpoints. */
class IsolationAndRepairTest {
  private static final int DIM = 8;
  @TempDir Path dir;

  private Path data() {
    return dir.resolve("data");
  }

  private static Point point(int i) {
    return Point.of("p" + i, TestVectors.random(i, 1, DIM)[0], Map.of("i", i));
  }

  private static List<Point> batch(int from, int to) {
    List<Point> b = new ArrayList<>();
    for (int i = from; i < to; i++) {
      b.add(point(i));
    }
    return b;
  }

  /** Two collections with sealed segments and WAL records each. */
  private void populate() {
    try (VectorStore store = VectorStore.open(data())) {
      for (String name : List.of("good", "bad")) {
        Collection c = store.createCollection(name, CollectionConfig.of(DIM));
        c.upsert(batch(0, 200));
      }
      store.checkpoint();
      for (String name : List.of("good", "bad")) {
        store.collection(name).upsert(batch(200, 220));
      }
    }
  }

  private Path segmentOf(String collection) throws IOException {
    try (Stream<Path> s = Files.list(data().resolve("collections").resolve(collection))) {
      return s.filter(p -> p.toString().endsWith(".vzs")).findFirst().orElseThrow();
    }
  }

  private static void flipByte(Path file, long at) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(at);
      int b = raf.read();
      raf.seek(at);
      raf.write(b ^ 0x10);
    }
  }

  @Test
  void aCorruptCollectionIsUnavailableWhileTheOthersWork() throws IOException {
    populate();
    Path seg = segmentOf("bad");
    flipByte(seg, Files.size(seg) / 2);
    try (VectorStore store = VectorStore.open(data())) {
      assertEquals(List.of("bad", "good"), store.listCollections(), "listing loads nothing");
      Collection good = store.collection("good");
      assertEquals(220, good.count());
      good.upsert(point(1000));
      assertEquals("p3", good.search(SearchRequest.of(point(3).vector()).limit(1)).get(0).id());

      CollectionUnavailableException e =
          assertThrows(CollectionUnavailableException.class, () -> store.collection("bad"));
      assertEquals("bad", e.collection());
      assertEquals(seg.toAbsolutePath(), e.file().toAbsolutePath());
      assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());

      StoreStats stats = store.stats();
      assertEquals(2, stats.collections());
      assertEquals(221, stats.points());
      assertTrue(stats.unavailable().get("bad").contains(seg.getFileName().toString()));

      CheckReport report = store.check();
      assertTrue(report.hasErrors());
      assertEquals(1, report.findings().size(), report.toString());
      assertEquals(seg.toAbsolutePath(), report.findings().get(0).file().toAbsolutePath());

      assertTrue(store.dropCollection("bad"), "an unavailable collection can be dropped");
      assertEquals(List.of("good"), store.listCollections());
    }
    try (VectorStore store = VectorStore.open(data())) {
      assertEquals(221, store.collection("good").count());
      assertTrue(store.check().clean());
    }
  }

  @Test
  void checkFindsTornTailsAndLeftoversAndRepairTidiesThem() throws IOException {
    populate();
    Path coll = data().resolve("collections/good");
    Path wal;
    try (Stream<Path> s = Files.list(coll.resolve("wal"))) {
      wal = s.filter(p -> p.toString().endsWith(".wal")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    try (VectorStore store = VectorStore.open(data())) {
      Files.write(wal, new byte[4096], StandardOpenOption.APPEND);
      assertEquals(220, store.collection("good").count(), "a torn tail does not stop a load");
    }
    Files.write(coll.resolve("seg-77.vzs.tmp"), new byte[10]);
    try (VectorStore store = VectorStore.open(data())) {
      CheckReport before = store.check();
      assertFalse(before.hasErrors(), before.toString());
      assertEquals(2, before.findings().size(), before.toString());
      assertTrue(before.findings().stream().allMatch(f -> f.collection().equals("good")));

      CheckReport repaired = store.repair("good");
      assertEquals(2, repaired.findings().size());
      assertTrue(
          repaired.findings().stream().allMatch(f -> f.repair() != null), repaired.toString());
      assertTrue(store.check().clean(), store.check().toString());
      assertEquals(220, store.collection("good").count(), "repair loses nothing whole");
      assertTrue(
          Files.exists(wal.resolveSibling(wal.getFileName() + ".torn-" + (Files.size(wal)))));
    }
  }

  @Test
  void repairCutsTheLogAtDamageAndDropsReferencesToMissingSegments() throws IOException {
    populate();
    Path coll = data().resolve("collections/bad");
    Path wal;
    try (Stream<Path> s = Files.list(coll.resolve("wal"))) {
      wal = s.filter(p -> p.toString().endsWith(".wal")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    flipByte(wal, 20 + 8); // the first record's body: 19 intact records follow
    Files.delete(segmentOf("bad"));
    try (VectorStore store = VectorStore.open(data())) {
      assertThrows(CollectionUnavailableException.class, () -> store.collection("bad"));
      CheckReport found = store.check();
      assertEquals(2, found.findings().size(), found.toString());
      assertTrue(found.findings().stream().allMatch(f -> f.repair() != null), found.toString());

      store.repair("bad");
      assertTrue(store.check().clean(), store.check().toString());
      Collection c = store.collection("bad");
      assertEquals(0, c.count(), "the points of the missing segment and of the cut log are gone");
      c.upsert(point(5));
      assertEquals(1, c.count());
      assertEquals(220, store.collection("good").count());
    }
  }

  /**
   * A log file with intact checksums whose vectors have another collection's dimension (a file
   * copied into the wrong folder): the check names it as an error, like opening the collection.
   */
  @Test
  void checkNamesALogWhoseVectorsHaveTheWrongDimension() throws IOException {
    try (VectorStore store = VectorStore.open(data())) {
      store.createCollection("wide", CollectionConfig.of(DIM)).upsert(batch(0, 5));
      Collection narrow = store.createCollection("narrow", CollectionConfig.of(4));
      narrow.upsert(List.of(Point.of("n", new float[] {1, 2, 3, 4}, Map.of())));
    }
    Path wideWal = data().resolve("collections/wide/wal");
    Path wal;
    try (Stream<Path> s = Files.list(wideWal)) {
      wal = s.filter(p -> p.toString().endsWith(".wal")).sorted().findFirst().orElseThrow();
    }
    try (Stream<Path> s = Files.list(data().resolve("collections/narrow/wal"))) {
      Path foreign = s.filter(p -> p.toString().endsWith(".wal")).findFirst().orElseThrow();
      Files.copy(foreign, wal, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    try (VectorStore store = VectorStore.open(data())) {
      CheckReport report = store.check();
      assertTrue(report.hasErrors(), report.toString());
      assertTrue(
          report.findings().stream()
              .anyMatch(f -> f.collection().equals("wide") && f.file().equals(wal)),
          report.toString());
      assertTrue(
          report.findings().stream().noneMatch(f -> f.collection().equals("narrow")),
          report.toString());
      assertThrows(CollectionUnavailableException.class, () -> store.collection("wide"));
    }
  }

  @Test
  void vectorsWhoseScoresWouldOverflowAreRefusedNamingTheComponent() {
    try (VectorStore store = VectorStore.inMemory()) {
      for (Metric metric : Metric.values()) {
        Collection c =
            store.createCollection(
                "m" + metric.ordinal(), CollectionConfig.builder(3).metric(metric).build());
        IllegalArgumentException e =
            assertThrows(
                IllegalArgumentException.class,
                () -> c.upsert(Point.of("huge", new float[] {1, 3e38f, 1}, Map.of())));
        assertTrue(e.getMessage().contains("point 'huge'"), e.getMessage());
        assertTrue(e.getMessage().contains("component 1"), e.getMessage());
        c.upsert(Point.of("big", new float[] {4e18f, 4e18f, 4e18f}, Map.of()));
        c.upsert(Point.of("other", new float[] {-4e18f, -4e18f, -4e18f}, Map.of()));
        IllegalArgumentException q =
            assertThrows(
                IllegalArgumentException.class,
                () -> c.search(SearchRequest.of(new float[] {3e38f, 0, 0})));
        assertTrue(q.getMessage().contains("the query"), q.getMessage());
        for (var hit : c.search(SearchRequest.of(new float[] {4e18f, -4e18f, 4e18f}).limit(2))) {
          assertTrue(Float.isFinite(hit.score()), metric + " " + hit);
        }
        for (var hit : c.search(SearchRequest.of(new float[] {1, 0, 0}).limit(2).exact(true))) {
          assertTrue(Float.isFinite(hit.score()), metric + " " + hit);
        }
      }
      Collection cos = store.collection("m0");
      assertThrows(
          IllegalArgumentException.class,
          () -> cos.upsert(Point.of("tiny", new float[] {1e-40f, 0, 0}, Map.of())));
    }
  }

  @Test
  void aWriterThatClosesWithALongLogCheckpointsSoTheNextOpenReplaysLittle() throws IOException {
    try (VectorStore store = VectorStore.open(data())) {
      store.createCollection("docs", CollectionConfig.of(DIM)).upsert(batch(0, 1500));
    }
    Path coll = data().resolve("collections/docs");
    try (Stream<Path> s = Files.list(coll)) {
      assertTrue(s.anyMatch(p -> p.toString().endsWith(".vzs")), "a segment was written at close");
    }
    try (Stream<Path> s = Files.list(coll.resolve("wal"))) {
      assertFalse(s.anyMatch(p -> p.toString().endsWith(".wal")), "and the log trimmed");
    }
    try (VectorStore store = VectorStore.open(data())) {
      Collection c = store.collection("docs");
      assertEquals(1500, c.count());
      c.upsert(batch(1500, 1510)); // a short log is left for replay
    }
    try (Stream<Path> s = Files.list(coll.resolve("wal"))) {
      assertNotNull(s.filter(p -> p.toString().endsWith(".wal")).findAny().orElse(null));
    }
    try (VectorStore store = VectorStore.builder(data()).readOnly(true).open()) {
      assertEquals(1510, store.collection("docs").count());
    }
  }

  @Test
  void aReadOnlyOpenReplaysTheLogWithoutBuildingAGraph() {
    try (VectorStore store = VectorStore.open(data())) {
      store.createCollection("docs", CollectionConfig.of(DIM)).upsert(batch(0, 600));
    }
    try (VectorStore store = VectorStore.builder(data()).readOnly(true).open()) {
      Collection c = store.collection("docs");
      assertEquals(600, c.count());
      assertEquals(0, c.stats().graphNodes(), "the replayed head has no graph");
      for (int i = 0; i < 600; i += 97) {
        assertEquals("p" + i, c.search(SearchRequest.of(point(i).vector()).limit(1)).get(0).id());
      }
    }
    try (VectorStore store = VectorStore.open(data())) {
      assertEquals(600, store.collection("docs").stats().graphNodes(), "a writer builds it");
    }
  }
}
