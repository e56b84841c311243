package dev.vectorizer.backup;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionExistsException;
import dev.vectorizer.CollectionSnapshot;
import dev.vectorizer.CorruptedDataException;
import dev.vectorizer.VectorStore;
import dev.vectorizer.VectorizerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Backups of a durable store's collections: full and incremental archives, verification, listing
 * and atomic restore. Every backup is recorded in the store's {@link BackupCatalog} ({@code
 * DATA/backup-catalog.jsonl}, found through {@link VectorStore#directory()}).
 *
 * <ul>
 *   <li><b>Full</b>: a consistent cut ({@link Collection#snapshot()}: a checkpoint, then the files
 *       are pinned while writes go on) written as a tar.gz (or tar) of the collection's files and a
 *       {@code manifest.json} with every entry's size and SHA-256.
 *   <li><b>Incremental</b>: names its parent, holds only the files the parent chain lacks (segment
 *       files are immutable and deletion files are generations, so a new file holds exactly what
 *       changed since the parent's cut; see docs/backup.md).
 *   <li><b>Create</b>: the catalog records the start, the archive is written to a hidden temporary
 *       file beside the output, forced to disk and renamed into place, then the catalog records the
 *       backup. A failed create removes its temporary file; a killed one leaves it to the next
 *       create of the store, which removes it.
 *   <li><b>Verify and restore</b> run the same checks ({@link ChainReader}); restore extracts into
 *       a temporary directory, then {@link VectorStore#importCollection} swaps it in atomically; a
 *       bad archive leaves the live collection untouched.
 * </ul>
 *
 * <p>Thread-safe; the caller owns the store.
 */
public final class BackupManager {
  private static final String RESTORE_PREFIX = ".restore-";
  private static final java.util.Set<Path> RESTORING = new java.util.HashSet<>();
  private final VectorStore store;
  private final Clock clock;
  private final BackupCatalog catalog;
  private final Archive.Output output;

  /**
   * Creates a manager.
   *
   * @param store a durable store opened for writing
   * @param clock the clock for creation times
   */
  public BackupManager(VectorStore store, Clock clock) {
    this(store, clock, Archive.Output.FILES);
  }

  BackupManager(VectorStore store, Clock clock, Archive.Output output) {
    this.store = store;
    this.clock = clock;
    this.catalog = store.directory().map(BackupCatalog::of).orElse(null);
    this.output = output;
  }

  /**
   * The store's backup catalog.
   *
   * @return the catalog; empty for an in-memory store
   */
  public Optional<BackupCatalog> catalog() {
    return Optional.ofNullable(catalog);
  }

  /**
   * Writes a full backup.
   *
   * @param collection the collection
   * @param output the archive to write (replaced atomically)
   * @param compress gzip (true) or plain tar
   * @return what was written
   */
  public BackupInfo full(String collection, Path output, boolean compress) {
    return write(collection, output, compress, null);
  }

  /**
   * Writes an incremental backup on top of a parent archive (full or incremental).
   *
   * @param collection the collection
   * @param output the archive to write
   * @param parent the parent archive; its own parents must be in the catalog or beside it
   * @param compress gzip or plain tar
   * @return what was written
   */
  public BackupInfo incremental(String collection, Path output, Path parent, boolean compress) {
    BackupManifest p = Archive.readManifest(parent);
    if (!collection.equals(p.collection())) {
      throw new IllegalArgumentException(
          "parent backup "
              + parent
              + " holds collection '"
              + p.collection()
              + "', not '"
              + collection
              + "'");
    }
    return write(collection, output, compress, p);
  }

  private BackupInfo write(
      String collection, Path target, boolean compress, BackupManifest parent) {
    Collection c = store.collection(collection);
    String id = UUID.randomUUID().toString();
    Path out = target.toAbsolutePath().normalize();
    // Hidden, and named after the backup: listings skip it, and the catalog knows whose it is.
    Path tmp = out.resolveSibling("." + out.getFileName() + "." + id + ".partial");
    boolean placed = false;
    try {
      Files.createDirectories(out.getParent());
      String storeId = catalog == null ? null : catalog.started(id, collection, out, tmp);
      BackupInfo info;
      ArchiveWriter.Written w;
      try (CollectionSnapshot snap = c.snapshot()) {
        w = ArchiveWriter.write(snap, id, storeId, parent, clock.instant(), tmp, compress, output);
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      placed = true;
      CatalogFile.fsyncDirectory(out.getParent());
      info = info(BackupManifest.of(out, w.manifest()), out, Files.size(out));
      if (catalog != null) {
        catalog.added(info, w.sha256());
      }
      return info;
    } catch (IOException | RuntimeException e) {
      if (!placed) {
        cleanUp(id, tmp, e);
      }
      if (e instanceof BackupException || e instanceof IllegalArgumentException) {
        throw (RuntimeException) e;
      }
      throw new VectorizerException(
          "backup of collection '"
              + collection
              + "' to "
              + target
              + " failed"
              + (placed ? " after the archive was written (the next backup records it)" : "")
              + ": "
              + message(e),
          e);
    }
  }

  private void cleanUp(String id, Path tmp, Exception failure) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException ex) {
      failure.addSuppressed(ex); // the next create of the store removes it
    }
    if (catalog != null) {
      try {
        catalog.abandoned(id, "failed: " + message(failure));
      } catch (RuntimeException ex) {
        failure.addSuppressed(ex); // the catalog shows it unfinished until the next create
      }
    }
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  static BackupInfo info(BackupManifest m, Path file, long size) {
    return new BackupInfo(
        m.id(),
        m.collection(),
        m.type(),
        m.parent(),
        m.createdAt(),
        m.lsn(),
        m.points(),
        size,
        file);
  }

  /**
   * Lists the readable backups in a directory, oldest first; other files are ignored ({@link
   * BackupCatalog#scan} lists them with the reason).
   *
   * @param dir the directory
   * @return the backups
   */
  public static List<BackupInfo> list(Path dir) {
    List<BackupInfo> out = new ArrayList<>();
    for (Path p : BackupCatalog.archivesIn(dir)) {
      try {
        out.add(info(Archive.readManifest(p), p, Files.size(p)));
      } catch (BackupException | IOException e) {
        // not a backup of ours, or damaged: verify reports it
      }
    }
    out.sort(Comparator.comparing(BackupInfo::createdAt));
    return out;
  }

  /**
   * Verifies a backup and every ancestor it needs (found beside it), reading every entry and
   * checking it with the checks restore runs.
   *
   * @param archive the archive
   * @return the chain, oldest (the full backup) first
   * @throws BackupException naming the archive and entry at the first problem
   */
  public static List<BackupInfo> verify(Path archive) {
    return verify(archive, null);
  }

  /**
   * Verifies a backup and every ancestor it needs, looking parents up in a catalog first, then
   * beside the archive; runs exactly the checks restore runs.
   *
   * @param archive the archive
   * @param catalog the store's catalog, or null
   * @return the chain, oldest (the full backup) first
   * @throws BackupException naming the archive and entry at the first problem
   */
  public static List<BackupInfo> verify(Path archive, BackupCatalog catalog) {
    List<ChainReader.Link> chain = ChainReader.chain(archive, parents(catalog));
    ChainReader.read(chain, null, Archive.Output.FILES);
    List<BackupInfo> out = new ArrayList<>();
    for (ChainReader.Link l : chain) {
      try {
        out.add(info(l.manifest(), l.file(), Files.size(l.file())));
      } catch (IOException e) {
        throw Archive.unreadable(l.file(), null, e);
      }
    }
    return out;
  }

  /** The archives needed to restore {@code archive}, full backup first (parents beside it). */
  static List<Path> chain(Path archive) {
    return ChainReader.chain(archive, parents(null)).stream().map(ChainReader.Link::file).toList();
  }

  static ChainReader.Parents parents(BackupCatalog catalog) {
    return (id, child) -> {
      if (catalog != null) {
        Optional<Path> p = catalog.find(id);
        if (p.isPresent()) {
          return p.get();
        }
      }
      for (Path p : BackupCatalog.archivesIn(child.toAbsolutePath().getParent())) {
        try {
          if (Archive.readManifest(p).id().equals(id)) {
            return p; // the first readable copy: a damaged copy beside it does not hide a good one
          }
        } catch (BackupException e) {
          // not it
        }
      }
      return null;
    };
  }

  /**
   * Restores a backup (following its parent chain) as a collection.
   *
   * @param archive the archive
   * @param collection the name to restore under (the same or a new one)
   * @param replace whether to replace an existing collection of that name
   * @return the restored collection
   * @throws BackupException when any archive of the chain fails a check (nothing live changes)
   * @throws CollectionExistsException when the name is taken and {@code replace} is false
   */
  public Collection restore(Path archive, String collection, boolean replace) {
    if (!replace && store.hasCollection(collection)) {
      throw new CollectionExistsException(collection);
    }
    List<ChainReader.Link> chain = ChainReader.chain(archive, parents(catalog));
    Path staging = null;
    try {
      staging = stagingDirectory();
      ChainReader.read(chain, staging, output);
      Collection restored;
      try {
        restored = store.importCollection(collection, staging, replace);
      } catch (CorruptedDataException e) {
        throw new BackupException(
            archive, null, "holds files the store refuses: " + e.getMessage(), e);
      }
      synchronized (RESTORING) {
        RESTORING.remove(staging);
      }
      staging = null; // moved into the store
      return restored;
    } catch (Archive.WriteFailure e) {
      throw new VectorizerException(
          "restore of "
              + archive
              + " failed: cannot write "
              + e.file()
              + ": "
              + message(e.getCause())
              + " (the live collection is untouched)",
          e.getCause());
    } catch (IOException e) {
      throw new VectorizerException("restore of " + archive + " failed: " + message(e), e);
    } finally {
      if (staging != null) {
        deleteQuietly(staging);
      }
    }
  }

  /**
   * A directory to extract a restore into: {@code DATA/.restore-<id>} (on the store's file system,
   * so the import is a rename, and not limited by a small {@code /tmp}), after removing what killed
   * restores left there; the system temporary directory for a store without a directory.
   */
  private Path stagingDirectory() throws IOException {
    Optional<Path> data = store.directory();
    if (data.isEmpty()) {
      return Files.createTempDirectory("vectorizer-restore");
    }
    synchronized (RESTORING) {
      try (Stream<Path> s = Files.list(data.get())) {
        for (Path p : s.toList()) {
          String n = p.getFileName().toString();
          if (n.startsWith(RESTORE_PREFIX) && !RESTORING.contains(p.toAbsolutePath())) {
            deleteQuietly(p);
          }
        }
      }
      Path dir = data.get().resolve(RESTORE_PREFIX + UUID.randomUUID()).toAbsolutePath();
      Files.createDirectory(dir);
      RESTORING.add(dir);
      return dir;
    }
  }

  private static void deleteQuietly(Path dir) {
    synchronized (RESTORING) {
      RESTORING.remove(dir.toAbsolutePath());
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // best effort
    }
  }
}
