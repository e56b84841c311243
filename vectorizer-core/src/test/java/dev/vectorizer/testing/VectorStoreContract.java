package dev.vectorizer.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionExistsException;
import dev.vectorizer.CollectionNotFoundException;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.StoreClosedException;
import dev.vectorizer.VectorStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every {@link VectorStore} implementation must have. Subclasses provide the store;
 * the durable store runs the same kit.
 */
public abstract class VectorStoreContract {
  protected VectorStore store;

  /**
   * Opens a new, empty store.
   *
   * @return the store
   */
  protected abstract VectorStore newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private Collection small(String name, Metric metric) {
    return store.createCollection(name, CollectionConfig.builder(4).metric(metric).build());
  }

  @Test
  void collectionsAreCreatedListedAndDropped() {
    Collection a = store.createCollection("b-docs", CollectionConfig.of(3));
    store.createCollection("a.docs_1", CollectionConfig.of(5));
    assertEquals(List.of("a.docs_1", "b-docs"), store.listCollections());
    assertTrue(store.hasCollection("b-docs"));
    assertEquals(3, store.collection("b-docs").config().dimension());
    assertThrows(
        CollectionExistsException.class,
        () -> store.createCollection("b-docs", CollectionConfig.of(3)));
    assertTrue(store.dropCollection("b-docs"));
    assertFalse(store.dropCollection("b-docs"));
    assertThrows(CollectionNotFoundException.class, () -> store.collection("b-docs"));
    StoreClosedException e = assertThrows(StoreClosedException.class, a::count);
    assertTrue(e.getMessage().contains("b-docs"), e.getMessage());
    assertEquals(List.of("a.docs_1"), store.listCollections());
  }

  @Test
  void getOrCreateReturnsTheExistingCollectionAndRejectsAConflictingOne() {
    Collection a = store.getOrCreateCollection("docs", CollectionConfig.of(3));
    a.upsert(Point.of("x", new float[] {1, 2, 3}));
    assertEquals(1, store.getOrCreateCollection("docs", CollectionConfig.of(3)).count());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> store.getOrCreateCollection("docs", CollectionConfig.of(4)));
    assertTrue(e.getMessage().contains("dimension 3"), e.getMessage());
  }

  @Test
  void badCollectionNamesAreRejected() {
    for (String bad : new String[] {"", ".hidden", "a/b", "a b", "x".repeat(129), null}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> store.createCollection(bad, CollectionConfig.of(3)),
              "name " + bad);
      assertTrue(e.getMessage().contains("collection name"), e.getMessage());
    }
    assertEquals(List.of(), store.listCollections());
  }

  @Test
  void upsertGetReplaceAndDelete() {
    Collection c = small("docs", Metric.COSINE);
    float[] v1 = {0.1f, 0.2f, 0.3f, 0.4f};
    c.upsert(Point.of("a", v1, Map.of("lang", "en", "year", 2024, "tags", List.of("x", "y"))));
    Point got = c.get("a").orElseThrow();
    assertArrayEquals(v1, got.vector());
    assertEquals(Map.of("lang", "en", "year", 2024, "tags", List.of("x", "y")), got.payload());
    assertEquals(1, c.count());

    float[] v2 = {-1, 0, 0, 0};
    c.upsert(Point.of("a", v2, Map.of("lang", "de")));
    assertEquals(1, c.count());
    assertArrayEquals(v2, c.get("a").orElseThrow().vector());
    assertEquals(Map.of("lang", "de"), c.get("a").orElseThrow().payload());
    List<Hit> hits = c.search(SearchRequest.of(v2).limit(5));
    assertEquals(1, hits.size());
    assertEquals("a", hits.get(0).id());
    assertEquals(1.0f, hits.get(0).score(), 1e-6f);

    assertTrue(c.delete("a"));
    assertFalse(c.delete("a"));
    assertTrue(c.get("a").isEmpty());
    assertEquals(0, c.count());
    assertEquals(List.of(), c.search(SearchRequest.of(v2)));
  }

  @Test
  void batchUpsertLastDuplicateWinsAndDeleteMany() {
    Collection c = small("docs", Metric.EUCLIDEAN);
    List<Point> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      batch.add(Point.of("p" + i, new float[] {i, 0, 0, 0}, Map.of("i", i)));
    }
    batch.add(Point.of("p7", new float[] {7, 7, 7, 7}, Map.of("i", -7)));
    c.upsert(batch);
    assertEquals(200, c.count());
    assertArrayEquals(new float[] {7, 7, 7, 7}, c.get("p7").orElseThrow().vector());
    assertEquals(3, c.delete(List.of("p1", "p2", "p3", "nope")));
    assertEquals(197, c.count());
    assertTrue(c.get("p2").isEmpty());
  }

  @Test
  void idsListTheLivePoints() {
    Collection c = small("docs", Metric.COSINE);
    assertEquals(List.of(), c.ids());
    for (int i = 0; i < 30; i++) {
      c.upsert(Point.of("p" + i, new float[] {1, i, 0, 0}));
    }
    c.upsert(Point.of("p3", new float[] {2, 0, 0, 0}));
    c.delete(List.of("p1", "p2"));
    Set<String> expected = new java.util.TreeSet<>();
    for (int i = 0; i < 30; i++) {
      expected.add("p" + i);
    }
    expected.removeAll(Set.of("p1", "p2"));
    List<String> ids = c.ids();
    assertEquals(expected.size(), ids.size(), "no duplicates: " + ids);
    assertEquals(expected, new java.util.TreeSet<>(ids));
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void scoresAreInTheMetricsNaturalFormAndOrdered(Metric metric) {
    Collection c = store.createCollection("m", CollectionConfig.builder(16).metric(metric).build());
    float[][] base = TestVectors.random(7, 300, 16);
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < base.length; i++) {
      points.add(Point.of(Integer.toString(i), base[i]));
    }
    c.upsert(points);
    float[] q = TestVectors.random(8, 1, 16)[0];
    List<Hit> hits = c.search(SearchRequest.of(q).limit(10));
    int[] expected = TestVectors.bruteForce(metric, base, q, 10, i -> true);
    assertEquals(10, hits.size());
    for (int i = 0; i < 10; i++) {
      int row = Integer.parseInt(hits.get(i).id());
      assertEquals(TestVectors.score(metric, base[row], q), hits.get(i).score(), 1e-4);
      assertEquals(
          TestVectors.score(metric, base[expected[i]], q), hits.get(i).score(), 1e-4, "rank " + i);
    }
  }

  @Test
  void filtersSelectByPayload() {
    Collection c = small("docs", Metric.DOT_PRODUCT);
    c.upsert(
        List.of(
            Point.of("a", new float[] {1, 0, 0, 0}, Map.of("lang", "en", "year", 2020)),
            Point.of(
                "b",
                new float[] {0.9f, 0, 0, 0},
                Map.of("lang", "de", "year", 2024, "tags", List.of("java", "db"))),
            Point.of(
                "c",
                new float[] {0.8f, 0, 0, 0},
                Map.of("lang", "en", "year", 2024.0, "meta", Map.of("author", "ann"))),
            Point.of("d", new float[] {0.7f, 0, 0, 0}, Map.of("title", "Vector stores on the JVM")),
            Point.of("e", new float[] {0.6f, 0, 0, 0})));
    assertIds(c, Filter.eq("lang", "en"), "a", "c");
    assertIds(c, Filter.eq("year", 2024), "b", "c");
    assertIds(c, Filter.in("lang", "de", "fr"), "b");
    assertIds(c, Filter.range("year").gte(2021), "b", "c");
    assertIds(c, Filter.range("year").gt(2020).lt(2024), new String[0]);
    assertIds(c, Filter.range("year").lte(2020), "a");
    assertIds(c, Filter.exists("tags"), "b");
    assertIds(c, Filter.eq("tags", "db"), "b");
    assertIds(c, Filter.eq("meta.author", "ann"), "c");
    assertIds(c, Filter.contains("title", "JVM"), "d");
    assertIds(c, Filter.contains("title", "jvm"), new String[0]);
    assertIds(c, Filter.and(Filter.eq("lang", "en"), Filter.range("year").gt(2021)), "c");
    assertIds(c, Filter.or(Filter.eq("lang", "de"), Filter.exists("title")), "b", "d");
    assertIds(c, Filter.not(Filter.exists("lang")), "d", "e");
    assertIds(c, Filter.eq("no.such.field", "x"), new String[0]);
    assertIds(c, Filter.and(), "a", "b", "c", "d", "e");
    assertIds(c, Filter.or(), new String[0]);
    assertEquals(2, c.count(Filter.eq("lang", "en")));
    assertEquals(2, c.deleteWhere(Filter.eq("lang", "en")));
    assertEquals(Set.of("b", "d", "e"), ids(c.search(SearchRequest.of(new float[] {1, 0, 0, 0}))));
  }

  private static void assertIds(Collection c, Filter f, String... expected) {
    List<Hit> hits = c.search(SearchRequest.of(new float[] {1, 0, 0, 0}).limit(10).filter(f));
    assertEquals(List.of(expected), hits.stream().map(Hit::id).toList(), "filter " + f);
    assertEquals(expected.length, c.count(f), "count of " + f);
  }

  private static Set<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).collect(Collectors.toSet());
  }

  @Test
  void hitsCarryPayloadAndVectorOnlyWhenAskedAndRespectTheThreshold() {
    Collection c = small("docs", Metric.EUCLIDEAN);
    c.upsert(Point.of("near", new float[] {1, 0, 0, 0}, Map.of("k", "v")));
    c.upsert(Point.of("far", new float[] {10, 0, 0, 0}, Map.of("k", "w")));
    float[] q = {0, 0, 0, 0};
    Hit h = c.search(SearchRequest.of(q)).get(0);
    assertEquals("near", h.id());
    assertEquals(1.0f, h.score(), 1e-6f);
    assertEquals(Map.of("k", "v"), h.payload());
    assertNull(h.vector());
    Hit bare = c.search(SearchRequest.of(q).includePayload(false).includeVector(true)).get(0);
    assertEquals(Map.of(), bare.payload());
    assertArrayEquals(new float[] {1, 0, 0, 0}, bare.vector());
    assertEquals(
        List.of("near"),
        c.search(SearchRequest.of(q).scoreThreshold(5f)).stream().map(Hit::id).toList());
  }

  @Test
  void badInputIsRejectedWithTheValueAndLeavesTheCollectionUnchanged() {
    Collection c = small("docs", Metric.COSINE);
    c.upsert(Point.of("keep", new float[] {1, 2, 3, 4}));

    assertMessage(
        () -> c.upsert(Point.of("x", new float[] {1, 2, 3})),
        "dimension mismatch: collection 'docs' has 4, point 'x' has 3");
    assertMessage(
        () -> Point.of("x", new float[] {1, Float.NaN, 3, 4}),
        "non-finite component at index 1: NaN");
    assertMessage(
        () -> Point.of("x", new float[] {1, 2, Float.POSITIVE_INFINITY, 4}), "index 2: Infinity");
    assertMessage(() -> Point.of("", new float[] {1, 2, 3, 4}), "id is empty");
    assertMessage(() -> Point.of(null, new float[] {1, 2, 3, 4}), "id is null");
    assertMessage(() -> Point.of("y".repeat(513), new float[] {1, 2, 3, 4}), "513 characters long");
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("lang", null);
    assertMessage(() -> Point.of("x", new float[] {1, 2, 3, 4}, withNull), "null value at 'lang'");
    assertMessage(
        () -> c.upsert(Point.of("z", new float[] {0, 0, 0, 0})), "point 'z' is a zero vector");
    assertMessage(
        () ->
            c.upsert(
                List.of(
                    Point.of("ok1", new float[] {1, 1, 1, 1}),
                    Point.of("bad", new float[] {1, 1}))),
        "point 'bad' has 2");
    assertMessage(
        () -> c.search(SearchRequest.of(new float[] {1, 2})),
        "dimension mismatch: collection 'docs' has 4, the query has 2");
    assertMessage(() -> SearchRequest.of(new float[] {1, 2, 3, 4}).limit(0), "got 0");
    assertMessage(() -> SearchRequest.of(new float[] {1, 2, 3, 4}).limit(-3), "got -3");
    assertMessage(() -> SearchRequest.of(new float[] {1, 2, 3, 4}).limit(10_001), "got 10001");
    assertMessage(() -> Filter.eq("", "x"), "filter field is empty");
    assertMessage(() -> Filter.eq("a..b", "x"), "'a..b' has an empty path segment");
    assertMessage(() -> Filter.eq("lang", null), "compares with null");
    assertMessage(() -> c.delete(""), "id is empty");

    assertEquals(1, c.count());
    assertTrue(c.get("ok1").isEmpty(), "a rejected batch must not be applied in part");
    assertEquals("keep", c.search(SearchRequest.of(new float[] {1, 2, 3, 4})).get(0).id());
  }

  private static void assertMessage(Runnable r, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(
        e.getMessage().contains(expected),
        "expected message containing [" + expected + "] but was [" + e.getMessage() + "]");
  }

  @Test
  void everyCallAfterCloseThrows() {
    Collection c = small("docs", Metric.COSINE);
    c.upsert(Point.of("a", new float[] {1, 2, 3, 4}));
    store.close();
    store.close(); // idempotent
    assertThrows(StoreClosedException.class, () -> store.listCollections());
    assertThrows(StoreClosedException.class, () -> store.collection("docs"));
    assertThrows(
        StoreClosedException.class, () -> store.createCollection("x", CollectionConfig.of(2)));
    assertThrows(StoreClosedException.class, c::count);
    assertThrows(StoreClosedException.class, () -> c.get("a"));
    assertThrows(
        StoreClosedException.class, () -> c.upsert(Point.of("b", new float[] {1, 2, 3, 4})));
    assertThrows(
        StoreClosedException.class, () -> c.search(SearchRequest.of(new float[] {1, 2, 3, 4})));
    assertThrows(StoreClosedException.class, () -> c.delete("a"));
  }

  @Test
  void replacingPointsManyTimesKeepsSearchCorrect() {
    Collection c =
        store.createCollection(
            "churn",
            CollectionConfig.builder(8).metric(Metric.EUCLIDEAN).exactSearchThreshold(0).build());
    float[][] latest = new float[500][];
    for (int round = 0; round < 8; round++) {
      float[][] vs = TestVectors.random(round, 500, 8);
      List<Point> batch = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        latest[i] = vs[i];
        batch.add(Point.of("p" + i, vs[i], Map.of("round", round)));
      }
      c.upsert(batch);
    }
    assertEquals(500, c.count());
    assertEquals(500, c.count(Filter.eq("round", 7)));
    for (int i = 0; i < 500; i += 25) {
      List<Hit> hits = c.search(SearchRequest.of(latest[i]).limit(1).beamWidth(200));
      assertEquals("p" + i, hits.get(0).id());
      assertEquals(0f, hits.get(0).score(), 1e-6f);
      assertEquals(7, ((Number) hits.get(0).payload().get("round")).intValue());
    }
  }

  @Test
  void statsReportTheKernelsAndCounts() {
    Collection c = small("docs", Metric.COSINE);
    c.upsert(Point.of("a", new float[] {1, 2, 3, 4}));
    String expected = System.getProperty("vectorizer.test.expectedKernels");
    if (expected != null) {
      assertEquals(expected, store.stats().kernels());
      assertEquals(expected, c.stats().kernels());
    }
    assertEquals(1, store.stats().points());
    assertEquals(1, store.stats().collections());
    assertEquals(1, c.stats().points());
  }
}
