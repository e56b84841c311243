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
import java.util.Map;
import java.util.TreeMap;

/**
 * What the watcher has indexed: path to size, modification time, SHA-256, chunk count and
 * collection. Events are hints; this manifest decides what changed. Saved as JSON ({@code
 * {"format": 1, "sha256": <of the files object>, "files": {path: {...}}}}) by writing a temporary
 * file, syncing it and renaming it over the old one; a checksum mismatch on load is an error naming
 * the file.
 *
 * <p>Not thread-safe: the watcher uses it from its single worker thread.
 */
final class FileManifest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Entry(long size, long mtime, String sha256, int chunks, String collection) {}

  private final Path file;
  final java.util.NavigableMap<String, Entry> files = new TreeMap<>();
  private boolean dirty;

  private FileManifest(Path file) {
    this.file = file;
  }

  static FileManifest load(Path file) throws IOException {
    FileManifest m = new FileManifest(file);
    if (Files.exists(file)) {
      JsonNode root;
      try {
        root = JSON.readTree(Files.readAllBytes(file));
      } catch (IOException e) {
        throw new IOException("watch manifest " + file + " is unreadable: " + e.getMessage(), e);
      }
      if (root == null || root.path("format").asInt() != 1 || !root.has("files")) {
        throw new IOException("watch manifest " + file + " is not a format-1 manifest");
      }
      if (!checksum(root.get("files")).equals(root.path("sha256").asText())) {
        throw new IOException(
            "watch manifest " + file + " is corrupted (checksum mismatch); delete it to rescan");
      }
      root.get("files")
          .fields()
          .forEachRemaining(
              e ->
                  m.files.put(
                      e.getKey(),
                      new Entry(
                          e.getValue().get("size").asLong(),
                          e.getValue().get("mtime").asLong(),
                          e.getValue().get("sha256").asText(),
                          e.getValue().get("chunks").asInt(),
                          e.getValue().get("collection").asText())));
    }
    return m;
  }

  Entry get(String path) {
    return files.get(path);
  }

  void put(String path, Entry e) {
    files.put(path, e);
    dirty = true;
  }

  Entry remove(String path) {
    Entry e = files.remove(path);
    if (e != null) {
      dirty = true;
    }
    return e;
  }

  private static String checksum(JsonNode files) throws IOException {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(JSON.writeValueAsBytes(files)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void save() throws IOException {
    if (!dirty) {
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("format", 1);
    ObjectNode fs = root.putObject("files");
    for (Map.Entry<String, Entry> e : files.entrySet()) {
      ObjectNode n = fs.putObject(e.getKey());
      n.put("size", e.getValue().size());
      n.put("mtime", e.getValue().mtime());
      n.put("sha256", e.getValue().sha256());
      n.put("chunks", e.getValue().chunks());
      n.put("collection", e.getValue().collection());
    }
    root.put("sha256", checksum(fs));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, JSON.writeValueAsBytes(root));
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    dirty = false;
  }
}
