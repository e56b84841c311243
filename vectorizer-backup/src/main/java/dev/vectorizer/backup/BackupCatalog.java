package dev.vectorizer.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record a store keeps of every backup made of it, wherever the archive was written: {@code
 * DATA/backup-catalog.jsonl} (format in {@link CatalogFile}). {@code vectorizer backup list} shows
 * it; scheduled backups and retention use and update it.
 *
 * <p>Records, one per line: {@code catalog} (format and the store's catalog id, which every
 * archive's manifest also carries as {@code store}); {@code started} (id, collection, the archive
 * and its temporary file, written before the archive); {@code added} (id, collection, type, parent,
 * LSN, points, size, SHA-256 of the archive file, file, time); {@code abandoned} (a create that
 * failed or was killed: its temporary file was removed); {@code removed} (retention deleted it, or
 * a newer backup overwrote its file).
 *
 * <p>Recovery: a {@code started} backup with no outcome was interrupted (the process was killed).
 * The next backup of the store removes its temporary file, or records the archive if the rename had
 * happened, before it starts. A damaged line (not a torn tail) makes the catalog be rebuilt, with a
 * warning: the intact lines are kept, and the folders they name are scanned for archives whose
 * manifest carries this store's id; the writer keeps the damaged file as {@code
 * backup-catalog.jsonl.damaged-<time>} beside the new one. A catalog is an index over
 * self-describing archives, so a rebuild loses at most the location of an archive in a folder no
 * intact line names.
 *
 * <p>Thread-safe. Reading never writes; the write methods are called by {@link BackupManager},
 * whose store holds the data directory's write lock, so one process writes a catalog at a time (and
 * in it, a lock per file serialises threads). Nothing to close.
 */
public final class BackupCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(BackupCatalog.class);
  private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
  private static final Set<String> IN_FLIGHT = ConcurrentHashMap.newKeySet();
  private static final int COMPACT_AFTER = 1000;

  private final Path file;

  private BackupCatalog(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  /**
   * The catalog of the store in a data directory (the file need not exist yet).
   *
   * @param dataDirectory the store's data directory
   * @return the catalog
   */
  public static BackupCatalog of(Path dataDirectory) {
    return new BackupCatalog(dataDirectory.resolve(CatalogFile.NAME));
  }

  /**
   * The catalog's file.
   *
   * @return {@code DATA/backup-catalog.jsonl}
   */
  public Path file() {
    return file;
  }

  /** How a listed backup's archive looks now. */
  public enum Status {
    /** The archive is there, with the size (and, when checked, the SHA-256) recorded. */
    OK,
    /** The archive is gone (deleted or moved). */
    MISSING,
    /** The archive is there but cannot be read, or is not the one recorded. */
    DAMAGED,
    /** The backup was started and never finished: in progress, or its process was killed. */
    UNFINISHED
  }

  /**
   * A backup of the store.
   *
   * @param id the backup's id
   * @param collection the collection
   * @param type {@code full} or {@code incremental} (null while unfinished)
   * @param parent the parent's id, or null
   * @param lsn the last write it holds (-1 while unfinished)
   * @param points live points at the cut (-1 when unknown)
   * @param sizeBytes the archive's size when written (-1 while unfinished)
   * @param sha256 the archive file's SHA-256 when written (null while unfinished or unknown)
   * @param createdAt when it was taken
   * @param file the archive
   * @param status how the archive looks now
   * @param problem what is wrong (for {@link Status#DAMAGED}), else null
   */
  public record Entry(
      String id,
      String collection,
      String type,
      String parent,
      long lsn,
      long points,
      long sizeBytes,
      String sha256,
      Instant createdAt,
      Path file,
      Status status,
      String problem) {}

  /**
   * A listing.
   *
   * @param entries the backups, oldest first
   * @param warnings what the reader had to work around (a damaged catalog), for the user
   */
  public record Listing(List<Entry> entries, List<String> warnings) {}

  /**
   * Lists the store's backups, checking that each archive is there, has its recorded size and holds
   * the recorded backup; with {@code checksums}, also its SHA-256 (reads every archive).
   *
   * @param checksums whether to hash every archive
   * @return the backups and any warnings
   * @throws dev.vectorizer.VectorizerException naming the file when it cannot be read
   */
  public Listing list(boolean checksums) {
    CatalogState s = load();
    List<Entry> out = new ArrayList<>();
    for (CatalogState.Rec r : s.live()) {
      out.add(r.entry(checksums));
    }
    out.sort(Comparator.comparing(Entry::createdAt));
    return new Listing(List.copyOf(out), s.warnings());
  }

  /**
   * The archive of a backup, when the catalog has it and it is there.
   *
   * @param id the backup's id
   * @return the archive
   */
  public Optional<Path> find(String id) {
    CatalogState.Rec r = load().byId(id);
    return r != null && r.added() && Files.isRegularFile(r.file())
        ? Optional.of(r.file())
        : Optional.empty();
  }

  /**
   * The archives of a folder, whether the catalog has them or not, oldest first ({@code backup list
   * --dir}). Files whose names end in {@code .tar}, {@code .tar.gz} or {@code .tgz} are read; those
   * that are not readable backups are listed as {@link Status#DAMAGED} with the reason.
   *
   * @param dir the folder
   * @param checksums whether to verify every entry of each archive
   * @return the archives
   */
  public static List<Entry> scan(Path dir, boolean checksums) {
    List<Entry> out = new ArrayList<>();
    for (Path p : archivesIn(dir)) {
      try {
        BackupManifest m = Archive.readManifest(p);
        if (checksums) {
          Archive.verify(p, m, Map.of(), null, Archive.Output.FILES);
        }
        out.add(CatalogState.entryOf(m, p, Files.size(p), null, Status.OK, null));
      } catch (BackupException | IOException e) {
        out.add(
            new Entry(
                null,
                null,
                null,
                null,
                -1,
                -1,
                -1,
                null,
                Instant.EPOCH,
                p,
                Status.DAMAGED,
                e.getMessage()));
      }
    }
    out.sort(Comparator.comparing(Entry::createdAt));
    return out;
  }

  static List<Path> archivesIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(
              p -> {
                String n = p.getFileName().toString();
                return !n.startsWith(".")
                    && (n.endsWith(".tar.gz") || n.endsWith(".tar") || n.endsWith(".tgz"));
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new dev.vectorizer.VectorizerException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  // ---- reading and writing the log -------------------------------------------------------------

  private CatalogState load() {
    try {
      return CatalogState.of(file, CatalogFile.read(file));
    } catch (IOException e) {
      throw new dev.vectorizer.VectorizerException(
          "cannot read the backup catalog " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs a write under this file's lock, on a state that is repaired and compacted first. */
  private <T> T write(Writer<T> action) {
    ReentrantLock lock = LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
    lock.lock();
    try {
      CatalogFile.Contents c = CatalogFile.read(file);
      CatalogState s = CatalogState.of(file, c);
      if (!s.damaged().isEmpty()) {
        Path kept =
            file.resolveSibling(CatalogFile.NAME + ".damaged-" + System.currentTimeMillis());
        Files.copy(file, kept);
        CatalogFile.rewrite(file, s.compacted());
        LOG.warn("{}; the damaged file is kept as {}", s.warnings().get(0), kept);
        c = CatalogFile.read(file);
        s = CatalogState.of(file, c);
      } else if (c.records().size() > COMPACT_AFTER && c.records().size() > 4 * s.size()) {
        CatalogFile.rewrite(file, s.compacted());
        c = CatalogFile.read(file);
        s = CatalogState.of(file, c);
      }
      List<ObjectNode> records = new ArrayList<>();
      if (c.records().isEmpty()) {
        records.add(s.header());
      }
      T result = action.apply(s, records);
      if (!records.isEmpty()) {
        CatalogFile.append(file, c.validLength(), records);
      }
      return result;
    } catch (IOException e) {
      throw new dev.vectorizer.VectorizerException(
          "cannot update the backup catalog " + file + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @FunctionalInterface
  private interface Writer<T> {
    T apply(CatalogState state, List<ObjectNode> append) throws IOException;
  }

  /**
   * Records that a backup is starting (after finishing what killed runs left), and returns the
   * store's catalog id for the archive's manifest.
   */
  String started(String id, String collection, Path archive, Path temp) {
    return write(
        (s, out) -> {
          s.recoverUnfinished(IN_FLIGHT, out);
          out.add(CatalogState.started(id, collection, archive, temp));
          IN_FLIGHT.add(id);
          return s.storeId();
        });
  }

  /** Records a finished backup; older entries of the same file are marked removed. */
  void added(BackupInfo info, String sha256) {
    try {
      write(
          (s, out) -> {
            Path f = info.file().toAbsolutePath().normalize();
            for (CatalogState.Rec r : s.live()) {
              if (r.added() && r.file().equals(f) && !r.id().equals(info.id())) {
                out.add(CatalogState.outcome("removed", r.id(), "overwritten by " + info.id()));
              }
            }
            out.add(CatalogState.added(info, sha256, s.storeId()));
            return null;
          });
    } finally {
      IN_FLIGHT.remove(info.id());
    }
  }

  /** Records that a started backup failed (its temporary file is already gone). */
  void abandoned(String id, String reason) {
    try {
      write(
          (s, out) -> {
            out.add(CatalogState.outcome("abandoned", id, reason));
            return null;
          });
    } finally {
      IN_FLIGHT.remove(id);
    }
  }

  /** Records that retention deleted a backup. */
  void removed(String id, String reason) {
    write(
        (s, out) -> {
          out.add(CatalogState.outcome("removed", id, reason));
          return null;
        });
  }

  /** Finishes what killed runs left (temporary files, renamed archives) now. */
  void recover() {
    write(
        (s, out) -> {
          s.recoverUnfinished(IN_FLIGHT, out);
          return null;
        });
  }
}
