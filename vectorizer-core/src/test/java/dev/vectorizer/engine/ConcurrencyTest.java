package dev.vectorizer.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Writers (upsert, replace, delete, batches) and readers (search, filtered search, get) run
 * together for a bounded time; afterwards every acknowledged write is visible by id and by an exact
 * search for its own vector, and nothing deleted comes back.
 */
class ConcurrencyTest {
  private static final int DIM = 24;
  private static final long RUN_MILLIS = 3_000;

  @Test
  void writersAndReadersTogether() throws Exception {
    try (VectorStore store = VectorStore.inMemory()) {
      Collection c =
          store.createCollection(
              "c", CollectionConfig.builder(DIM).exactSearchThreshold(0).build());
      int writers = 3;
      int readers = 3;
      List<Map<String, float[]>> acknowledged = new ArrayList<>();
      List<Set<String>> deleted = new ArrayList<>();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      AtomicLong searches = new AtomicLong();
      CountDownLatch start = new CountDownLatch(1);
      long deadline = System.nanoTime() + RUN_MILLIS * 1_000_000;
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        Map<String, float[]> mine = new HashMap<>();
        Set<String> gone = new HashSet<>();
        acknowledged.add(mine);
        deleted.add(gone);
        int writer = w;
        threads.add(
            new Thread(
                () -> {
                  Random r = new Random(writer);
                  await(start);
                  try {
                    while (System.nanoTime() < deadline) {
                      int op = r.nextInt(10);
                      String id = "w" + writer + "-" + r.nextInt(400);
                      if (op < 6) {
                        float[] v = randomVector(r);
                        c.upsert(Point.of(id, v, Map.of("writer", writer)));
                        mine.put(id, v);
                        gone.remove(id);
                      } else if (op < 8) {
                        List<Point> batch = new ArrayList<>();
                        Map<String, float[]> staged = new HashMap<>();
                        for (int i = 0; i < 50; i++) {
                          String bid = "w" + writer + "-" + r.nextInt(400);
                          float[] v = randomVector(r);
                          batch.add(Point.of(bid, v, Map.of("writer", writer)));
                          staged.put(bid, v);
                        }
                        c.upsert(batch);
                        mine.putAll(staged);
                        gone.removeAll(staged.keySet());
                      } else {
                        c.delete(id);
                        mine.remove(id);
                        gone.add(id);
                      }
                    }
                  } catch (Throwable t) {
                    failures.add(t);
                  }
                }));
      }
      for (int rd = 0; rd < readers; rd++) {
        int reader = rd;
        threads.add(
            new Thread(
                () -> {
                  Random r = new Random(1000 + reader);
                  await(start);
                  try {
                    while (System.nanoTime() < deadline) {
                      SearchRequest req = SearchRequest.of(randomVector(r)).limit(10);
                      if (r.nextBoolean()) {
                        req = req.filter(Filter.eq("writer", r.nextInt(writers)));
                      }
                      List<Hit> hits = c.search(req);
                      assertTrue(hits.size() <= 10);
                      Set<String> ids = new HashSet<>();
                      for (int i = 0; i < hits.size(); i++) {
                        assertTrue(ids.add(hits.get(i).id()), "duplicate hit " + hits.get(i));
                        if (i > 0) {
                          assertTrue(hits.get(i - 1).score() >= hits.get(i).score());
                        }
                      }
                      c.get("w0-" + r.nextInt(400));
                      searches.incrementAndGet();
                    }
                  } catch (Throwable t) {
                    failures.add(t);
                  }
                }));
      }
      threads.forEach(Thread::start);
      start.countDown();
      for (Thread t : threads) {
        t.join();
      }
      if (!failures.isEmpty()) {
        AssertionError e = new AssertionError(failures.size() + " threads failed");
        failures.forEach(e::addSuppressed);
        throw e;
      }
      assertTrue(searches.get() > 0);

      long expectedCount = 0;
      for (int w = 0; w < writers; w++) {
        for (Map.Entry<String, float[]> e : acknowledged.get(w).entrySet()) {
          expectedCount++;
          Point p = c.get(e.getKey()).orElseThrow(() -> new AssertionError("lost " + e.getKey()));
          assertArrayEquals(e.getValue(), p.vector(), e.getKey());
          List<Hit> self = c.search(SearchRequest.of(e.getValue()).limit(1).exact(true));
          assertEquals(e.getKey(), self.get(0).id());
          assertEquals(1.0f, self.get(0).score(), 1e-5f);
        }
        for (String id : deleted.get(w)) {
          assertTrue(c.get(id).isEmpty(), "deleted " + id + " came back");
        }
      }
      assertEquals(expectedCount, c.count());
      // The graph path finds its own vector too (recall on self-queries).
      int found = 0;
      int total = 0;
      for (Map.Entry<String, float[]> e : acknowledged.get(0).entrySet()) {
        total++;
        if (c.search(SearchRequest.of(e.getValue()).limit(1)).get(0).id().equals(e.getKey())) {
          found++;
        }
      }
      assertTrue(found >= 0.95 * total, "graph search found " + found + " of " + total);
    }
  }

  private static float[] randomVector(Random r) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
