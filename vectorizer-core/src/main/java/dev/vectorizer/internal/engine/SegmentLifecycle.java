package dev.vectorizer.internal.engine;

import dev.vectorizer.CollectionSnapshot;
import dev.vectorizer.VectorizerException;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.index.SealedSegment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one collection's segments change shape after writes: a full head is sealed into an immutable
 * segment (durable collections), a head that is mostly garbage is rebuilt from its live points,
 * checkpoints and snapshots seal on demand, and too many sealed segments are merged in the
 * background ({@link BackgroundMerger}).
 *
 * <p>Concurrency: sealing and rebuilding replace {@link CollectionState#head} under the state's
 * exclusive lock; after a write they are only tried ({@code tryLock}), so writers never queue
 * behind one another's maintenance.
 */
final class SegmentLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentLifecycle.class);

  /** A head is rebuilt when it holds at least this many deleted points and more than live ones. */
  static final int MIN_GARBAGE_FOR_COMPACTION = 1024;

  private final CollectionState state;
  private final Persistence persistence;
  private final BackgroundMerger merger;
  private final AtomicLong rebuilds = new AtomicLong();

  /** True from a failed seal after a write until a seal succeeds (keeps the log quiet). */
  private volatile boolean sealFailing;

  SegmentLifecycle(CollectionState state, Persistence persistence, BackgroundMerger merger) {
    this.state = state;
    this.persistence = persistence;
    this.merger = merger;
  }

  /** After a write: seal a full head, or rebuild a head full of garbage. */
  void afterWrite() {
    HeadSegment h = state.head;
    if (persistence.wantsSeal(h.ordinalBound())) {
      if (state.lock.writeLock().tryLock()) {
        try {
          if (!state.closed && state.head == h) {
            seal();
          }
        } catch (IOException | RuntimeException e) {
          sealFailed(e);
        } finally {
          state.lock.writeLock().unlock();
        }
      }
      return;
    }
    long garbage = h.deletedCount();
    if (garbage < MIN_GARBAGE_FOR_COMPACTION || garbage <= h.liveCount()) {
      return;
    }
    if (!state.lock.writeLock().tryLock()) {
      return; // someone else is compacting, sealing or closing
    }
    try {
      if (!state.closed && state.head == h) {
        rebuildHead(h);
      }
    } finally {
      state.lock.writeLock().unlock();
    }
  }

  /**
   * A seal after a write failed (a full disk, typically). The write itself is already in the log
   * and applied, so its caller is not told it failed: the head stays as it is, the next write tries
   * again, and the failure is logged once per streak.
   */
  private void sealFailed(Exception e) {
    if (!sealFailing) {
      sealFailing = true;
      LOG.warn(
          "collection '{}': sealing the head failed ({}); the writes are stored in the log, and"
              + " the seal is retried after the next write",
          state.name,
          e.toString());
    } else {
      LOG.debug("collection '{}': sealing the head failed again: {}", state.name, e.toString());
    }
  }

  /** Makes everything durable in segment files and trims the log (nothing to do in memory). */
  void checkpoint() {
    state.lock.writeLock().lock();
    try {
      state.ensureOpen();
      persistence.checkpoint(this::seal);
    } catch (IOException e) {
      throw new VectorizerException(
          "checkpoint of collection '" + state.name + "' failed: " + e.getMessage(), e);
    } finally {
      state.lock.writeLock().unlock();
    }
  }

  /** Checkpoints and pins the files of the result. */
  CollectionSnapshot snapshot() {
    state.lock.writeLock().lock();
    try {
      state.ensureOpen();
      return persistence.snapshot(this::seal);
    } catch (IOException e) {
      throw new VectorizerException(
          "snapshot of collection '" + state.name + "' failed: " + e.getMessage(), e);
    } finally {
      state.lock.writeLock().unlock();
    }
  }

  /**
   * Writes the head as a sealed segment, persists deletions and the manifest, trims the log.
   * Callers hold the exclusive lock.
   */
  private Persistence.Cut seal() throws IOException {
    long lsn = persistence.lastLsn();
    HeadSegment h = state.head;
    List<SealedSegment> next = new ArrayList<>(state.sealed);
    if (h.ordinalBound() > 0) {
      if (h.deletedCount() > 0 && h.deletedCount() > h.liveCount() / 4) {
        rebuildHead(h);
        h = state.head;
      }
      SealedSegment seg = persistence.freeze(h);
      if (seg.liveCount() > 0) {
        persistence.writeSegment(seg);
        next.add(seg);
      }
    }
    persistence.commit(next, lsn, true);
    state.sealed = List.copyOf(next);
    state.head = new HeadSegment(state.config);
    h.close();
    state.appliedLsn = lsn;
    if (sealFailing) {
      sealFailing = false;
      LOG.info("collection '{}': sealing works again", state.name);
    }
    LOG.debug("collection '{}': checkpoint at LSN {}, {} segments", state.name, lsn, next.size());
    merger.scheduleIfNeeded();
    long points = 0;
    for (SealedSegment s : next) {
      points += s.liveCount();
    }
    return new Persistence.Cut(state.sealed, lsn, points);
  }

  /** Replaces the head by one holding only its live points. Callers hold the exclusive lock. */
  private void rebuildHead(HeadSegment h) {
    long start = System.nanoTime();
    long garbage = h.deletedCount();
    HeadSegment rebuilt = new HeadSegment(state.config);
    int bound = h.ordinalBound();
    int[] ords = new int[(int) h.liveCount()];
    int n = 0;
    for (int ord = 0; ord < bound; ord++) {
      if (h.isLive(ord)) {
        ords[n++] = rebuilt.allocate(h.id(ord), h.vector(ord), h.payload(ord));
      }
    }
    IntStream.of(ords).limit(n).parallel().forEach(rebuilt::index);
    for (int i = 0; i < n; i++) {
      rebuilt.publish(ords[i]);
    }
    state.head = rebuilt;
    h.close();
    rebuilds.incrementAndGet();
    LOG.debug(
        "collection '{}': rebuilt graph, dropped {} deleted points, kept {}, in {} ms",
        state.name,
        garbage,
        n,
        (System.nanoTime() - start) / 1_000_000);
  }

  /** Head rebuilds plus merges, for stats. */
  long compactions() {
    return rebuilds.get() + merger.merges();
  }

  /** Background merges, for stats. */
  long merges() {
    return merger.merges();
  }

  /** The write-ahead log's counters, for stats. */
  dev.vectorizer.internal.storage.WalWriter.Counters walCounters() {
    return persistence.walCounters();
  }
}
