package dev.vectorizer.internal.engine;

import dev.vectorizer.CollectionSnapshot;
import dev.vectorizer.VectorizerException;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.index.SealedSegment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one collection's segments change shape after writes: a full head is sealed into an immutable
 * segment (durable collections), a head that is mostly garbage is rebuilt from its live points in
 * the background ({@link HeadRebuilder}), checkpoints and snapshots seal on demand, and too many
 * sealed segments are merged in the background ({@link BackgroundMerger}).
 *
 * <p>Concurrency: sealing replaces {@link CollectionState#head} under the state's exclusive lock;
 * after a write it is only tried ({@code tryLock}), so writers never queue behind one another's
 * maintenance. No graph is built under the exclusive lock: a head with much garbage is rebuilt
 * (outside it) before it is sealed.
 */
final class SegmentLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentLifecycle.class);

  private final CollectionState state;
  private final Persistence persistence;
  private final BackgroundMerger merger;
  private final HeadRebuilder rebuilder;

  /** True from a failed seal after a write until a seal succeeds (keeps the log quiet). */
  private volatile boolean sealFailing;

  SegmentLifecycle(
      CollectionState state,
      Persistence persistence,
      BackgroundMerger merger,
      HeadRebuilder rebuilder) {
    this.state = state;
    this.persistence = persistence;
    this.merger = merger;
    this.rebuilder = rebuilder;
  }

  /** After a write: seal a full head, or schedule a rebuild of a head full of garbage. */
  void afterWrite() {
    HeadSegment h = state.head;
    if (persistence.wantsSeal(h.ordinalBound())) {
      if (needsCleaning(h) && !rebuilder.tryRebuild(h)) {
        return; // a rebuild is running; a later write seals
      }
      if (state.lock.writeLock().tryLock()) {
        try {
          if (!state.closed && persistence.wantsSeal(state.head.ordinalBound())) {
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
    rebuilder.scheduleIfNeeded();
  }

  /** After a bulk load added a sealed segment: merge when there are too many, clean the head. */
  void afterBulkLoad() {
    merger.scheduleIfNeeded();
    rebuilder.scheduleIfNeeded();
  }

  /**
   * Whether a head about to be sealed should be rebuilt first (a quarter or more of it is garbage),
   * so that its segment file holds few dead points. The rebuild runs outside the exclusive lock.
   */
  private static boolean needsCleaning(HeadSegment h) {
    return h.deletedCount() > 0 && h.deletedCount() > h.liveCount() / 4;
  }

  /** Before a checkpoint: rebuilds a head that needs cleaning, on the caller's thread. */
  private void cleanBeforeCheckpoint() {
    HeadSegment h = state.head;
    if (persistence.wantsSeal(Integer.MAX_VALUE) && needsCleaning(h)) {
      rebuilder.rebuild(h);
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
    cleanBeforeCheckpoint();
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
    cleanBeforeCheckpoint();
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
      SealedSegment seg = persistence.freeze(h);
      if (seg.liveCount() > 0) {
        persistence.writeSegment(seg);
        next.add(seg);
      }
    }
    persistence.commit(next, Map.of(), lsn, true);
    state.sealed = List.copyOf(next);
    state.newerThan = Map.of(); // the manifest's LSN covers every bulk load now
    state.head = new HeadSegment(state.config);
    h.close();
    state.coveredLsn = lsn;
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

  /** Asks background work to stop at its next step (the store is closing). */
  void stop() {
    merger.stop();
    rebuilder.stop();
  }

  /** Head rebuilds plus merges, for stats. */
  long compactions() {
    return rebuilder.rebuilds() + merger.merges();
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
