package dev.vectorizer.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Filter;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The extension as users write it, and (through the engine test kit) its cleanup and errors. */
class TempVectorStoreTest {
  @TempVectorStore VectorStore store;

  @TempVectorStore(durable = true)
  VectorStore durable;

  @Test
  void fieldsGetFreshStores() {
    assertTrue(store.listCollections().isEmpty());
    assertFalse(store.stats().durable());
    assertTrue(durable.stats().durable());
    assertNotSame(store, durable);
    store.createCollection("c", CollectionConfig.of(2)).upsert(Point.of("p", new float[] {1, 2}));
    assertEquals(1, store.collection("c").count());
  }

  @Test
  void eachTestStartsEmpty() {
    assertTrue(store.listCollections().isEmpty()); // whatever the other test wrote
  }

  @Test
  void fvecsPreload(
      @TempVectorStore(
              preload = "/data/small.fvecs",
              collection = "vecs",
              metric = Metric.DOT_PRODUCT)
          VectorStore s) {
    assertEquals(4, s.collection("vecs").count());
    assertEquals(Metric.DOT_PRODUCT, s.collection("vecs").config().metric());
    assertEquals(
        "0",
        s.collection("vecs").search(SearchRequest.of(new float[] {1, 0, 0}).limit(1)).get(0).id());
  }

  @Test
  void jsonlPreloadIntoADurableStore(
      @TempVectorStore(durable = true, preload = "/data/docs.jsonl") VectorStore s) {
    assertEquals(3, s.collection("test").count());
    assertEquals(1, s.collection("test").count(Filter.eq("lang", "de")));
    assertEquals(
        Map.of("lang", "en", "year", 2024), s.collection("test").get("a").orElseThrow().payload());
  }

  // Run through the engine test kit by the tests below, not directly.
  static class Recorder {
    static final List<Path> DIRS = new ArrayList<>();
    static final List<VectorStore> STORES = new ArrayList<>();

    @TempVectorStore(durable = true)
    VectorStore store;

    @Test
    void record() throws Exception {
      store.createCollection("c", CollectionConfig.of(2)).upsert(Point.of("p", new float[] {1, 2}));
      store.checkpoint();
      STORES.add(store);
      // The store's directory is the one holding its collection files.
      DIRS.addAll(tempStoreDirs());
    }
  }

  static List<Path> tempStoreDirs() throws java.io.IOException {
    try (var walk = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return walk.filter(p -> p.getFileName().toString().startsWith("vectorizer-test-")).toList();
    }
  }

  @Test
  void afterATestTheStoreIsClosedAndItsDirectoryDeleted() throws Exception {
    Recorder.DIRS.clear();
    Recorder.STORES.clear();
    List<Path> before = tempStoreDirs(); // this test's own durable store, other JVMs' stores
    Events events =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(Recorder.class))
            .execute()
            .testEvents();
    events.assertStatistics(s -> s.succeeded(1).failed(0));
    assertEquals(1, Recorder.STORES.size());
    assertThrowsClosed(Recorder.STORES.get(0));
    List<Path> made = Recorder.DIRS.stream().filter(d -> !before.contains(d)).toList();
    assertEquals(1, made.size(), Recorder.DIRS.toString());
    for (Path dir : made) {
      assertFalse(Files.exists(dir), dir + " was not deleted");
    }
  }

  private static void assertThrowsClosed(VectorStore s) {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, s::listCollections);
  }

  static class BadPreloads {
    @Test
    void missing(@TempVectorStore(preload = "/data/nope.fvecs") VectorStore s) {}

    @Test
    void truncated(@TempVectorStore(preload = "/data/truncated.fvecs") VectorStore s) {}

    @Test
    void badJson(@TempVectorStore(preload = "/data/bad.jsonl") VectorStore s) {}

    @Test
    void wrongExtension(@TempVectorStore(preload = "/data/docs.txt") VectorStore s) {}
  }

  @Test
  void badPreloadsFailTheTestNamingTheResourceAndLine() {
    Events events =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(BadPreloads.class))
            .execute()
            .testEvents();
    events.assertStatistics(s -> s.failed(4));
    List<String> messages =
        events.failed().stream()
            .map(
                e ->
                    e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow())
            .map(r -> r.getThrowable().orElseThrow().getMessage())
            .sorted()
            .toList();
    assertTrue(
        messages.stream().anyMatch(m -> m.contains("'/data/nope.fvecs' is not on the class path")),
        messages.toString());
    assertTrue(
        messages.stream().anyMatch(m -> m.contains("vector 1 is truncated")), messages.toString());
    assertTrue(
        messages.stream()
            .anyMatch(m -> m.contains("/data/bad.jsonl line 2: vector[1] is not a number")),
        messages.toString());
    assertTrue(
        messages.stream().anyMatch(m -> m.contains("must end in .fvecs or .jsonl")),
        messages.toString());
  }
}
