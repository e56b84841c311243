package dev.vectorizer.internal.engine;

import dev.vectorizer.CollectionSnapshot;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.storage.WalRecord;
import dev.vectorizer.internal.storage.WalWriter;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Where a collection's writes and segments go: nowhere ({@link InMemoryPersistence}) or to its
 * files ({@link DurablePersistence}). The collection's writer and segment lifecycle call this and
 * never ask which one they have.
 *
 * <p>Thread safety: {@link #log} and {@link #sync} may be called from many writers at once; the
 * segment operations are called by the lifecycle under the collection's exclusive lock, except
 * {@link #freeze}, {@link #writeSegment} and the pending marks, which background merges and bulk
 * loads call outside it (on segments nobody else sees yet).
 */
interface Persistence {
  /**
   * Logs a batch of operations before they are applied.
   *
   * @param records the operations
   * @return the LSN to {@link #sync} before acknowledging, or 0 when nothing is logged
   */
  long log(List<WalRecord> records);

  /**
   * Waits until everything logged up to {@code lsn} is as durable as promised.
   *
   * @param lsn the LSN from {@link #log}
   */
  void sync(long lsn);

  /**
   * Whether a head holding this many ordinals is to be written as a sealed segment now.
   *
   * @param headOrdinals the head's ordinals, live or not
   * @return whether to seal
   */
  boolean wantsSeal(int headOrdinals);

  /**
   * The LSN of the last logged write.
   *
   * @return the LSN (0 when nothing is logged)
   */
  long lastLsn();

  /**
   * The write-ahead log's counters since open (zeros without a log).
   *
   * @return bytes appended, fsyncs and their total time
   */
  WalWriter.Counters walCounters();

  /**
   * Freezes a head into a sealed segment under a new segment id.
   *
   * @param head the head (no write is in flight on it)
   * @return the segment, not yet written
   */
  SealedSegment freeze(HeadSegment head);

  /**
   * Marks a segment as being built outside the collection's lock, so a checkpoint does not take its
   * file for a leftover.
   *
   * @param segment the segment
   */
  void beginPending(SealedSegment segment);

  /**
   * Ends {@link #beginPending}.
   *
   * @param segment the segment
   * @param committed whether the manifest names it now (else its file is removed)
   * @throws IOException when an abandoned file cannot be removed
   */
  void endPending(SealedSegment segment, boolean committed) throws IOException;

  /**
   * Writes a segment's file.
   *
   * @param segment the segment
   * @throws IOException on failure (nothing is left behind)
   */
  void writeSegment(SealedSegment segment) throws IOException;

  /**
   * Makes a new set of sealed segments the collection's state: writes their pending deletions,
   * replaces the manifest, and (for checkpoints) trims the log up to {@code lsn}.
   *
   * @param segments the sealed segments, oldest first
   * @param newerThan segments (by id) bulk-loaded after {@code lsn}, with the LSN of the last write
   *     logged before their commit ({@link CollectionState#newerThan})
   * @param lsn the LSN they cover
   * @param trimLog whether the log up to {@code lsn} may go (false for merges and bulk loads)
   * @throws IOException on failure
   */
  void commit(List<SealedSegment> segments, Map<Long, Long> newerThan, long lsn, boolean trimLog)
      throws IOException;

  /** A checkpoint: seals the head and commits; returns the state it committed. */
  @FunctionalInterface
  interface Checkpoint {
    /**
     * Runs the checkpoint.
     *
     * @return the committed cut
     * @throws IOException on failure
     */
    Cut run() throws IOException;
  }

  /**
   * A committed state.
   *
   * @param segments the sealed segments, oldest first
   * @param lsn the LSN they cover
   * @param points their live points
   */
  record Cut(List<SealedSegment> segments, long lsn, long points) {}

  /**
   * Runs a checkpoint when this persistence keeps files; in memory there is nothing to make durable
   * and the checkpoint is skipped.
   *
   * @param checkpoint seals the head and commits
   * @throws IOException on failure
   */
  void checkpoint(Checkpoint checkpoint) throws IOException;

  /**
   * Runs a checkpoint and pins the files of the state it committed, for a snapshot.
   *
   * @param checkpoint seals the head and commits
   * @return the snapshot
   * @throws IOException on failure
   * @throws UnsupportedOperationException when the collection keeps no files
   */
  CollectionSnapshot snapshot(Checkpoint checkpoint) throws IOException;

  /**
   * Releases the collection's files (the collection is closing).
   *
   * @throws IOException on failure
   */
  void close() throws IOException;

  /**
   * Deletes the collection's files (after {@link #close}).
   *
   * @throws IOException on failure
   */
  void deleteAll() throws IOException;
}
