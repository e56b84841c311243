package dev.vectorizer.internal.storage;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.internal.index.ConcurrentBitSet;
import dev.vectorizer.internal.index.SealedSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The files of one durable collection: {@code MANIFEST}, {@code seg-<id>.vzs}, {@code
 * seg-<id>.del.<gen>} and {@code wal/}.
 *
 * <p>Recovery: open reads the manifest, loads the segments it lists with their current deletion
 * generations, and replays the write-ahead log after the manifest's LSN. Files not named by the
 * manifest are leftovers of an interrupted checkpoint or merge and are deleted by the next
 * checkpoint.
 *
 * <p>Concurrency: the owning collection serialises checkpoints and merges under its exclusive lock;
 * {@link #wal()} is thread-safe.
 */
public final class CollectionStorage implements AutoCloseable {
  private final Path dir;
  private final boolean readOnly;
  private final Durability durability;
  private final WalOutput.Factory outputs;
  private WriteAheadLog wal;
  private long nextSegmentId;
  private final Map<Long, Long> segmentBytes = new java.util.concurrent.ConcurrentHashMap<>();

  /** Files held by open snapshots (name to count): a checkpoint must not delete them. */
  private final Map<String, Integer> pinned = new java.util.concurrent.ConcurrentHashMap<>();

  /** Segments being written by a merge: not in the manifest yet, and not garbage either. */
  private final Set<Long> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private CollectionStorage(
      Path dir, boolean readOnly, Durability durability, WalOutput.Factory outputs, long next) {
    this.dir = dir;
    this.readOnly = readOnly;
    this.durability = durability;
    this.outputs = outputs;
    this.nextSegmentId = next;
  }

  /**
   * Creates the files of a new, empty collection.
   *
   * @param dir the collection directory (must not exist)
   * @param name the collection's name
   * @param config its configuration
   * @param durability when writes are acknowledged
   * @param outputs how WAL files are opened
   * @return the storage, ready to append
   * @throws IOException on failure
   */
  public static CollectionStorage create(
      Path dir,
      String name,
      CollectionConfig config,
      Durability durability,
      WalOutput.Factory outputs)
      throws IOException {
    Files.createDirectories(dir);
    new Manifest(name, config, 0, 1, List.of()).write(dir);
    FileIo.fsyncDirectory(dir.getParent());
    CollectionStorage s = new CollectionStorage(dir, false, durability, outputs, 1);
    s.wal = WriteAheadLog.openForAppend(dir.resolve("wal"), durability, outputs, 1);
    return s;
  }

  /**
   * Opens an existing collection's files and loads its sealed segments.
   *
   * @param dir the collection directory
   * @param readOnly whether to open without writing anything
   * @param durability when writes are acknowledged
   * @param outputs how WAL files are opened
   * @param opener opens files for reading
   * @param manifest the manifest, already read
   * @param segmentsOut receives the loaded segments, oldest first
   * @return the storage; call {@link #replay} then {@link #startAppending} (unless read-only)
   * @throws IOException on failure
   */
  public static CollectionStorage open(
      Path dir,
      boolean readOnly,
      Durability durability,
      WalOutput.Factory outputs,
      FileOpener opener,
      Manifest manifest,
      List<SealedSegment> segmentsOut)
      throws IOException {
    CollectionStorage s =
        new CollectionStorage(dir, readOnly, durability, outputs, manifest.nextSegmentId());
    CollectionConfig config = manifest.config();
    for (Manifest.SegmentEntry e : manifest.segments()) {
      ConcurrentBitSet deleted =
          e.deletedGeneration() == 0
              ? new ConcurrentBitSet()
              : DeletionFile.read(
                  opener,
                  dir.resolve(DeletionFile.name(e.id(), e.deletedGeneration())),
                  e.id(),
                  e.count());
      SealedSegment seg =
          SegmentFile.read(
              opener,
              dir.resolve(SegmentFile.name(e.id())),
              e.id(),
              config.metric(),
              config.dimension(),
              deleted,
              e.deletedGeneration());
      if (seg.size() != e.count()) {
        throw new dev.vectorizer.CorruptedDataException(
            dir.resolve(SegmentFile.name(e.id())),
            "holds " + seg.size() + " points, the manifest says " + e.count());
      }
      s.segmentBytes.put(e.id(), e.bytes());
      segmentsOut.add(seg);
    }
    return s;
  }

  /**
   * Replays the write-ahead log after an LSN.
   *
   * @param opener opens files for reading
   * @param afterLsn the manifest's LSN
   * @param consumer applies each record
   * @return the last LSN replayed (or {@code afterLsn})
   * @throws IOException on failure
   */
  public long replay(FileOpener opener, long afterLsn, Consumer<WalRecord> consumer)
      throws IOException {
    return WriteAheadLog.replay(opener, dir.resolve("wal"), afterLsn, !readOnly, consumer);
  }

  /**
   * Opens the log for appending after recovery.
   *
   * @param nextLsn the next LSN
   * @throws IOException on failure
   */
  public void startAppending(long nextLsn) throws IOException {
    wal = WriteAheadLog.openForAppend(dir.resolve("wal"), durability, outputs, nextLsn);
  }

  /**
   * The write-ahead log (null when read-only).
   *
   * @return the log
   */
  public WriteAheadLog wal() {
    return wal;
  }

  /**
   * The collection directory.
   *
   * @return the directory
   */
  public Path directory() {
    return dir;
  }

  /**
   * Allocates a segment id.
   *
   * @return the id
   */
  public synchronized long nextSegmentId() {
    return nextSegmentId++;
  }

  private synchronized long peekNextSegmentId() {
    return nextSegmentId;
  }

  /**
   * Marks a segment as being written outside the collection's lock (a merge), so that a concurrent
   * checkpoint does not take its file for a leftover.
   *
   * @param id the segment id
   */
  public void beginPending(long id) {
    pending.add(id);
  }

  /**
   * Ends {@link #beginPending}: the segment is in the manifest now, or was abandoned (then its file
   * is deleted).
   *
   * @param id the segment id
   * @param committed whether the manifest names it
   * @throws IOException when an abandoned file cannot be deleted
   */
  public void endPending(long id, boolean committed) throws IOException {
    pending.remove(id);
    if (!committed) {
      Files.deleteIfExists(dir.resolve(SegmentFile.name(id)));
      segmentBytes.remove(id);
    }
  }

  /**
   * Writes a new segment file.
   *
   * @param segment the segment
   * @param config the collection's configuration
   * @throws IOException on failure
   */
  public void writeSegment(SealedSegment segment, CollectionConfig config) throws IOException {
    long bytes = SegmentFile.write(dir, segment, config.metric(), config.dimension());
    segmentBytes.put(segment.id(), bytes);
  }

  /**
   * Persists dirty deletions, replaces the manifest, trims the log, and deletes files the manifest
   * no longer names. Callers hold the collection's exclusive lock.
   *
   * @param name the collection's name
   * @param config its configuration
   * @param segments the live segments, oldest first
   * @param lsn the LSN the segments now cover
   * @param trimLog whether to rotate and trim the log (false for merges, which do not change what
   *     the segments cover)
   * @throws IOException on failure
   */
  public void commit(
      String name, CollectionConfig config, List<SealedSegment> segments, long lsn, boolean trimLog)
      throws IOException {
    List<Manifest.SegmentEntry> entries = new ArrayList<>();
    Set<String> keep = new HashSet<>();
    for (SealedSegment seg : segments) {
      if (seg.deletionsDirty()) {
        int gen = seg.deletedGeneration() + 1;
        DeletionFile.write(dir, seg.id(), gen, seg.deletedBits(), seg.size());
        seg.deletionsPersisted(gen);
      }
      entries.add(
          new Manifest.SegmentEntry(
              seg.id(), seg.size(), segmentBytes.get(seg.id()), seg.deletedGeneration()));
      keep.add(SegmentFile.name(seg.id()));
      if (seg.deletedGeneration() > 0) {
        keep.add(DeletionFile.name(seg.id(), seg.deletedGeneration()));
      }
    }
    new Manifest(name, config, lsn, peekNextSegmentId(), entries).write(dir);
    if (trimLog) {
      wal.rotateAndTrim(lsn);
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String f = p.getFileName().toString();
        if (isPendingFile(f)) {
          continue;
        }
        if ((f.startsWith("seg-") && !keep.contains(f)) || f.endsWith(".tmp")) {
          Files.deleteIfExists(p);
          if (f.endsWith(".vzs")) {
            segmentBytes.remove(Long.parseLong(f.substring(4, f.length() - 4)));
          }
        }
      }
    }
  }

  /**
   * Pins files for a snapshot.
   *
   * @param names file names in the collection directory
   */
  public void pin(java.util.Collection<String> names) {
    for (String n : names) {
      pinned.merge(n, 1, Integer::sum);
    }
  }

  /**
   * Releases files pinned by {@link #pin}; they are deleted by the next checkpoint if the manifest
   * no longer names them.
   *
   * @param names the names
   */
  public void unpin(java.util.Collection<String> names) {
    for (String n : names) {
      pinned.computeIfPresent(n, (k, c) -> c == 1 ? null : c - 1);
    }
  }

  /**
   * The names of the files the manifest names for these segments: the segment files and their
   * current deletion files.
   *
   * @param segments the segments
   * @return the file names
   */
  public static List<String> fileNames(List<SealedSegment> segments) {
    List<String> names = new ArrayList<>();
    for (SealedSegment seg : segments) {
      names.add(SegmentFile.name(seg.id()));
      if (seg.deletedGeneration() > 0) {
        names.add(DeletionFile.name(seg.id(), seg.deletedGeneration()));
      }
    }
    return names;
  }

  private boolean isPendingFile(String f) {
    if (pinned.containsKey(f)) {
      return true;
    }
    for (long id : pending) {
      if (f.startsWith("seg-" + id + ".")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    if (wal != null) {
      wal.close();
    }
  }

  /**
   * Deletes every file of the collection (after the collection was closed).
   *
   * @throws IOException on failure
   */
  public void deleteAll() throws IOException {
    Path graveyard = dir.resolveSibling("." + dir.getFileName() + ".dropped-" + System.nanoTime());
    Files.move(dir, graveyard);
    FileIo.fsyncDirectory(dir.getParent());
    try (Stream<Path> walk = Files.walk(graveyard)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
