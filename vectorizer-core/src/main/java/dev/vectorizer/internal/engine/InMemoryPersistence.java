package dev.vectorizer.internal.engine;

import dev.vectorizer.CollectionSnapshot;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.storage.WalRecord;
import java.util.List;

/**
 * The persistence of an in-memory collection: nothing is logged, the head is never sealed (so no
 * segment operation is ever asked for), and snapshots are refused.
 *
 * <p>Stateless apart from the name; thread-safe.
 */
final class InMemoryPersistence implements Persistence {
  private final String name;

  InMemoryPersistence(String name) {
    this.name = name;
  }

  @Override
  public long log(List<WalRecord> records) {
    return 0;
  }

  @Override
  public void sync(long lsn) {}

  @Override
  public boolean wantsSeal(int headOrdinals) {
    return false;
  }

  @Override
  public long lastLsn() {
    return 0;
  }

  @Override
  public dev.vectorizer.internal.storage.WalWriter.Counters walCounters() {
    return new dev.vectorizer.internal.storage.WalWriter.Counters(0, 0, 0);
  }

  @Override
  public SealedSegment freeze(HeadSegment head) {
    throw neverSealed();
  }

  @Override
  public void beginPending(SealedSegment segment) {
    throw neverSealed();
  }

  @Override
  public void endPending(SealedSegment segment, boolean committed) {
    throw neverSealed();
  }

  @Override
  public void writeSegment(SealedSegment segment) {
    throw neverSealed();
  }

  @Override
  public void commit(List<SealedSegment> segments, long lsn, boolean trimLog) {
    // nothing to make durable: the segments are the state
  }

  @Override
  public void checkpoint(Checkpoint checkpoint) {
    // nothing to make durable
  }

  @Override
  public CollectionSnapshot snapshot(Checkpoint checkpoint) {
    throw new UnsupportedOperationException(
        "collection '" + name + "' is in memory: snapshots need a durable store");
  }

  @Override
  public void close() {}

  @Override
  public void deleteAll() {}

  private IllegalStateException neverSealed() {
    return new IllegalStateException("in-memory collection '" + name + "' has no sealed segments");
  }
}
