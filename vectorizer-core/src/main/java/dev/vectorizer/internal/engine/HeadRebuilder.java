package dev.vectorizer.internal.engine;

import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.keyword.AnalyzedText;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a head segment that is mostly garbage (replaced and deleted points the graph keeps as
 * routing nodes) into a new head holding only its live points, while reads and writes go on against
 * the old one. Only the last catch-up round and the swap hold the collection's exclusive lock.
 *
 * <p>Catch-up: a head's ordinals are never reused, and a live ordinal only ever turns dead, so a
 * round compares each old ordinal's live bit with what it copied: live and not copied yet → copy it
 * (insert into the new graph, then publish, in old-ordinal order so that a later version of an id
 * wins); copied and dead now → remove the copy (only while it is still that id's current version).
 * Rounds repeat outside the lock until few changes remain; the last one runs under the exclusive
 * lock, where no write is in flight (a writer holds the read lock from logging to applying), so the
 * new head then holds exactly the old head's live points.
 *
 * <p>Keyword postings (collections with a keyword index): each copied point's payload {@code text}
 * is analyzed again into the new head's postings as it is copied, like a write, so the new head
 * carries postings of its live points only. A point that dies during the catch-up rounds (after it
 * was copied) keeps dead postings in the new head, as a point deleted after the rebuild would; its
 * live bit hides it from searches, and the seal drops them.
 *
 * <p>Recovery: nothing is logged or written. The log still holds every write since the last
 * checkpoint and replay rebuilds the same live points, so a crash at any moment loses nothing.
 *
 * <p>Thread-safe: at most one rebuild of a collection is scheduled at a time; {@link #rebuild} may
 * also run on a caller's thread (a checkpoint that wants a clean head first).
 */
final class HeadRebuilder {
  private static final Logger LOG = LoggerFactory.getLogger(HeadRebuilder.class);

  /** A head is rebuilt when it holds at least this many deleted points and more than live ones. */
  static final int MIN_GARBAGE = 1024;

  /** Rounds outside the lock stop when fewer changes than this remain (or after MAX_ROUNDS). */
  private static final int SMALL_DELTA = 256;

  private static final int MAX_ROUNDS = 8;

  private final CollectionState state;
  private final Executor executor;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicLong rebuilds = new AtomicLong();
  private final ReentrantLock running = new ReentrantLock();
  private volatile boolean stopping;

  HeadRebuilder(CollectionState state, Executor executor) {
    this.state = state;
    this.executor = executor;
  }

  /** Whether a head has enough garbage to be worth rebuilding in the background. */
  static boolean mostlyGarbage(HeadSegment h) {
    long garbage = h.deletedCount();
    return garbage >= MIN_GARBAGE && garbage > h.liveCount();
  }

  /** Schedules a background rebuild when the head is mostly garbage and none is scheduled. */
  void scheduleIfNeeded() {
    if (!mostlyGarbage(state.head) || stopping || !scheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(
          () -> {
            try {
              HeadSegment h = state.head;
              if (mostlyGarbage(h)) {
                rebuild(h);
              }
            } catch (RuntimeException e) {
              LOG.warn("collection '{}': background head rebuild failed", state.name, e);
            } finally {
              scheduled.set(false);
            }
          });
    } catch (RejectedExecutionException e) {
      scheduled.set(false); // the store is closing
    }
  }

  /** Asks a running rebuild to stop at its next step (the store is closing). */
  void stop() {
    stopping = true;
  }

  long rebuilds() {
    return rebuilds.get();
  }

  /**
   * Rebuilds a head and swaps it in, after any rebuild already running, unless it stopped being the
   * collection's head meanwhile (a checkpoint sealed it, another rebuild replaced it) or the
   * collection closed.
   *
   * @param h the head to rebuild
   * @return whether the rebuilt head replaced it
   */
  boolean rebuild(HeadSegment h) {
    running.lock();
    try {
      return !abandoned(h) && rebuildLocked(h);
    } finally {
      running.unlock();
    }
  }

  /**
   * As {@link #rebuild}, but returns false at once when a rebuild is running.
   *
   * @param h the head to rebuild
   * @return whether the rebuilt head replaced it
   */
  boolean tryRebuild(HeadSegment h) {
    if (!running.tryLock()) {
      return false;
    }
    try {
      return !abandoned(h) && rebuildLocked(h);
    } finally {
      running.unlock();
    }
  }

  private boolean rebuildLocked(HeadSegment h) {
    long start = System.nanoTime();
    long garbage = h.deletedCount();
    Copy copy = new Copy(state, h, new HeadSegment(state.config));
    int rounds = 0;
    long pause;
    try {
      while (rounds < MAX_ROUNDS) {
        if (abandoned(h)) {
          copy.target.close();
          return false;
        }
        rounds++;
        if (copy.catchUp() < SMALL_DELTA) {
          break;
        }
      }
      state.lock.writeLock().lock();
      long locked = System.nanoTime();
      try {
        if (abandoned(h)) {
          copy.target.close();
          return false;
        }
        copy.catchUp();
        state.head = copy.target;
      } finally {
        state.lock.writeLock().unlock();
        pause = System.nanoTime() - locked;
      }
    } catch (RuntimeException | Error e) {
      copy.target.close();
      throw e;
    }
    h.close();
    rebuilds.incrementAndGet();
    LOG.debug(
        "collection '{}': rebuilt the head in the background, dropped {} deleted points, kept {},"
            + " in {} ms ({} rounds, {} µs under the exclusive lock)",
        state.name,
        garbage,
        copy.target.liveCount(),
        (System.nanoTime() - start) / 1_000_000,
        rounds,
        pause / 1000);
    return true;
  }

  private boolean abandoned(HeadSegment h) {
    return stopping || state.closed || state.head != h;
  }

  /** The copy of one head into another, round by round. Used by one thread at a time. */
  private static final class Copy {
    private static final int NOT_COPIED = -1;
    private static final int REMOVED = -2;

    final CollectionState state;
    final HeadSegment source;
    final HeadSegment target;

    /** Source ordinal to its copy in the target, NOT_COPIED, or REMOVED. */
    private int[] copies = new int[0];

    Copy(CollectionState state, HeadSegment source, HeadSegment target) {
      this.state = state;
      this.source = source;
      this.target = target;
    }

    /** One round; returns the number of ordinals copied or removed. */
    int catchUp() {
      int bound = source.ordinalBound();
      if (copies.length < bound) {
        int old = copies.length;
        copies = Arrays.copyOf(copies, Math.max(bound, old + (old >> 1)));
        Arrays.fill(copies, old, copies.length, NOT_COPIED);
      }
      int[] added = new int[64];
      int nAdded = 0;
      int[] removed = new int[16];
      int nRemoved = 0;
      for (int ord = 0; ord < bound; ord++) {
        int copy = copies[ord];
        boolean live = source.isLive(ord);
        if (live && copy == NOT_COPIED) {
          if (nAdded == added.length) {
            added = Arrays.copyOf(added, nAdded * 2);
          }
          added[nAdded++] = ord;
        } else if (!live && copy >= 0) {
          if (nRemoved == removed.length) {
            removed = Arrays.copyOf(removed, nRemoved * 2);
          }
          removed[nRemoved++] = ord;
        }
      }
      AnalyzedText[] terms = new AnalyzedText[nAdded];
      if (target.postings() != null) {
        int[] toAnalyze = added;
        IntStream.range(0, nAdded)
            .parallel()
            .forEach(i -> terms[i] = state.analyze(source.payload(toAnalyze[i])));
      }
      for (int i = 0; i < nAdded; i++) {
        int ord = added[i];
        copies[ord] =
            target.allocate(source.id(ord), source.vector(ord), source.payload(ord), terms[i]);
      }
      int[] ords = copies;
      IntStream.of(added).limit(nAdded).parallel().forEach(o -> target.index(ords[o]));
      for (int i = 0; i < nAdded; i++) {
        target.publish(copies[added[i]]); // ascending source ordinals: a later version wins
      }
      for (int i = 0; i < nRemoved; i++) {
        int ord = removed[i];
        target.remove(source.id(ord), copies[ord]);
        copies[ord] = REMOVED;
      }
      return nAdded + nRemoved;
    }
  }
}
