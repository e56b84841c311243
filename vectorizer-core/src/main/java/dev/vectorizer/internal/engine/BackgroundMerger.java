package dev.vectorizer.internal.engine;

import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.index.SealedSegment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges a collection's sealed segments when there are more than {@code maxSegments}: the smallest
 * ones are rebuilt into one segment without their deleted points, on the store's merge thread,
 * while reads and writes go on. Deletions that hit the source segments meanwhile are carried over
 * under the exclusive lock, just before the manifest switch.
 *
 * <p>Policy: take the smallest segments by live points, at least two and enough to come back to
 * half of {@code maxSegments} over; repeat while above the limit.
 *
 * <p>Thread-safe: at most one merge of a collection is scheduled at a time.
 */
final class BackgroundMerger {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundMerger.class);

  private final CollectionState state;
  private final Persistence persistence;
  private final Executor executor;
  private final int maxSegments;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicLong merges = new AtomicLong();
  private volatile boolean stopping;

  BackgroundMerger(
      CollectionState state, Persistence persistence, Executor executor, int maxSegments) {
    this.state = state;
    this.persistence = persistence;
    this.executor = executor;
    this.maxSegments = maxSegments;
  }

  /** A merger for collections that never have sealed segments to merge (in memory, read-only). */
  static BackgroundMerger none(CollectionState state, Persistence persistence) {
    return new BackgroundMerger(
        state,
        persistence,
        r -> {
          throw new RejectedExecutionException("this collection does not merge");
        },
        Integer.MAX_VALUE);
  }

  long merges() {
    return merges.get();
  }

  /** Asks a running merge to stop at its next step (the store is closing). */
  void stop() {
    stopping = true;
  }

  /** Schedules a merge when there are too many segments and none is scheduled. */
  void scheduleIfNeeded() {
    if (state.sealed.size() > maxSegments && scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::run);
      } catch (RejectedExecutionException e) {
        scheduled.set(false); // the store is closing
      }
    }
  }

  private void run() {
    boolean failed = false;
    try {
      while (!state.closed && !stopping && state.sealed.size() > maxSegments) {
        if (!mergeOnce()) {
          break;
        }
      }
    } catch (RuntimeException | IOException e) {
      failed = true;
      LOG.warn(
          "collection '{}': background merge failed, will retry at the next checkpoint",
          state.name,
          e);
    } finally {
      scheduled.set(false);
    }
    if (!failed) {
      scheduleIfNeeded(); // a checkpoint may have added segments while the flag was set
    }
  }

  private boolean mergeOnce() throws IOException {
    List<SealedSegment> current = state.sealed;
    List<SealedSegment> bySize = new ArrayList<>(current);
    bySize.sort(Comparator.comparingLong(SealedSegment::liveCount));
    int take = Math.max(2, current.size() - maxSegments / 2);
    List<SealedSegment> chosen = bySize.subList(0, Math.min(take, bySize.size()));
    long start = System.nanoTime();
    HeadSegment building = new HeadSegment(state.config);
    List<int[]> sources = new ArrayList<>(); // {source index, source ordinal, merged ordinal}
    for (int si = 0; si < chosen.size(); si++) {
      SealedSegment src = chosen.get(si);
      for (int ord = 0; ord < src.size(); ord++) {
        if (src.isLive(ord)) {
          int m = building.allocate(src.id(ord), src.vector(ord), src.payload(ord));
          sources.add(new int[] {si, ord, m});
        }
      }
    }
    if (building.postings() != null) {
      int[][] renumbered = new int[chosen.size()][];
      for (int si = 0; si < chosen.size(); si++) {
        renumbered[si] = new int[chosen.get(si).size()];
        java.util.Arrays.fill(renumbered[si], -1);
      }
      for (int[] t : sources) {
        renumbered[t[0]][t[1]] = t[2];
      }
      for (int si = 0; si < chosen.size(); si++) {
        int[] map = renumbered[si];
        building
            .postings()
            .addAll(chosen.get(si).postings(), ord -> ord < map.length ? map[ord] : -1);
      }
    }
    sources.stream()
        .parallel()
        .forEach(
            t -> {
              if (!stopping) {
                building.index(t[2]);
              }
            });
    for (int[] t : sources) {
      building.publish(t[2]);
    }
    if (state.closed || stopping) {
      building.close();
      return false;
    }
    SealedSegment merged = persistence.freeze(building);
    building.close();
    persistence.beginPending(merged);
    boolean committed = false;
    try {
      persistence.writeSegment(merged);
      state.lock.writeLock().lock();
      try {
        if (state.closed || !state.sealed.containsAll(chosen)) {
          return false;
        }
        for (int[] t : sources) {
          if (!chosen.get(t[0]).isLive(t[1])) {
            // Deleted or replaced while we were merging. Sealing renumbered the ordinals (graph
            // order), so find the copy by id: live ids are unique across the merged segments.
            int copy = merged.ordinalOf(chosen.get(t[0]).id(t[1]));
            if (copy >= 0) {
              merged.delete(copy);
            }
          }
        }
        List<SealedSegment> next = new ArrayList<>(state.sealed);
        next.removeAll(chosen);
        next.add(merged);
        // A merged bulk load stays newer than the writes logged before it (ADR 0015): the merged
        // segment's other points were live after those writes too, so the rule holds for them.
        Map<Long, Long> newer = new HashMap<>(state.newerThan);
        long mergedNewer = 0;
        for (SealedSegment c : chosen) {
          Long lsn = newer.remove(c.id());
          mergedNewer = lsn == null ? mergedNewer : Math.max(mergedNewer, lsn);
        }
        if (mergedNewer > 0) {
          newer.put(merged.id(), mergedNewer);
        }
        persistence.commit(next, newer, state.coveredLsn, false);
        committed = true;
        state.sealed = List.copyOf(next);
        state.newerThan = Map.copyOf(newer);
        merges.incrementAndGet();
      } finally {
        state.lock.writeLock().unlock();
      }
    } finally {
      persistence.endPending(merged, committed);
    }
    LOG.debug(
        "collection '{}': merged {} segments ({} points) in {} ms",
        state.name,
        chosen.size(),
        sources.size(),
        (System.nanoTime() - start) / 1_000_000);
    return true;
  }
}
