package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionSnapshot;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.ExpectedState;
import dev.vectorizer.testing.TestVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers (upserts, batches, deletes, deletes by filter), readers (graph, exact and filtered
 * searches, gets), checkpoints and snapshots race on a durable store whose segments seal, merge and
 * compact all the time. Every writer owns its ids, so the last acknowledged write of each id is
 * known: afterwards, and again after reopening, the collection must hold exactly that ({@link
 * ExpectedState#verify}). Meanwhile every search hit must be a vector that was written for its id,
 * with its true score, in order; every snapshot must import as a collection of the size it claims.
 *
 * <p>{@code -Dvectorizer.concurrency.millis=N} sets how long the threads race (3 s by default, 2
 * minutes with {@code -Pstress}).
 */
class DurableConcurrencyTest {
  private static final int DIM = 12;
  private static final int WRITERS = 3;
  private static final int IDS_PER_WRITER = 400;
  @TempDir Path dir;

  private final Map<String, Set<List<Float>>> written = new ConcurrentHashMap<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();

  private static VectorStore open(Path data) {
    // Small heads and few segments: seals, merges and head rebuilds happen all the time.
    return VectorStore.builder(data).sealThreshold(2_500).maxSegments(2).open();
  }

  @Test
  void writersReadersCheckpointsAndSnapshotsRaceOnADurableStore() throws Exception {
    long millis = Long.getLong("vectorizer.concurrency.millis", 3_000);
    Path data = dir.resolve("data");
    List<ExpectedState> models = new ArrayList<>();
    AtomicLong searches = new AtomicLong();
    AtomicLong snapshots = new AtomicLong();
    long compactions;
    try (VectorStore store = open(data)) {
      Collection c =
          store.createCollection(
              "race",
              CollectionConfig.builder(DIM)
                  .metric(Metric.COSINE)
                  .maxDegree(12)
                  .beamWidth(32)
                  .exactSearchThreshold(0)
                  .build());
      CountDownLatch start = new CountDownLatch(1);
      long deadline = System.nanoTime() + millis * 1_000_000;
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        ExpectedState model = new ExpectedState(Metric.COSINE);
        models.add(model);
        int writer = w;
        threads.add(thread(start, () -> write(c, writer, model, deadline)));
      }
      for (int rd = 0; rd < 2; rd++) {
        int reader = rd;
        threads.add(thread(start, () -> read(c, reader, deadline, searches)));
      }
      threads.add(thread(start, () -> maintain(store, c, deadline, snapshots)));
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
      compactions = c.stats().compactions();
      verify(c, models, "after the race");
    }
    try (VectorStore store = open(data)) {
      verify(store.collection("race"), models, "after reopening");
    }
    assertTrue(searches.get() > 0 && snapshots.get() > 0, searches + " searches, " + snapshots);
    System.out.printf(
        "DurableConcurrencyTest: %d ms, %d searches, %d snapshots, %d compactions%n",
        millis, searches.get(), snapshots.get(), compactions);
  }

  private Thread thread(CountDownLatch start, ThrowingRunnable body) {
    return new Thread(
        () -> {
          try {
            start.await();
            body.run();
          } catch (Throwable t) {
            failures.add(t);
          }
        });
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private void write(Collection c, int writer, ExpectedState model, long deadline) {
    Random r = new Random(writer);
    long batch = (long) writer << 40;
    while (System.nanoTime() < deadline && failures.isEmpty()) {
      batch++;
      int op = r.nextInt(20);
      if (op < 8) { // upserts, one or a batch
        int n = op < 4 ? 1 : 20 + r.nextInt(80);
        List<Point> points = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        while (ids.size() < n) {
          ids.add(id(writer, r));
        }
        for (String id : ids) {
          float[] v = TestVectors.random(r.nextLong(), 1, DIM)[0];
          written.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(asList(v));
          points.add(Point.of(id, v, Map.of(ExpectedState.BATCH, batch)));
        }
        c.upsert(points);
        for (Point p : points) {
          model.put(p.id(), p.vector(), batch);
        }
      } else if (op < 17) { // deletes, one or a batch: a delete-heavy mix grows garbage
        List<String> ids = new ArrayList<>();
        for (int i = op < 12 ? 1 : 10 + r.nextInt(60); i > 0; i--) {
          ids.add(id(writer, r));
        }
        c.delete(ids);
        ids.forEach(model::remove);
      } else { // delete by filter: one of this writer's recent batches
        long target = batch - 1 - r.nextInt(20);
        Set<String> matching = model.idsOfBatch(target);
        long deleted = c.deleteWhere(Filter.eq(ExpectedState.BATCH, target));
        assertEquals(matching.size(), deleted, "deleteWhere of batch " + target);
        matching.forEach(model::remove);
      }
    }
  }

  private static String id(int writer, Random r) {
    return "w" + writer + "-" + r.nextInt(IDS_PER_WRITER);
  }

  private void read(Collection c, int reader, long deadline, AtomicLong searches) {
    Random r = new Random(1_000 + reader);
    while (System.nanoTime() < deadline && failures.isEmpty()) {
      float[] q = TestVectors.random(r.nextLong(), 1, DIM)[0];
      SearchRequest req = SearchRequest.of(q).limit(10).includeVector(true);
      Long batch = null;
      switch (r.nextInt(3)) {
        case 0 -> req = req.exact(true);
        case 1 -> {
          batch = ((long) r.nextInt(WRITERS) << 40) + 1 + r.nextInt(200);
          req = req.filter(Filter.eq(ExpectedState.BATCH, batch));
        }
        default -> {
          // graph search
        }
      }
      List<Hit> hits = c.search(req);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < hits.size(); i++) {
        Hit h = hits.get(i);
        assertTrue(seen.add(h.id()), "duplicate hit " + h.id());
        Set<List<Float>> versions = written.get(h.id());
        assertTrue(
            versions != null && versions.contains(asList(h.vector())),
            "hit " + h.id() + " has a vector nobody wrote for it");
        double score = TestVectors.score(Metric.COSINE, h.vector(), q);
        assertEquals(score, h.score(), 1e-4, "score of " + h.id());
        if (batch != null) {
          assertEquals(batch, ((Number) h.payload().get(ExpectedState.BATCH)).longValue());
        }
        if (i > 0) {
          assertTrue(hits.get(i - 1).score() >= h.score(), "hits out of order: " + hits);
        }
      }
      c.get(id(r.nextInt(WRITERS), r));
      searches.incrementAndGet();
    }
  }

  private void maintain(VectorStore store, Collection c, long deadline, AtomicLong snapshots)
      throws Exception {
    Random r = new Random(7);
    int imported = 0;
    while (System.nanoTime() < deadline && failures.isEmpty()) {
      Thread.sleep(r.nextInt(60));
      if (r.nextBoolean()) {
        store.checkpoint();
        continue;
      }
      try (CollectionSnapshot s = c.snapshot()) {
        snapshots.incrementAndGet();
        if (snapshots.get() % 4 != 1) {
          continue;
        }
        // A snapshot is a consistent cut: imported elsewhere, it holds the count it claims.
        Path copy = Files.createDirectories(dir.resolve("snapshot-" + imported));
        for (Map.Entry<String, Path> f : s.files().entrySet()) {
          Files.copy(f.getValue(), copy.resolve(f.getKey()));
        }
        try (VectorStore other = VectorStore.open(dir.resolve("other-" + imported))) {
          Collection restored = other.importCollection("race", copy, false);
          assertEquals(s.points(), restored.count(), "snapshot at LSN " + s.lsn());
        }
        imported++;
      }
    }
  }

  private static void verify(Collection c, List<ExpectedState> models, String when) {
    ExpectedState all = new ExpectedState(Metric.COSINE);
    List<String> universe = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      for (int i = 0; i < IDS_PER_WRITER; i++) {
        String id = "w" + w + "-" + i;
        universe.add(id);
        ExpectedState.Entry e = models.get(w).get(id);
        if (e != null) {
          all.put(id, e.vector(), e.batch());
        }
      }
    }
    all.verify(c, universe, 99, when);
  }

  private static List<Float> asList(float[] v) {
    List<Float> out = new ArrayList<>(v.length);
    for (float f : v) {
      out.add(f);
    }
    return out;
  }
}
