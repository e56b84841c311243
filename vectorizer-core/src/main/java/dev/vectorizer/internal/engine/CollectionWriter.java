package dev.vectorizer.internal.engine;

import dev.vectorizer.Point;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.keyword.AnalyzedText;
import dev.vectorizer.internal.storage.WalRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;

/**
 * The write path of one collection: validated batches are logged, then applied to the segments.
 *
 * <p>Protocol: hold the collection's read lock; lock the id stripes of the batch (in stripe order,
 * so two batches never deadlock); log the batch as one record ({@link Persistence#log}); apply it
 * (keyword terms, analyzed before any lock is taken, and the head graph; publish; retire older
 * versions in any segment; advance the write generation); unlock; then wait for durability ({@link
 * Persistence#sync}, group commit) outside every lock and return. The stripes keep log order and
 * apply order equal for each id, so replay reproduces what readers saw; a batch is logged whole, so
 * after a crash it is replayed whole or not at all.
 *
 * <p>Thread-safe.
 */
final class CollectionWriter {
  private static final int PARALLEL_BATCH = 64;
  private static final int STRIPES = 64;

  private final CollectionState state;
  private final Persistence persistence;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  CollectionWriter(CollectionState state, Persistence persistence) {
    this.state = state;
    this.persistence = persistence;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /**
   * Logs and applies upserts of distinct ids.
   *
   * @param points validated points, ids unique
   * @return the LSN to sync (0 when nothing was logged)
   */
  long upsert(List<Point> points) {
    AnalyzedText[] terms = analyze(points); // outside the locks: analysis takes time
    state.lock.readLock().lock();
    try {
      state.ensureOpen();
      int[] held = lockStripes(points.stream().map(Point::id).toList());
      try {
        List<WalRecord> records = new ArrayList<>(points.size());
        for (Point p : points) {
          records.add(WalRecord.upsert(p.id(), p.vector(), p.payload()));
        }
        long lsn = persistence.log(records);
        applyUpserts(points, terms);
        state.written();
        return lsn;
      } finally {
        unlockStripes(held);
      }
    } finally {
      state.lock.readLock().unlock();
    }
  }

  /**
   * Logs and applies deletes of distinct ids; ids that do not exist are neither logged nor counted.
   *
   * @param ids distinct ids
   * @return the number deleted, and the LSN to sync
   */
  Deleted delete(List<String> ids) {
    state.lock.readLock().lock();
    try {
      state.ensureOpen();
      int[] held = lockStripes(ids);
      try {
        List<String> present = new ArrayList<>();
        for (String id : ids) {
          if (state.exists(id)) {
            present.add(id);
          }
        }
        if (present.isEmpty()) {
          return new Deleted(0, 0);
        }
        List<WalRecord> records = new ArrayList<>(present.size());
        for (String id : present) {
          records.add(WalRecord.delete(id));
        }
        long lsn = persistence.log(records);
        int deleted = 0;
        for (String id : present) {
          if (state.delete(id)) {
            deleted++;
          }
        }
        state.written();
        return new Deleted(deleted, lsn);
      } finally {
        unlockStripes(held);
      }
    } finally {
      state.lock.readLock().unlock();
    }
  }

  /**
   * What a delete did.
   *
   * @param count points deleted
   * @param lsn the LSN to sync (0 when nothing was logged)
   */
  record Deleted(int count, long lsn) {}

  /**
   * Applies a replayed logged batch as the live write applied it (a large batch of upserts builds
   * its graph nodes in parallel). Called during open, before readers exist. A write logged before a
   * bulk load committed does not override the bulk load's points ({@link
   * CollectionState#supersededAt}).
   */
  void replay(List<WalRecord> batch) {
    List<Point> upserts = new ArrayList<>();
    for (WalRecord r : batch) {
      if (r.op() == WalRecord.UPSERT) {
        if (!state.supersededAt(r.id(), r.lsn())) {
          upserts.add(Point.of(r.id(), r.vector(), r.payload()));
        }
      } else {
        if (!upserts.isEmpty()) {
          applyUpserts(upserts, analyze(upserts));
          upserts = new ArrayList<>();
        }
        state.deleteReplayed(r.id(), r.lsn());
      }
    }
    if (!upserts.isEmpty()) {
      applyUpserts(upserts, analyze(upserts));
    }
  }

  /** The keyword terms of each point's text (nulls without a keyword index). */
  private AnalyzedText[] analyze(List<Point> points) {
    AnalyzedText[] terms = new AnalyzedText[points.size()];
    for (int i = 0; i < terms.length; i++) {
      terms[i] = state.analyze(points.get(i).payload());
    }
    return terms;
  }

  private void applyUpserts(List<Point> points, AnalyzedText[] terms) {
    HeadSegment h = state.head;
    int[] ords = new int[points.size()];
    for (int i = 0; i < ords.length; i++) {
      Point p = points.get(i);
      ords[i] = h.allocate(p.id(), p.vector(), p.payload(), terms[i]);
    }
    if (ords.length >= PARALLEL_BATCH) {
      IntStream.of(ords).parallel().forEach(h::index);
    } else {
      for (int ord : ords) {
        h.index(ord);
      }
    }
    for (int i = 0; i < ords.length; i++) {
      h.publish(ords[i]);
      state.retireInSealed(points.get(i).id());
    }
  }

  private int[] lockStripes(List<String> ids) {
    boolean[] want = new boolean[STRIPES];
    for (String id : ids) {
      want[Math.floorMod(id.hashCode() * 0x9E3779B9, STRIPES)] = true;
    }
    int[] held = new int[STRIPES];
    int n = 0;
    for (int i = 0; i < STRIPES; i++) {
      if (want[i]) {
        locks[i].lock();
        held[n++] = i;
      }
    }
    return Arrays.copyOf(held, n);
  }

  private void unlockStripes(int[] held) {
    for (int i = held.length - 1; i >= 0; i--) {
      locks[held[i]].unlock();
    }
  }
}
