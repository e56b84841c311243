package dev.vectorizer.internal.storage;

import dev.vectorizer.CheckReport.Finding;
import dev.vectorizer.CheckReport.Severity;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CorruptedDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Verifies a collection directory without loading it, and repairs what can be repaired.
 *
 * <p>Check: the manifest (checksum, content); every segment and deletion file it names (present,
 * whole-file checksum streamed, header agreeing with the manifest); the write-ahead log (every
 * record's checksums and LSN continuity after the manifest's LSN; torn tails); leftovers of
 * interrupted writes. Nothing is kept in memory beyond one WAL file at a time.
 *
 * <p>Repair (the collection must not be open for writing): removes leftovers; cuts torn WAL tails
 * and cuts the log at damage (keeping a copy of every byte cut, as {@code <file>.torn-<offset>} or
 * {@code <file>.cut}); drops manifest references to missing segment files (their points are lost).
 * A corrupt segment, deletion file or manifest cannot be repaired: restore the collection from a
 * backup or drop it.
 *
 * <p>Stateless; thread-safe.
 */
public final class CollectionCheck {
  private CollectionCheck() {}

  /**
   * Checks a collection directory.
   *
   * @param dir the directory
   * @param opener reads the files (a pinned snapshot when a writer may be running)
   * @return the findings
   * @throws IOException when a file cannot be read at all
   */
  public static List<Finding> check(Path dir, FileOpener opener) throws IOException {
    String name = dir.getFileName().toString();
    List<Finding> out = new ArrayList<>();
    Manifest m;
    try {
      m = Manifest.read(opener, dir);
    } catch (CorruptedDataException | NoSuchFileException e) {
      out.add(error(name, dir.resolve(Manifest.FILE), message(e), null));
      return out;
    }
    CollectionConfig config = m.config();
    Set<String> referenced = new HashSet<>();
    for (Manifest.SegmentEntry e : m.segments()) {
      Path seg = dir.resolve(SegmentFile.name(e.id()));
      referenced.add(seg.getFileName().toString());
      if (!Files.exists(seg)) {
        out.add(
            error(
                name,
                seg,
                "missing; the manifest names it (" + e.count() + " points)",
                "drop the manifest's reference to it: its " + e.count() + " points are lost"));
        continue;
      }
      try {
        int count = SegmentFile.verify(opener, seg, e.id(), config.metric(), config.dimension());
        if (count != e.count()) {
          out.add(
              error(name, seg, "holds " + count + " points, the manifest says " + e.count(), null));
        }
      } catch (CorruptedDataException ex) {
        out.add(error(name, seg, message(ex), null));
      }
      if (e.deletedGeneration() > 0) {
        Path del = dir.resolve(DeletionFile.name(e.id(), e.deletedGeneration()));
        referenced.add(del.getFileName().toString());
        try {
          DeletionFile.read(opener, del, e.id(), e.count());
        } catch (CorruptedDataException | NoSuchFileException ex) {
          out.add(error(name, del, message(ex), null));
        }
      }
    }
    checkLog(name, dir, opener, m.lsn(), config.dimension(), out);
    for (Path p : leftovers(dir, referenced)) {
      out.add(
          new Finding(
              name,
              p,
              Severity.WARNING,
              "left by an interrupted write (or one in progress, when a writer is running)",
              "remove it"));
    }
    return out;
  }

  private static void checkLog(
      String name, Path dir, FileOpener opener, long afterLsn, int dimension, List<Finding> out)
      throws IOException {
    try {
      WalReader.Result r =
          WalReader.replay(opener, dir.resolve("wal"), afterLsn, dimension, rec -> {});
      for (WalReader.TornTail t : r.tornTails()) {
        out.add(
            new Finding(
                name,
                t.file(),
                Severity.WARNING,
                t.bytes()
                    + " bytes after the last whole record (offset "
                    + t.offset()
                    + ") are a torn tail, ignored on open",
                "cut them, keeping a copy in " + t.file().getFileName() + ".torn-" + t.offset()));
      }
    } catch (WalDamageException e) {
      out.add(
          error(
              name,
              e.file(),
              message(e),
              "cut the log at offset "
                  + e.offset()
                  + " of "
                  + e.file().getFileName()
                  + ", keeping a copy; writes logged after that point are lost"));
    } catch (CorruptedDataException e) {
      out.add(error(name, e.file(), message(e), null));
    }
  }

  private static List<Path> leftovers(Path dir, Set<String> referenced) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        String f = p.getFileName().toString();
        if (f.endsWith(".tmp")
            || f.startsWith(CollectionStorage.SNAPSHOT_PREFIX)
            || (f.startsWith("seg-") && !referenced.contains(f))) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /**
   * Repairs a collection directory that no store has open for writing.
   *
   * @param dir the directory
   * @return what was found, each finding saying what was done (null when nothing could be)
   * @throws IOException on failure
   */
  public static List<Finding> repair(Path dir) throws IOException {
    String name = dir.getFileName().toString();
    List<Finding> found = check(dir, FileOpener.DIRECT);
    List<Finding> done = new ArrayList<>();
    boolean dropMissing = false;
    for (Finding f : found) {
      if (f.repair() == null) {
        done.add(f);
        continue;
      }
      String action;
      if (f.problem().startsWith("missing;")) {
        dropMissing = true;
        action = "dropped the manifest's reference to it";
      } else if (f.file().getParent().getFileName().toString().equals("wal")) {
        action = cutLog(dir, f);
      } else {
        Files.deleteIfExists(f.file());
        action = "removed";
      }
      done.add(new Finding(name, f.file(), f.severity(), f.problem(), action));
    }
    if (dropMissing) {
      Manifest m = Manifest.read(dir);
      List<Manifest.SegmentEntry> kept = new ArrayList<>();
      for (Manifest.SegmentEntry e : m.segments()) {
        if (Files.exists(dir.resolve(SegmentFile.name(e.id())))) {
          kept.add(e);
        }
      }
      new Manifest(m.name(), m.config(), m.lsn(), m.nextSegmentId(), kept).write(dir);
    }
    return done;
  }

  /** Cuts a torn tail or damage out of the log, and moves later log files aside. */
  private static String cutLog(Path dir, Finding f) throws IOException {
    Manifest m = Manifest.read(dir);
    Path wal = dir.resolve("wal");
    List<WalReader.TornTail> tails = new ArrayList<>();
    long damageAt = -1;
    try {
      tails.addAll(
          WalReader.replay(FileOpener.DIRECT, wal, m.lsn(), m.config().dimension(), r -> {})
              .tornTails());
    } catch (WalDamageException e) {
      if (!e.file().equals(f.file())) {
        return "left as it is: " + message(e);
      }
      damageAt = e.offset();
    }
    if (damageAt < 0) {
      for (WalReader.TornTail t : tails) {
        if (t.file().equals(f.file())) {
          Path copy = WalWriter.cutTornTail(t);
          return "cut " + t.bytes() + " bytes, copied to " + copy.getFileName();
        }
      }
      return "nothing to cut any more";
    }
    long size = Files.size(f.file());
    Path copy = WalWriter.cutTornTail(new WalReader.TornTail(f.file(), damageAt, size - damageAt));
    int moved = 0;
    for (Path later : WalReader.files(FileOpener.DIRECT, wal)) {
      if (later.getFileName().toString().compareTo(f.file().getFileName().toString()) > 0) {
        Files.move(
            later,
            later.resolveSibling(later.getFileName() + ".cut"),
            StandardCopyOption.REPLACE_EXISTING);
        moved++;
      }
    }
    FileIo.fsyncDirectory(wal);
    return "cut the log at offset "
        + damageAt
        + " ("
        + (size - damageAt)
        + " bytes, copied to "
        + copy.getFileName()
        + ")"
        + (moved > 0 ? "; moved " + moved + " later log files aside as *.cut" : "");
  }

  private static Finding error(String name, Path file, String problem, String repair) {
    return new Finding(name, file, Severity.ERROR, problem, repair);
  }

  private static String message(Exception e) {
    if (e instanceof CorruptedDataException c) {
      String prefix = "corrupted file " + c.file() + ": ";
      return e.getMessage().startsWith(prefix)
          ? e.getMessage().substring(prefix.length())
          : e.getMessage();
    }
    if (e instanceof NoSuchFileException) {
      return "missing";
    }
    return e.toString();
  }
}
