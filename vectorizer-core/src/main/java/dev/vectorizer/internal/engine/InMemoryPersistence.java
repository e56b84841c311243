package dev.vectorizer.internal.engine;

import dev.vectorizer.CollectionSnapshot;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.storage.PayloadCodec;
import dev.vectorizer.internal.storage.WalRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The persistence of an in-memory collection: nothing is logged, the head is never sealed, and
 * snapshots are refused. Bulk loads freeze their segments here (kept in memory, never written).
 *
 * <p>Thread-safe.
 */
final class InMemoryPersistence implements Persistence {
  private final String name;
  private final AtomicLong segmentIds = new AtomicLong();

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
    return head.seal(
        segmentIds.incrementAndGet(),
        PayloadCodec::encode,
        json -> PayloadCodec.decode(json, Path.of(name))); // never fails: we encoded it
  }

  @Override
  public void beginPending(SealedSegment segment) {
    // no file to protect
  }

  @Override
  public void endPending(SealedSegment segment, boolean committed) {
    // no file to remove
  }

  @Override
  public void writeSegment(SealedSegment segment) {
    // kept in memory only
  }

  @Override
  public void commit(
      List<SealedSegment> segments, Map<Long, Long> newerThan, long lsn, boolean trimLog) {
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
}
