package dev.vectorizer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Hit;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writers replace and delete points so fast that the head is rebuilt in the background again and
 * again, while readers check every answer against what was acknowledged: a get or a search never
 * returns a version older than the last acknowledged one, never a point whose deletion was
 * acknowledged (unless a newer upsert had started), and never misses an acknowledged point (unless
 * a delete had started). Afterwards, and after reopening the durable store, the collection holds
 * exactly the acknowledged state.
 *
 * <p>Versions: each id's operations carry increasing version numbers (in the payload); {@code
 * acked[i]} is {@code 2 * version + (deleted ? 1 : 0)} of the id's last acknowledged operation,
 * {@code started[i]} and {@code deleteStarted[i]} the versions of the last operation and the last
 * delete a writer began.
 */
class BackgroundRebuildTest {
  private static final int DIM = 16;
  private static final int WRITERS = 2;
  private static final int IDS_PER_WRITER = 560;
  private static final int IDS = WRITERS * IDS_PER_WRITER;
  private static final int REBUILDS = 2;

  @TempDir Path dir;

  private final AtomicLongArray acked = new AtomicLongArray(IDS);
  private final AtomicLongArray started = new AtomicLongArray(IDS);
  private final AtomicLongArray deleteStarted = new AtomicLongArray(IDS);
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();

  @ParameterizedTest
  @ValueSource(strings = {"memory", "durable"})
  void readersAndWritersDuringRebuildsSeeEveryAcknowledgedWrite(String kind) throws Exception {
    VectorStore store = open(kind);
    try {
      Collection c =
          store.createCollection(
              "c",
              // A small graph keeps the test quick; the rebuild protocol does not depend on it.
              CollectionConfig.builder(DIM)
                  .maxDegree(16)
                  .beamWidth(40)
                  .exactSearchThreshold(0)
                  .build());
      for (int i = 0; i < IDS; i++) {
        acked.set(i, 1); // "deleted at version 0": nothing yet
      }
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        threads.add(new Thread(() -> write(c, writer, stop)));
      }
      for (int r = 0; r < 2; r++) {
        int reader = r;
        threads.add(new Thread(() -> read(c, reader, stop)));
      }
      threads.forEach(Thread::start);
      long deadline = System.nanoTime() + 300_000_000_000L;
      while (c.stats().compactions() < REBUILDS
          && failures.isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      if (!failures.isEmpty()) {
        AssertionError e = new AssertionError(failures.size() + " threads failed");
        failures.forEach(e::addSuppressed);
        throw e;
      }
      assertTrue(c.stats().compactions() >= REBUILDS, "background rebuilds ran: " + c.stats());
      verifyExactly(c, "after the run");
      if (kind.equals("durable")) {
        store.close();
        store = open(kind);
        verifyExactly(store.collection("c"), "after reopening");
      }
    } finally {
      store.close();
    }
  }

  private VectorStore open(String kind) {
    return kind.equals("memory")
        ? VectorStore.inMemory()
        : VectorStore.builder(dir.resolve("data"))
            .durability(Durability.NONE)
            .sealThreshold(Integer.MAX_VALUE)
            .open();
  }

  private void write(Collection c, int writer, AtomicBoolean stop) {
    Random r = new Random(writer);
    long[] versions = new long[IDS];
    try {
      while (!stop.get()) {
        int op = r.nextInt(10);
        if (op < 7) { // a batch of replacements: the garbage that triggers rebuilds
          List<Point> batch = new ArrayList<>();
          List<Integer> ids = new ArrayList<>();
          for (int k = 0; k < 40; k++) {
            int i = writer * IDS_PER_WRITER + r.nextInt(IDS_PER_WRITER);
            if (!ids.contains(i)) {
              ids.add(i);
              long v = ++versions[i];
              started.set(i, v);
              batch.add(Point.of("k" + i, vector(i, v), Map.of("ver", v)));
            }
          }
          c.upsert(batch);
          for (int k = 0; k < ids.size(); k++) {
            acked.set(ids.get(k), 2 * versions[ids.get(k)]);
          }
        } else {
          int i = writer * IDS_PER_WRITER + r.nextInt(IDS_PER_WRITER);
          long v = ++versions[i];
          started.set(i, v);
          deleteStarted.set(i, v);
          c.delete("k" + i);
          acked.set(i, 2 * v + 1);
        }
      }
    } catch (Throwable t) {
      failures.add(t);
    }
  }

  private void read(Collection c, int reader, AtomicBoolean stop) {
    Random r = new Random(100 + reader);
    try {
      while (!stop.get()) {
        int i = r.nextInt(IDS);
        long before = acked.get(i);
        Optional<Point> got = c.get("k" + i);
        checkGet(i, before, got);

        long[] snapshot = new long[IDS];
        for (int k = 0; k < IDS; k++) {
          snapshot[k] = acked.get(k);
        }
        for (Hit h : c.search(SearchRequest.of(vector(r.nextInt(IDS), 1)).limit(10))) {
          int k = Integer.parseInt(h.id().substring(1));
          checkVersion(k, snapshot[k], ((Number) h.payload().get("ver")).longValue(), "search");
        }
      }
    } catch (Throwable t) {
      failures.add(t);
    }
  }

  private void checkGet(int i, long before, Optional<Point> got) {
    if (got.isPresent()) {
      checkVersion(i, before, ((Number) got.get().payload().get("ver")).longValue(), "get");
    } else if ((before & 1) == 0 && deleteStarted.get(i) < before / 2) {
      throw new AssertionError(
          "get: acknowledged k" + i + " version " + before / 2 + " is missing");
    }
  }

  /** A version returned for id i is at least the acknowledged one, and newer than a delete. */
  private void checkVersion(int i, long before, long version, String what) {
    long ackedVersion = before / 2;
    boolean deleted = (before & 1) == 1;
    if (version < ackedVersion || (deleted && version == ackedVersion)) {
      throw new AssertionError(
          what
              + ": k"
              + i
              + " returned version "
              + version
              + ", but version "
              + ackedVersion
              + (deleted ? " (a delete)" : "")
              + " was acknowledged");
    }
    if (version > started.get(i)) {
      throw new AssertionError(what + ": k" + i + " version " + version + " was never written");
    }
  }

  private void verifyExactly(Collection c, String when) {
    long live = 0;
    for (int i = 0; i < IDS; i++) {
      long a = acked.get(i);
      Optional<Point> got = c.get("k" + i);
      if ((a & 1) == 1) {
        assertTrue(got.isEmpty(), when + ": deleted k" + i + " is back");
      } else {
        live++;
        assertTrue(got.isPresent(), when + ": acknowledged k" + i + " is lost");
        assertEquals(a / 2, ((Number) got.get().payload().get("ver")).longValue(), when);
        List<Hit> self = c.search(SearchRequest.of(vector(i, a / 2)).limit(1).exact(true));
        assertEquals("k" + i, self.get(0).id(), when + ": exact search for k" + i);
      }
    }
    assertEquals(live, c.count(), when + ": count");
  }

  private static float[] vector(int id, long version) {
    Random r = new Random(id * 1_000_003L + version);
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) r.nextGaussian();
    }
    return v;
  }
}
