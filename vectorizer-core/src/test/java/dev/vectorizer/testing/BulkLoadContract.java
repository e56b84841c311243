package dev.vectorizer.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.StoreClosedException;
import dev.vectorizer.VectorStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link Collection#bulkLoad} promises in every store of this library: one atomic step that
 * replaces existing ids, a later duplicate wins, a bad point or a failing iterator applies nothing,
 * and the loaded points are searched like any others. Subclasses provide the store.
 */
public abstract class BulkLoadContract {
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

  protected Collection collection() {
    return store.createCollection(
        "docs", CollectionConfig.builder(384).exactSearchThreshold(0).build());
  }

  /** Real vectors {@code from..to-1} under ids {@code prefix + i}, payload {@code {"i", "v"}}. */
  protected static List<Point> points(String prefix, int from, int to, int version) {
    float[][] base = RealVectors.base();
    List<Point> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(Point.of(prefix + i, base[(i + version * 997) % base.length], Map.of("v", version)));
    }
    return out;
  }

  @Test
  void loadsEveryPointAsOneSegmentThatSearchFinds() {
    Collection c = collection();
    List<Point> points = points("p", 0, 3_000, 0);
    assertEquals(3_000, c.bulkLoad(points.iterator()));
    assertEquals(3_000, c.count());
    assertEquals(1, c.stats().segments(), c.stats().toString());
    for (int i = 0; i < points.size(); i += 97) {
      Point p = points.get(i);
      assertArrayEquals(p.vector(), c.get(p.id()).orElseThrow().vector(), p.id());
    }
    int found = 0;
    for (int i = 0; i < 200; i++) {
      Point p = points.get(i * 13);
      List<Hit> hits = c.search(SearchRequest.of(p.vector()).limit(1));
      found += hits.get(0).id().equals(p.id()) ? 1 : 0;
    }
    assertTrue(found >= 190, "graph search found " + found + " of 200 loaded points");
    assertEquals(3_000, c.count(Filter.eq("v", 0)));
  }

  @Test
  void existingIdsAreReplacedAndOthersKept() {
    Collection c = collection();
    c.upsert(points("p", 0, 1_000, 1));
    assertEquals(1_000, c.bulkLoad(points("p", 500, 1_500, 2).iterator()));
    assertEquals(1_500, c.count());
    assertEquals(500, c.count(Filter.eq("v", 1)));
    assertEquals(1_000, c.count(Filter.eq("v", 2)));
    Point replaced = points("p", 700, 701, 1).get(0);
    for (Hit h : c.search(SearchRequest.of(replaced.vector()).limit(20).exact(true))) {
      assertTrue(
          !h.id().equals("p700") || ((Number) h.payload().get("v")).intValue() == 2,
          "the replaced version of p700 is still found: " + h);
    }
    assertArrayEquals(
        points("p", 700, 701, 2).get(0).vector(), c.get("p700").orElseThrow().vector());
  }

  @Test
  void aLaterDuplicateWinsAndIdsAreCountedOnce() {
    Collection c = collection();
    List<Point> load = new ArrayList<>(points("p", 0, 100, 1));
    load.addAll(points("p", 50, 150, 2));
    assertEquals(150, c.bulkLoad(load.iterator()));
    assertEquals(150, c.count());
    assertEquals(100, c.count(Filter.eq("v", 2)));
    assertEquals(Map.of("v", 2), normalised(c.get("p60").orElseThrow().payload()));
  }

  @Test
  void aBadPointAppliesNothingAndNamesItsPosition() {
    Collection c = collection();
    c.upsert(points("q", 0, 10, 0));
    List<Point> load = new ArrayList<>(points("p", 0, 300, 0));
    load.add(Point.of("short", new float[3]));
    load.addAll(points("p", 300, 400, 0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.bulkLoad(load.iterator()));
    assertTrue(e.getMessage().contains("'short' at position 300"), e.getMessage());
    assertTrue(e.getMessage().contains("dimension mismatch"), e.getMessage());
    assertEquals(10, c.count());
    assertTrue(c.get("p0").isEmpty());

    List<Point> withNull = new ArrayList<>(points("p", 0, 5, 0));
    withNull.add(null);
    e = assertThrows(IllegalArgumentException.class, () -> c.bulkLoad(withNull.iterator()));
    assertTrue(e.getMessage().contains("position 5"), e.getMessage());
    assertEquals(10, c.count());
  }

  @Test
  void anIteratorThatFailsAppliesNothing() {
    Collection c = collection();
    Iterator<Point> source = points("p", 0, 2_000, 0).iterator();
    IllegalStateException boom = new IllegalStateException("the source broke");
    Iterator<Point> failing =
        new Iterator<>() {
          int n;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Point next() {
            if (++n > 1_500) {
              throw boom;
            }
            return source.next();
          }
        };
    assertSame(boom, assertThrows(IllegalStateException.class, () -> c.bulkLoad(failing)));
    assertEquals(0, c.count());
    assertEquals(0, c.stats().segments());
    assertEquals(1_999, c.bulkLoad(points("p", 1, 2_000, 0).iterator()), "works afterwards");
  }

  @Test
  void anEmptyLoadChangesNothing() {
    Collection c = collection();
    assertEquals(0, c.bulkLoad(List.<Point>of().iterator()));
    assertEquals(0, c.stats().segments());
  }

  @Test
  void writesAfterALoadReplaceAndDeleteItsPoints() {
    Collection c = collection();
    c.bulkLoad(points("p", 0, 500, 1).iterator());
    c.upsert(points("p", 0, 10, 2));
    assertTrue(c.delete("p20"));
    assertEquals(499, c.count());
    assertEquals(10, c.count(Filter.eq("v", 2)));
    assertTrue(c.get("p20").isEmpty());
    assertEquals(
        List.of(),
        c
            .search(SearchRequest.of(points("p", 20, 21, 1).get(0).vector()).limit(10).exact(true))
            .stream()
            .filter(h -> h.id().equals("p20"))
            .toList());
  }

  @Test
  void writesDuringALoadAreKept() throws Exception {
    Collection c = collection();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    AtomicBoolean loading = new AtomicBoolean(true);
    List<String> written = new CopyOnWriteArrayList<>();
    Thread writer =
        new Thread(
            () -> {
              try {
                for (int i = 0; loading.get() || i < 50; i++) {
                  Point p = points("w", i, i + 1, 3).get(0);
                  c.upsert(p);
                  written.add(p.id());
                  if (i % 7 == 0) {
                    c.search(SearchRequest.of(p.vector()).limit(5));
                  }
                }
              } catch (Throwable t) {
                failures.add(t);
              }
            });
    writer.start();
    try {
      c.bulkLoad(points("p", 0, 3_000, 0).iterator());
    } finally {
      loading.set(false);
      writer.join();
    }
    assertEquals(List.of(), failures);
    assertEquals(3_000 + written.size(), c.count());
    for (String id : written) {
      assertTrue(c.get(id).isPresent(), id);
    }
  }

  @Test
  void aClosedStoreRefusesALoad() {
    Collection c = collection();
    store.close();
    assertThrows(StoreClosedException.class, () -> c.bulkLoad(points("p", 0, 5, 0).iterator()));
  }

  /** Payload numbers as the store keeps them after a round trip through JSON. */
  private static Map<String, Object> normalised(Map<String, Object> payload) {
    Map<String, Object> out = new java.util.HashMap<>();
    payload.forEach((k, v) -> out.put(k, v instanceof Number n ? n.intValue() : v));
    return out;
  }
}
