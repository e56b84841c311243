package dev.vectorizer.internal.engine;

import dev.vectorizer.Point;
import dev.vectorizer.VectorizerException;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.index.SealedSegment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk loads ({@link dev.vectorizer.Collection#bulkLoad}): the points become one new sealed
 * segment, built with every core, written once, and switched in with one short exclusive section.
 * Nothing is logged.
 *
 * <p>Protocol: (1) the caller's thread reads the iterator, checks each point and stores it in a
 * private head segment, while one worker per core inserts the stored points into its graph (a
 * bounded number wait, so the iterator is consumed at the pace of the build); (2) the points are
 * published in arrival order (a later duplicate id wins), the head is frozen into a sealed segment
 * and its file written, outside every lock (marked pending, so a checkpoint does not take it for a
 * leftover); (3) under the exclusive lock, older versions of its ids are retired in every other
 * segment, and the manifest naming the new segment is committed with the segment marked newer than
 * the last logged write. Readers see none of the points before (3) and all of them after.
 *
 * <p>Keyword postings: in a collection with a keyword index, each point's payload {@code text} is
 * analyzed as it is stored, as a write would be, so the segment carries its postings and its {@code
 * seg-<id>.vzk} file is written beside the segment file and named by the same manifest.
 *
 * <p>Recovery: a crash before the manifest switch leaves an unnamed segment file, removed by the
 * next open; after it, the manifest names the segment with its {@code newerThanLsn}, and replay
 * does not let writes logged before the switch override its points ({@link
 * CollectionState#supersededAt}). Writes after the switch override them as usual.
 *
 * <p>Thread-safe: loads may run concurrently with each other and with any operation; their switches
 * are serialised by the exclusive lock.
 */
final class BulkLoader {
  private static final Logger LOG = LoggerFactory.getLogger(BulkLoader.class);

  /** Stored points waiting for a worker, per worker: bounds how far reading runs ahead. */
  private static final int QUEUED_PER_WORKER = 256;

  private static final AtomicInteger LOADS = new AtomicInteger();

  /**
   * Set to {@code false} to build with exact float scores instead of 8-bit codes (docs/adr/0020);
   * read at each load, for side-by-side benchmarks.
   */
  static final String COMPACT_SCORES_PROPERTY = "vectorizer.bulkLoad.compactScores";

  private final CollectionState state;
  private final Persistence persistence;

  BulkLoader(CollectionState state, Persistence persistence) {
    this.state = state;
    this.persistence = persistence;
  }

  /**
   * Loads the points.
   *
   * @param points the points
   * @param check validates a point (it throws {@link IllegalArgumentException} naming it); gets the
   *     point and its 0-based position in the load
   * @return the new segment's live points (the load's distinct ids)
   */
  long load(Iterator<Point> points, BiConsumer<Point, Long> check) {
    long start = System.nanoTime();
    HeadSegment building = build(points, check);
    try {
      if (building.liveCount() == 0) {
        return 0;
      }
      long built = System.nanoTime();
      SealedSegment segment = persistence.freeze(building);
      long live = commit(segment);
      LOG.debug(
          "collection '{}': bulk-loaded {} points in {} ms ({} ms building the graph)",
          state.name,
          live,
          (System.nanoTime() - start) / 1_000_000,
          (built - start) / 1_000_000);
      return live;
    } finally {
      building.close();
    }
  }

  /** Reads, checks and stores the points while workers insert them into the graph. */
  private HeadSegment build(Iterator<Point> points, BiConsumer<Point, Long> check) {
    boolean compact = Boolean.parseBoolean(System.getProperty(COMPACT_SCORES_PROPERTY, "true"));
    HeadSegment building = new HeadSegment(state.config, true, compact);
    int workers = Runtime.getRuntime().availableProcessors();
    Semaphore queued = new Semaphore(workers * QUEUED_PER_WORKER);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    int load = LOADS.incrementAndGet();
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t =
                  new Thread(r, "vectorizer-bulk-" + load + "-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    boolean done = false;
    try {
      long position = 0;
      while (points.hasNext()) {
        Point p = points.next();
        if (p == null) {
          throw new IllegalArgumentException(
              "point at position " + position + " of the bulk load is null");
        }
        check.accept(p, position++);
        int ord = building.allocate(p.id(), p.vector(), p.payload(), state.analyze(p.payload()));
        queued.acquireUninterruptibly();
        rethrow(failure.get());
        state.ensureOpen();
        pool.execute(
            () -> {
              try {
                if (failure.get() == null) {
                  building.index(ord);
                }
              } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
              } finally {
                queued.release();
              }
            });
      }
      pool.shutdown();
      awaitQuietly(pool);
      rethrow(failure.get());
      int bound = building.ordinalBound();
      for (int ord = 0; ord < bound; ord++) {
        building.publish(ord); // in arrival order: a later version of an id retires an earlier one
      }
      done = true;
      return building;
    } finally {
      if (!done) {
        failure.compareAndSet(null, new IllegalStateException("the bulk load was abandoned"));
        pool.shutdownNow();
        awaitQuietly(pool); // no worker touches the head after it is closed
        building.close();
      }
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.DAYS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void rethrow(Throwable t) {
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
  }

  /** Writes the segment's file and switches it in; returns its live points. */
  private long commit(SealedSegment segment) {
    persistence.beginPending(segment);
    boolean committed = false;
    try {
      writeUnlessClosed(segment);
      state.lock.writeLock().lock();
      try {
        state.ensureOpen();
        switchIn(segment);
        committed = true;
        return segment.liveCount();
      } finally {
        state.lock.writeLock().unlock();
      }
    } catch (IOException e) {
      throw new VectorizerException(
          "bulk load into collection '" + state.name + "' failed: " + e.getMessage(), e);
    } finally {
      endPending(segment, committed);
    }
  }

  /** Writes the file under the read lock, so that a closing store does not see it appear. */
  private void writeUnlessClosed(SealedSegment segment) throws IOException {
    state.lock.readLock().lock();
    try {
      state.ensureOpen();
      persistence.writeSegment(segment);
    } finally {
      state.lock.readLock().unlock();
    }
  }

  /**
   * Retires older versions of the segment's ids, commits the manifest, publishes the segment.
   * Callers hold the exclusive lock, so readers see all of it or none; when the commit fails, the
   * retired versions are restored before the lock is released.
   */
  private void switchIn(SealedSegment segment) throws IOException {
    List<SealedSegment> current = state.sealed;
    List<long[]> retired = new ArrayList<>(); // {index in current, ordinal}
    if (state.liveCount() > 0) {
      for (int ord = 0; ord < segment.size(); ord++) {
        if (!segment.isLive(ord)) {
          continue;
        }
        String id = segment.id(ord);
        for (int i = 0; i < current.size(); i++) {
          int old = current.get(i).ordinalOf(id);
          if (old >= 0 && current.get(i).delete(old)) {
            retired.add(new long[] {i, old});
          }
        }
      }
    }
    List<SealedSegment> next = new ArrayList<>(current);
    next.add(segment);
    Map<Long, Long> newer = new HashMap<>(state.newerThan);
    long lsn = persistence.lastLsn(); // exact: no write is in flight under the exclusive lock
    if (lsn > state.coveredLsn) {
      newer.put(segment.id(), lsn);
    }
    try {
      persistence.commit(next, newer, state.coveredLsn, false);
    } catch (IOException | RuntimeException e) {
      for (long[] r : retired) {
        current.get((int) r[0]).undelete((int) r[1]);
      }
      throw e;
    }
    HeadSegment head = state.head;
    for (int ord = 0; ord < segment.size() && head.liveCount() > 0; ord++) {
      if (segment.isLive(ord)) {
        head.remove(segment.id(ord), -1);
      }
    }
    state.sealed = List.copyOf(next);
    state.newerThan = Map.copyOf(newer);
    state.written(); // cached query results predate the load
  }

  private void endPending(SealedSegment segment, boolean committed) {
    state.lock.readLock().lock();
    try {
      if (!state.closed || committed) { // after close the directory may belong to another process
        persistence.endPending(segment, committed);
      }
    } catch (IOException e) {
      LOG.warn("collection '{}': cannot remove an abandoned bulk-load segment", state.name, e);
    } finally {
      state.lock.readLock().unlock();
    }
  }
}
