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
 * (seal, merge switch, head rebuild) and to close. {@link #head} and {@link #sealed} are volatile
 * and replaced whole, never mutated in place (the list is immutable).
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

  /** The LSN of the last write the segments hold (for durable collections). */
  volatile long appliedLsn;

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
    this.appliedLsn = lsn;
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
