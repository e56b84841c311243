package dev.vectorizer.internal.storage;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one durable collection: {@code MANIFEST}, {@code seg-<id>.vzs}, {@code seg-<id>.vzk}
 * (keyword postings), {@code seg-<id>.del.<gen>} and {@code wal/}. It knows file names, the
 * manifest and the log; what a segment holds is the engine's business (it hands {@link
 * SegmentFile.Source}s in and gets {@link SegmentFile.Contents} back).
 *
 * <p>Recovery: the engine reads the manifest, loads the segments it lists with their current
 * deletion generations, and replays the log after the manifest's LSN ({@link #replay}). Files not
 * named by the manifest are leftovers of an interrupted checkpoint or merge: temporaries are
 * removed when a writer opens the collection, unreferenced segment files by the next checkpoint.
 *
 * <p>Concurrency: the owning collection serialises checkpoints and merges under its exclusive lock;
 * {@link #wal()}, pins and pending marks are thread-safe.
 */
public final class CollectionStorage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionStorage.class);

  /** Prefix of the manifest copies that snapshots hold. */
  public static final String SNAPSHOT_PREFIX = ".snapshot-";

  private final Path dir;
  private final Durability durability;
  private final WalOutput.Factory outputs;
  private final int dimension;
  private WalWriter wal;
  private long nextSegmentId;
  private final Map<Long, Long> segmentBytes = new ConcurrentHashMap<>();
  private final Map<Long, Long> postingsBytes = new ConcurrentHashMap<>();

  /** Files held by open snapshots (name to count): a checkpoint must not delete them. */
  private final Map<String, Integer> pinned = new ConcurrentHashMap<>();

  /** Segments being written by a merge: not in the manifest yet, and not garbage either. */
  private final Set<Long> pending = ConcurrentHashMap.newKeySet();

  /**
   * A segment as the manifest lists it.
   *
   * @param id its id
   * @param count its ordinals
   * @param deletedGeneration its current deletion file (0 = none)
   * @param postings whether it has a keyword postings file
   * @param newerThanLsn logged writes up to this LSN are older than its points ({@link
   *     Manifest.SegmentEntry#newerThanLsn()})
   */
  public record SegmentRef(
      long id, int count, int deletedGeneration, boolean postings, long newerThanLsn) {
    /**
     * A segment the manifest's LSN covers.
     *
     * @param id its id
     * @param count its ordinals
     * @param deletedGeneration its current deletion file (0 = none)
     * @param postings whether it has a keyword postings file
     */
    public SegmentRef(long id, int count, int deletedGeneration, boolean postings) {
      this(id, count, deletedGeneration, postings, 0);
    }
  }

  private CollectionStorage(
      Path dir, int dimension, Durability durability, WalOutput.Factory outputs, long next) {
    this.dir = dir;
    this.dimension = dimension;
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
    new Manifest(name, config, 0, 1, List.of()).write(outputs, dir);
    FileIo.fsyncDirectory(dir.getParent());
    CollectionStorage s = new CollectionStorage(dir, config.dimension(), durability, outputs, 1);
    s.startAppending(1);
    return s;
  }

  /**
   * Opens an existing collection's files (the engine then reads the segments the manifest lists,
   * calls {@link #replay}, then {@link #startAppending} unless read-only).
   *
   * @param dir the collection directory
   * @param readOnly whether to open without writing anything
   * @param durability when writes are acknowledged
   * @param outputs how WAL files are opened
   * @param manifest the manifest, already read
   * @return the storage
   * @throws IOException on failure
   */
  public static CollectionStorage open(
      Path dir,
      boolean readOnly,
      Durability durability,
      WalOutput.Factory outputs,
      Manifest manifest)
      throws IOException {
    CollectionStorage s =
        new CollectionStorage(
            dir, manifest.config().dimension(), durability, outputs, manifest.nextSegmentId());
    for (Manifest.SegmentEntry e : manifest.segments()) {
      s.segmentBytes.put(e.id(), e.bytes());
      if (e.postingsBytes() > 0) {
        s.postingsBytes.put(e.id(), e.postingsBytes());
      }
    }
    if (!readOnly) {
      List<SegmentRef> refs = new ArrayList<>();
      for (Manifest.SegmentEntry e : manifest.segments()) {
        refs.add(new SegmentRef(e.id(), e.count(), e.deletedGeneration(), e.postingsBytes() > 0));
      }
      s.removeLeftovers(new HashSet<>(fileNames(refs)));
    }
    return s;
  }

  /**
   * Removes what interrupted writes left (nothing is pinned or pending at open): temporary files,
   * snapshot manifest copies, and segment or deletion files the manifest does not name.
   */
  private void removeLeftovers(Set<String> referenced) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String f = p.getFileName().toString();
        if (f.endsWith(".tmp")
            || f.startsWith(SNAPSHOT_PREFIX)
            || (f.startsWith("seg-") && !referenced.contains(f))) {
          LOG.info("{}: removing {}, left by an interrupted write", dir, f);
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /**
   * Replays the write-ahead log after an LSN.
   *
   * @param opener opens files for reading
   * @param afterLsn the manifest's LSN
   * @param consumer applies the operations of each record (a logged batch at once)
   * @return what was replayed
   * @throws IOException on failure
   */
  public WalReader.Result replay(
      FileOpener opener, long afterLsn, Consumer<List<WalRecord>> consumer) throws IOException {
    return WalReader.replay(opener, dir.resolve("wal"), afterLsn, dimension, consumer);
  }

  /**
   * Opens the log for appending after recovery.
   *
   * @param nextLsn the next LSN
   */
  public void startAppending(long nextLsn) {
    wal = new WalWriter(dir.resolve("wal"), durability, outputs, nextLsn);
  }

  /**
   * The write-ahead log (null when read-only).
   *
   * @return the log
   */
  public WalWriter wal() {
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
      Files.deleteIfExists(dir.resolve(PostingsFile.name(id)));
      segmentBytes.remove(id);
      postingsBytes.remove(id);
    }
  }

  /**
   * Writes a new segment file.
   *
   * @param segment the segment
   * @param config the collection's configuration
   * @throws IOException on failure (nothing is left behind)
   */
  public void writeSegment(SegmentFile.Source segment, CollectionConfig config) throws IOException {
    long bytes = SegmentFile.write(outputs, dir, segment, config.metric(), config.dimension());
    segmentBytes.put(segment.id(), bytes);
  }

  /**
   * Writes a segment's keyword postings file (before the manifest that names it).
   *
   * @param postings the postings
   * @param luceneVersion the version of Lucene that analyzed the text
   * @throws IOException on failure (nothing is left behind)
   */
  public void writePostings(PostingsFile.Contents postings, String luceneVersion)
      throws IOException {
    long bytes = PostingsFile.write(dir, postings, luceneVersion);
    postingsBytes.put(postings.segmentId(), bytes);
  }

  /**
   * Writes a new deletion generation of a segment.
   *
   * @param segmentId the segment
   * @param generation the new generation
   * @param words the deleted ordinals ({@link DeletionFile#write})
   * @param count the segment's ordinals
   * @throws IOException on failure
   */
  public void writeDeletions(long segmentId, int generation, long[] words, int count)
      throws IOException {
    DeletionFile.write(outputs, dir, segmentId, generation, words, count);
  }

  /**
   * Replaces the manifest, trims the log, and deletes files the manifest no longer names (unless a
   * snapshot pins them or a merge is writing them). Callers hold the collection's exclusive lock
   * and have written the segments' deletion files.
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
      String name, CollectionConfig config, List<SegmentRef> segments, long lsn, boolean trimLog)
      throws IOException {
    List<Manifest.SegmentEntry> entries = new ArrayList<>();
    for (SegmentRef seg : segments) {
      Long keywordBytes = seg.postings() ? postingsBytes.get(seg.id()) : null;
      if (seg.postings() && keywordBytes == null) {
        throw new IllegalStateException("segment " + seg.id() + " has no postings file written");
      }
      entries.add(
          new Manifest.SegmentEntry(
              seg.id(),
              seg.count(),
              segmentBytes.get(seg.id()),
              seg.deletedGeneration(),
              keywordBytes == null ? 0 : keywordBytes,
              seg.newerThanLsn()));
    }
    new Manifest(name, config, lsn, peekNextSegmentId(), entries).write(outputs, dir);
    if (trimLog) {
      wal.rotateAndTrim(lsn);
    }
    Set<String> keep = new HashSet<>(fileNames(segments));
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
          } else if (f.endsWith(".vzk")) {
            postingsBytes.remove(Long.parseLong(f.substring(4, f.length() - 4)));
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
   * The names of the files the manifest names for these segments: the segment files, their keyword
   * postings files and their current deletion files.
   *
   * @param segments the segments
   * @return the file names
   */
  public static List<String> fileNames(List<SegmentRef> segments) {
    List<String> names = new ArrayList<>();
    for (SegmentRef seg : segments) {
      names.add(SegmentFile.name(seg.id()));
      if (seg.postings()) {
        names.add(PostingsFile.name(seg.id()));
      }
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
   * Deletes every file of the collection (after the collection was closed): the directory is first
   * renamed to a hidden name (atomic), then removed; a crash in between leaves a hidden directory
   * that the next writable open removes.
   *
   * @throws IOException on failure
   */
  public void deleteAll() throws IOException {
    Path graveyard = dir.resolveSibling("." + dir.getFileName() + ".dropped-" + System.nanoTime());
    Files.move(dir, graveyard);
    FileIo.fsyncDirectory(dir.getParent());
    deleteTree(graveyard);
  }

  /**
   * Deletes a directory tree.
   *
   * @param root the root
   * @throws IOException on failure
   */
  public static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
