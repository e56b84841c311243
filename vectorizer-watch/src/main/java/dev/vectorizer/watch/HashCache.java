package dev.vectorizer.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache of file stamp to content hash, so that an unchanged file is not read again: path to
 * {@link FileContent.Stamp} and SHA-256. It is only a cache: what the collection holds decides what
 * is indexed, so a lost, stale or corrupted cache costs reading files again, never a wrong index.
 * An entry is not trusted when the file was modified less than {@value #RACY_MILLIS} ms before it
 * was hashed (a later write in the same clock tick could keep the stamp), as git does.
 *
 * <p>File: JSON {@code {"format": 2, "sha256": <of the entries object>, "entries": {path: [size,
 * mtime, ctime, key, sha256, hashedAt]}}}, written to a temporary file, synced and renamed. A file
 * that does not parse, has another format or a wrong checksum is ignored with a warning.
 *
 * <p>Not thread-safe: the indexer uses it from one thread.
 */
final class HashCache {
  private static final Logger LOG = LoggerFactory.getLogger(HashCache.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final long RACY_MILLIS = 2000;

  private record Entry(FileContent.Stamp stamp, String sha256, long hashedAt) {}

  private final Path file;
  private final Map<String, Entry> entries = new HashMap<>();
  private boolean dirty;

  private HashCache(Path file) {
    this.file = file;
  }

  /** Loads the cache, or starts an empty one; {@code file} null keeps it in memory only. */
  static HashCache load(Path file) {
    HashCache c = new HashCache(file);
    if (file == null || !Files.exists(file)) {
      return c;
    }
    try {
      JsonNode root = JSON.readTree(Files.readAllBytes(file));
      if (root == null || root.path("format").asInt() != 2 || !root.path("entries").isObject()) {
        LOG.warn("{} is not a watch hash cache of format 2; starting afresh", file);
        return c;
      }
      JsonNode es = root.get("entries");
      if (!FileContent.sha256(JSON.writeValueAsBytes(es)).equals(root.path("sha256").asText())) {
        LOG.warn("{} is corrupted (checksum mismatch); starting afresh", file);
        return c;
      }
      es.fields()
          .forEachRemaining(
              e -> {
                JsonNode a = e.getValue();
                if (a.isArray() && a.size() == 6) {
                  c.entries.put(
                      e.getKey(),
                      new Entry(
                          new FileContent.Stamp(
                              a.get(0).asLong(),
                              a.get(1).asLong(),
                              a.get(2).asLong(),
                              a.get(3).asText()),
                          a.get(4).asText(),
                          a.get(5).asLong()));
                }
              });
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} is unreadable ({}); starting afresh", file, Problems.describe(e));
      c.entries.clear();
    }
    return c;
  }

  /** The hash of a file whose stamp is unchanged since it was hashed, or null. */
  String lookup(String path, FileContent.Stamp stamp) {
    Entry e = entries.get(path);
    if (e == null || !e.stamp().equals(stamp)) {
      return null;
    }
    long modifiedMillis = stamp.mtime() / 1_000_000;
    return modifiedMillis + RACY_MILLIS <= e.hashedAt() ? e.sha256() : null;
  }

  void put(String path, FileContent.Stamp stamp, String sha256) {
    Entry old = entries.get(path);
    if (old != null && old.stamp().equals(stamp) && old.sha256().equals(sha256)) {
      if (stamp.mtime() / 1_000_000 + RACY_MILLIS <= old.hashedAt()) {
        return;
      }
    }
    entries.put(path, new Entry(stamp, sha256, System.currentTimeMillis()));
    dirty = true;
  }

  void remove(String path) {
    if (entries.remove(path) != null) {
      dirty = true;
    }
  }

  /** Keeps only these paths (after a full scan). */
  void retain(Set<String> paths) {
    if (entries.keySet().retainAll(paths)) {
      dirty = true;
    }
  }

  /** Writes the cache if it changed; a failure is logged (the cache is an optimisation). */
  void save() {
    if (!dirty || file == null) {
      return;
    }
    try {
      ObjectNode root = JSON.createObjectNode();
      root.put("format", 2);
      ObjectNode es = JSON.createObjectNode();
      for (Map.Entry<String, Entry> e : new java.util.TreeMap<>(entries).entrySet()) {
        FileContent.Stamp s = e.getValue().stamp();
        es.putArray(e.getKey())
            .add(s.size())
            .add(s.mtime())
            .add(s.ctime())
            .add(s.key())
            .add(e.getValue().sha256())
            .add(e.getValue().hashedAt());
      }
      root.put("sha256", FileContent.sha256(JSON.writeValueAsBytes(es)));
      root.set("entries", es);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try {
        Files.write(tmp, JSON.writeValueAsBytes(root));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      dirty = false;
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot save the watch hash cache {}: {}", file, Problems.describe(e));
    }
  }
}
