package dev.vectorizer.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionExistsException;
import dev.vectorizer.CollectionSnapshot;
import dev.vectorizer.VectorStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Backups of a durable store's collections: full and incremental archives, verification, listing
 * and atomic restore.
 *
 * <ul>
 *   <li><b>Full</b>: a consistent cut ({@link Collection#snapshot()}: a checkpoint, then the files
 *       are pinned while writes go on) written as a tar.gz (or tar) of the collection's files and a
 *       {@code manifest.json} with every entry's size and SHA-256.
 *   <li><b>Incremental</b>: names its parent, holds only the files the parent chain lacks (segment
 *       files are immutable and deletion files are generations, so a new file holds exactly what
 *       changed since the parent's cut; see docs/backup.md).
 *   <li><b>Restore</b>: verifies every archive of the chain and every checksum while extracting
 *       into a temporary directory, then {@link VectorStore#importCollection} swaps it in
 *       atomically; a bad archive leaves the live collection untouched.
 * </ul>
 *
 * <p>Thread-safe; the caller owns the store.
 */
public final class BackupManager {
  private final VectorStore store;
  private final Clock clock;

  /**
   * Creates a manager.
   *
   * @param store a durable store opened for writing
   * @param clock the clock for creation times
   */
  public BackupManager(VectorStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
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
   * @param parent the parent archive; its chain must be next to it (same directory)
   * @param compress gzip or plain tar
   * @return what was written
   */
  public BackupInfo incremental(String collection, Path output, Path parent, boolean compress) {
    JsonNode p = Archive.readManifest(parent);
    if (!collection.equals(p.get("collection").textValue())) {
      throw new IllegalArgumentException(
          "parent backup "
              + parent
              + " holds collection '"
              + p.get("collection").textValue()
              + "', not '"
              + collection
              + "'");
    }
    return write(collection, output, compress, p);
  }

  private BackupInfo write(String collection, Path output, boolean compress, JsonNode parent) {
    Collection c = store.collection(collection);
    Map<String, Archive.StateFile> parentState = parent == null ? Map.of() : Archive.state(parent);
    String id = UUID.randomUUID().toString();
    Path tmp = output.resolveSibling(output.getFileName() + ".partial");
    try (CollectionSnapshot snap = c.snapshot()) {
      ObjectNode m = Archive.JSON.createObjectNode();
      m.put("format", Archive.FORMAT);
      m.put("id", id);
      m.put("type", parent == null ? "full" : "incremental");
      if (parent == null) {
        m.putNull("parent");
      } else {
        m.put("parent", parent.get("id").textValue());
      }
      m.put("createdAt", clock.instant().toString());
      m.put("collection", collection);
      putConfig(m.putObject("config"), snap.config());
      m.put("lsn", snap.lsn());
      m.put("points", snap.points());
      ArrayNode entries = m.putArray("entries");
      ArrayNode state = m.putArray("state");
      List<Map.Entry<String, Path>> include = new ArrayList<>();
      for (Map.Entry<String, Path> f : snap.files().entrySet()) {
        long size = Files.size(f.getValue());
        String sha = Archive.sha256(f.getValue());
        Archive.StateFile old = parentState.get(f.getKey());
        String holder = id;
        if (old != null && old.sha256().equals(sha) && old.size() == size) {
          holder = old.in();
        } else {
          include.add(f);
          ObjectNode e = entries.addObject();
          e.put("name", "files/" + f.getKey());
          e.put("size", size);
          e.put("sha256", sha);
        }
        ObjectNode s = state.addObject();
        s.put("name", f.getKey());
        s.put("size", size);
        s.put("sha256", sha);
        s.put("in", holder);
      }
      Files.createDirectories(output.toAbsolutePath().getParent());
      try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
          OutputStream comp =
              compress ? new GzipCompressorOutputStream(raw, gzipParameters()) : raw;
          TarArchiveOutputStream tar = new TarArchiveOutputStream(comp)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        byte[] manifest = Archive.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
        TarArchiveEntry me = new TarArchiveEntry(Archive.MANIFEST);
        me.setSize(manifest.length);
        tar.putArchiveEntry(me);
        tar.write(manifest);
        tar.closeArchiveEntry();
        byte[] sum =
            java.util.HexFormat.of()
                .formatHex(Archive.sha256().digest(manifest))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        TarArchiveEntry se = new TarArchiveEntry(Archive.MANIFEST_SUM);
        se.setSize(sum.length);
        tar.putArchiveEntry(se);
        tar.write(sum);
        tar.closeArchiveEntry();
        for (Map.Entry<String, Path> f : include) {
          TarArchiveEntry e = new TarArchiveEntry("files/" + f.getKey());
          e.setSize(Files.size(f.getValue()));
          tar.putArchiveEntry(e);
          try (InputStream in = Files.newInputStream(f.getValue())) {
            in.transferTo(tar);
          }
          tar.closeArchiveEntry();
        }
        tar.finish();
      }
      Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return info(m, output);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort
      }
      throw new dev.vectorizer.VectorizerException(
          "backup of collection '" + collection + "' to " + output + " failed: " + e.getMessage(),
          e);
    }
  }

  /**
   * Fast deflate: vectors are float32 and barely compress, so the best-speed level loses little
   * size and gains several times the throughput (docs/benchmarks.md).
   */
  private static org.apache.commons.compress.compressors.gzip.GzipParameters gzipParameters() {
    var p = new org.apache.commons.compress.compressors.gzip.GzipParameters();
    p.setCompressionLevel(java.util.zip.Deflater.BEST_SPEED);
    return p;
  }

  private static void putConfig(ObjectNode n, CollectionConfig c) {
    n.put("dimension", c.dimension());
    n.put("metric", c.metric().name().toLowerCase(Locale.ROOT));
    n.put("maxDegree", c.maxDegree());
    n.put("beamWidth", c.beamWidth());
    n.put("neighborOverflow", c.neighborOverflow());
    n.put("alpha", c.alpha());
    n.put("searchBeamWidth", c.searchBeamWidth());
    n.put("exactSearchThreshold", c.exactSearchThreshold());
    if (c.embedder() == null) {
      n.putNull("embedder");
    } else {
      n.put("embedder", c.embedder());
    }
  }

  static BackupInfo info(JsonNode m, Path file) throws IOException {
    return new BackupInfo(
        m.get("id").textValue(),
        m.get("collection").textValue(),
        m.get("type").textValue(),
        m.hasNonNull("parent") ? m.get("parent").textValue() : null,
        m.hasNonNull("createdAt") ? Instant.parse(m.get("createdAt").textValue()) : Instant.EPOCH,
        m.get("lsn").longValue(),
        m.hasNonNull("points") ? m.get("points").longValue() : -1,
        Files.size(file),
        file);
  }

  /**
   * Lists the backups in a directory, oldest first; files that are not backups are ignored.
   *
   * @param dir the directory
   * @return the backups
   */
  public static List<BackupInfo> list(Path dir) {
    List<BackupInfo> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        String n = p.getFileName().toString();
        if (!(n.endsWith(".tar.gz") || n.endsWith(".tar") || n.endsWith(".tgz"))) {
          continue;
        }
        try {
          out.add(info(Archive.readManifest(p), p));
        } catch (BackupException | IOException e) {
          // not a backup of ours, or damaged: verify reports it
        }
      }
    } catch (IOException e) {
      throw new dev.vectorizer.VectorizerException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing(BackupInfo::createdAt));
    return out;
  }

  /**
   * Verifies a backup and every ancestor it needs, reading every entry and checking its size and
   * SHA-256.
   *
   * @param archive the archive
   * @return the chain, oldest (the full backup) first
   * @throws BackupException naming the archive and entry at the first problem
   */
  public static List<BackupInfo> verify(Path archive) {
    List<BackupInfo> chain = new ArrayList<>();
    for (Path p : chain(archive)) {
      try {
        chain.add(info(Archive.verify(p, null), p));
      } catch (IOException e) {
        throw new BackupException(p, null, e.getMessage(), e);
      }
    }
    return chain;
  }

  /** The archives needed to restore {@code archive}, full backup first. */
  static List<Path> chain(Path archive) {
    Deque<Path> chain = new ArrayDeque<>();
    JsonNode m = Archive.readManifest(archive);
    chain.addFirst(archive);
    Map<String, Path> byId = null;
    while (m.hasNonNull("parent")) {
      if (byId == null) {
        byId = new HashMap<>();
        for (BackupInfo b : list(archive.toAbsolutePath().getParent())) {
          byId.put(b.id(), b.file());
        }
      }
      String parentId = m.get("parent").textValue();
      Path parent = byId.get(parentId);
      if (parent == null) {
        throw new BackupException(
            archive,
            null,
            "its parent backup " + parentId + " is not in " + archive.toAbsolutePath().getParent());
      }
      if (chain.contains(parent) || chain.size() > 1000) {
        throw new BackupException(archive, null, "its parent chain loops");
      }
      chain.addFirst(parent);
      m = Archive.readManifest(parent);
    }
    return new ArrayList<>(chain);
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
    List<Path> chain = chain(archive);
    Path staging = null;
    try {
      staging = Files.createTempDirectory("vectorizer-restore");
      Map<String, JsonNode> manifests = new LinkedHashMap<>();
      for (Path p : chain) {
        JsonNode m = Archive.verify(p, staging);
        manifests.put(m.get("id").textValue(), m);
      }
      JsonNode last = manifests.get(Archive.readManifest(archive).get("id").textValue());
      Map<String, Archive.StateFile> state = Archive.state(last);
      try (Stream<Path> s = Files.list(staging)) {
        for (Path f : s.toList()) {
          Archive.StateFile want = state.get(f.getFileName().toString());
          if (want == null) {
            Files.delete(f); // a file of an ancestor that the final state no longer has
          } else if (!want.sha256().equals(Archive.sha256(f))) {
            throw new BackupException(
                archive,
                "files/" + want.name(),
                "the chain holds a different version of this file");
          }
        }
      }
      for (Archive.StateFile f : state.values()) {
        if (!Files.exists(staging.resolve(f.name()))) {
          throw new BackupException(
              archive, "files/" + f.name(), "is missing from every backup of the chain");
        }
      }
      Collection restored = store.importCollection(collection, staging, replace);
      staging = null; // moved into the store
      return restored;
    } catch (IOException e) {
      throw new dev.vectorizer.VectorizerException(
          "restore of " + archive + " failed: " + e.getMessage(), e);
    } finally {
      if (staging != null) {
        deleteQuietly(staging);
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // best effort
    }
  }
}
