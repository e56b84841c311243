package dev.vectorizer.internal.engine;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.StoreClosedException;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.index.Segment;
import dev.vectorizer.internal.keyword.AnalyzedText;
import dev.vectorizer.internal.keyword.TermAnalyzer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The segments of one collection — the mutable head and the immutable sealed ones — and the lock
 * that guards replacing them. Shared by the collection's reads, its writer ({@link
 * CollectionWriter}) and its segment lifecycle ({@link SegmentLifecycle}).
 *
 * <p>Concurrency: every operation holds the read side of {@link #lock}, so reads and writes run in
 * parallel; the write side ("stop the world" for this collection) is taken only to swap segments
 * (seal, the switch of a merge, a rebuilt head or a bulk load) and to close, never for a graph
 * build. {@link #head}, {@link #sealed} and {@link #newerThan} are volatile and replaced whole,
 * never mutated in place (the list and the map are immutable).
 *
 * <p>Recovery: {@link #supersededAt} and {@link #deleteReplayed} apply the one rule replay needs
 * beyond "records after the manifest's LSN": a bulk-loaded segment's points are newer than every
 * write logged before its commit.
 */
final class CollectionState {
  final String name;
  final CollectionConfig config;
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  /** Cuts payload texts into keyword terms; null when the collection has no keyword index. */
  final TermAnalyzer analyzer;

  /**
   * Changes after every applied write; drawn from one counter for all collections, so a collection
   * dropped and re-created under the same name never repeats a value (the query cache keys on it).
   */
  private volatile long generation = GENERATIONS.incrementAndGet();

  private static final AtomicLong GENERATIONS = new AtomicLong();
  volatile HeadSegment head;
  volatile List<SealedSegment> sealed;

  /**
   * The LSN up to which the sealed segments cover the log: the manifest's (durable collections).
   * Replayed writes above it live in the head only, so a manifest written without sealing the head
   * (a merge, a bulk load) must keep this LSN.
   */
  volatile long coveredLsn;

  /**
   * Sealed segments (by id) committed by a bulk load after {@link #coveredLsn}: their points are
   * newer than every write logged up to the mapped LSN (see {@link
   * dev.vectorizer.internal.storage.Manifest.SegmentEntry#newerThanLsn()}). Emptied by the next
   * checkpoint, which covers them.
   */
  volatile Map<Long, Long> newerThan = Map.of();

  volatile boolean closed;

  CollectionState(String name, CollectionConfig config, List<SealedSegment> sealed, long lsn) {
    this(name, config, sealed, lsn, true);
  }

  /**
   * Creates the state; a head that is never searched by graph ({@code indexHead} false, for
   * read-only stores) skips building one.
   */
  CollectionState(
      String name,
      CollectionConfig config,
      List<SealedSegment> sealed,
      long lsn,
      boolean indexHead) {
    this.name = name;
    this.config = config;
    this.analyzer = config.keyword() == null ? null : new TermAnalyzer(config.keyword());
    this.head = new HeadSegment(config, indexHead);
    this.sealed = List.copyOf(sealed);
    this.coveredLsn = lsn;
  }

  /** The head first, then the sealed segments, oldest first. */
  List<Segment> segments() {
    List<SealedSegment> s = sealed;
    List<Segment> all = new ArrayList<>(s.size() + 1);
    all.add(head);
    all.addAll(s);
    return all;
  }

  /** Whether a point with this id is live in any segment. */
  boolean exists(String id) {
    if (head.ordinalOf(id) >= 0) {
      return true;
    }
    for (SealedSegment s : sealed) {
      if (s.ordinalOf(id) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Marks the id deleted in the sealed segments (after a newer version went into the head). */
  void retireInSealed(String id) {
    for (SealedSegment s : sealed) {
      int ord = s.ordinalOf(id);
      if (ord >= 0) {
        s.delete(ord);
      }
    }
  }

  /** Deletes the id everywhere; returns whether it was live somewhere. */
  boolean delete(String id) {
    boolean deleted = head.remove(id, -1);
    for (SealedSegment s : sealed) {
      int ord = s.ordinalOf(id);
      if (ord >= 0 && s.delete(ord)) {
        deleted = true;
      }
    }
    return deleted;
  }

  /**
   * Whether a replayed upsert of an id, logged at an LSN, is superseded by a bulk-loaded segment
   * committed after it (which then holds the id's current version).
   */
  boolean supersededAt(String id, long lsn) {
    Map<Long, Long> newer = newerThan;
    if (newer.isEmpty()) {
      return false;
    }
    for (SealedSegment s : sealed) {
      Long after = newer.get(s.id());
      if (after != null && after >= lsn && s.ordinalOf(id) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Applies a replayed delete logged at an LSN: segments bulk-loaded after it keep the id. */
  void deleteReplayed(String id, long lsn) {
    Map<Long, Long> newer = newerThan;
    if (newer.isEmpty()) {
      delete(id);
      return;
    }
    head.remove(id, -1);
    for (SealedSegment s : sealed) {
      Long after = newer.get(s.id());
      int ord = s.ordinalOf(id);
      if (ord >= 0 && (after == null || after < lsn)) {
        s.delete(ord);
      }
    }
  }

  /** Live points in all segments. */
  long liveCount() {
    long n = head.liveCount();
    for (SealedSegment s : sealed) {
      n += s.liveCount();
    }
    return n;
  }

  /** The keyword terms of a payload's {@code text}, or null (no keyword index, or no text). */
  AnalyzedText analyze(Map<String, Object> payload) {
    if (analyzer == null || !(payload.get("text") instanceof String text)) {
      return null;
    }
    return analyzer.analyze(text);
  }

  long generation() {
    return generation;
  }

  /** Called after a write was applied (and before it is acknowledged). */
  void written() {
    generation = GENERATIONS.incrementAndGet();
  }

  void ensureOpen() {
    if (closed) {
      throw new StoreClosedException("collection '" + name + "' is closed");
    }
  }
}
