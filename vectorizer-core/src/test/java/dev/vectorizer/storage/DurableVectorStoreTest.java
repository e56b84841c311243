package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.StoreLockedException;
import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.RealVectors;
import dev.vectorizer.testing.VectorStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against the durable store, plus what only a durable store promises. */
class DurableVectorStoreTest extends VectorStoreContract {
  @TempDir Path dir;

  @Override
  protected VectorStore newStore() {
    return VectorStore.open(dir.resolve("data"));
  }

  private VectorStore reopen() {
    store.close();
    store = VectorStore.builder(dir.resolve("data")).sealThreshold(1_000).open();
    return store;
  }

  private static List<Point> realPoints(int n) {
    float[][] base = RealVectors.base();
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      points.add(Point.of("p" + i, base[i], Map.of("i", i, "even", i % 2 == 0)));
    }
    return points;
  }

  private static List<List<String>> answers(Collection c, int queries, Filter filter) {
    List<List<String>> out = new ArrayList<>();
    for (int q = 0; q < queries; q++) {
      SearchRequest r = SearchRequest.of(RealVectors.queries()[q]).limit(10);
      out.add(c.search(filter == null ? r : r.filter(filter)).stream().map(Hit::id).toList());
    }
    return out;
  }

  @Test
  void reopenGivesIdenticalSearchResultsFromTheWalAndFromSegments() {
    store.close();
    store = VectorStore.builder(dir.resolve("data")).sealThreshold(1_500).open();
    Collection c =
        store.createCollection(
            "docs", CollectionConfig.builder(384).exactSearchThreshold(0).build());
    List<Point> points = realPoints(4_000);
    for (int i = 0; i < points.size(); i += 500) {
      c.upsert(points.subList(i, i + 500)); // seals every 1,500 points: segments + a WAL tail
    }
    c.delete(List.of("p1", "p2", "p3000"));
    c.upsert(Point.of("p5", RealVectors.base()[7000], Map.of("i", 5, "moved", true)));
    assertTrue(c.stats().segments() > 1, "expected sealed segments, got " + c.stats());
    List<List<String>> before = answers(c, 30, null);
    List<List<String>> beforeFiltered = answers(c, 30, Filter.eq("even", true));
    long count = c.count();

    Collection again = reopen().collection("docs");
    for (String id : List.of("p1", "p2", "p3000")) {
      assertTrue(again.get(id).isEmpty(), id + " came back after reopen");
    }
    assertEquals(count, again.count());
    assertEquals(before, answers(again, 30, null));
    assertEquals(beforeFiltered, answers(again, 30, Filter.eq("even", true)));
    assertTrue(again.get("p1").isEmpty());
    assertEquals(Map.of("i", 5, "moved", true), again.get("p5").orElseThrow().payload());
    assertArrayEquals(RealVectors.base()[7000], again.get("p5").orElseThrow().vector());

    store.checkpoint();
    Collection third = reopen().collection("docs");
    assertEquals(before, answers(third, 30, null));
    assertEquals(count, third.count());
  }

  @Test
  void backgroundMergesBoundTheSegmentsAndDropDeletedPoints() throws Exception {
    store.close();
    store = VectorStore.builder(dir.resolve("data")).sealThreshold(200).maxSegments(3).open();
    Collection c =
        store.createCollection(
            "merged", CollectionConfig.builder(384).exactSearchThreshold(0).build());
    List<Point> points = realPoints(3_000);
    List<String> deleted = new ArrayList<>();
    for (int i = 0; i < points.size(); i += 200) {
      c.upsert(points.subList(i, i + 200));
      deleted.add("p" + (i + 7));
      c.delete("p" + (i + 7));
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (c.stats().segments() > 1 + 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(c.stats().segments() <= 1 + 3, "segments stay bounded: " + c.stats());
    assertTrue(c.stats().compactions() > 0, "merges ran: " + c.stats());
    assertEquals(3_000 - deleted.size(), c.count());
    List<List<String>> before = answers(c, 20, null);
    for (String id : deleted) {
      assertTrue(c.get(id).isEmpty(), id);
    }
    Collection again = reopen().collection("merged");
    assertEquals(3_000 - deleted.size(), again.count());
    assertEquals(before, answers(again, 20, null));
    for (int i = 0; i < 3_000; i += 97) {
      String id = "p" + i;
      assertEquals(!deleted.contains(id), again.get(id).isPresent(), id);
    }
  }

  @Test
  void aSecondWriterInTheSameProcessIsRefused() {
    StoreLockedException e =
        assertThrows(StoreLockedException.class, () -> VectorStore.open(dir.resolve("data")));
    assertTrue(e.getMessage().contains("locked for writing"), e.getMessage());
  }

  @Test
  void readOnlyOpenSeesTheStateAsOfItsOpenAndRejectsWrites() {
    Collection c = store.createCollection("docs", CollectionConfig.of(384));
    c.upsert(realPoints(100));
    try (VectorStore ro = VectorStore.builder(dir.resolve("data")).readOnly(true).open()) {
      Collection r = ro.collection("docs");
      assertEquals(100, r.count());
      c.upsert(realPoints(200));
      assertEquals(100, r.count(), "a read-only store sees the state as of its open");
      assertThrows(UnsupportedOperationException.class, () -> r.delete("p1"));
      assertThrows(UnsupportedOperationException.class, () -> ro.dropCollection("docs"));
    }
  }

  @Test
  void droppedCollectionsLeaveNoFiles() throws Exception {
    store
        .createCollection("gone", CollectionConfig.of(4))
        .upsert(Point.of("a", new float[] {1, 2, 3, 4}));
    assertTrue(store.dropCollection("gone"));
    try (Stream<Path> s = Files.list(dir.resolve("data/collections"))) {
      assertEquals(List.of(), s.toList());
    }
    assertEquals(List.of(), reopen().listCollections());
  }

  @Test
  void noFsyncModeKeepsWhatWasWrittenAcrossAReopen() {
    store.close();
    store = VectorStore.builder(dir.resolve("data")).durability(Durability.NONE).open();
    Collection c =
        store.createCollection(
            "bulk", CollectionConfig.builder(384).metric(Metric.DOT_PRODUCT).build());
    c.upsert(realPoints(1_000));
    store.checkpoint();
    assertEquals(1_000, reopen().collection("bulk").count());
  }

  @Test
  void floatPayloadsCompareTheSameBeforeAndAfterAReopen() {
    float f = 1.23456789f;
    try (VectorStore store = VectorStore.open(dir)) {
      Collection c = store.createCollection("floats", CollectionConfig.of(2));
      c.upsert(Point.of("a", new float[] {1, 0}, Map.of("f", f)));
      assertEquals(1, c.count(Filter.eq("f", f)));
    }
    try (VectorStore store = VectorStore.open(dir)) {
      Collection c = store.collection("floats");
      // JSON has no floats: the payload holds the float's exact value as a double.
      assertEquals((double) f, c.get("a").orElseThrow().payload().get("f"));
      assertEquals(1, c.count(Filter.eq("f", f)));
      assertEquals(1, c.count(Filter.range("f").gte(f).lte(f)));
    }
  }
}
