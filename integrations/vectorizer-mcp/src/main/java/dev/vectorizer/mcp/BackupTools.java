package dev.vectorizer.mcp;

import static dev.vectorizer.mcp.ToolSupport.confirm;
import static dev.vectorizer.mcp.ToolSupport.object;
import static dev.vectorizer.mcp.ToolSupport.prop;
import static dev.vectorizer.mcp.ToolSupport.tool;

import dev.vectorizer.Collection;
import dev.vectorizer.VectorStore;
import dev.vectorizer.backup.BackupInfo;
import dev.vectorizer.backup.BackupManager;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backup tools, over {@link BackupManager}. Archives live in one directory chosen when the
 * server starts; tools name them by file name only (no separators, no {@code ..}), so a client can
 * neither read nor write elsewhere.
 */
final class BackupTools {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(java.time.ZoneOffset.UTC);

  private final VectorStore store;
  private final Path directory;
  private final Clock clock;

  BackupTools(VectorStore store, Path directory, Clock clock) {
    this.store = store;
    this.directory = directory;
    this.clock = clock;
  }

  List<SyncToolSpecification> specifications() {
    Map<String, Object> archive = prop("string", "An archive's file name in the backup directory.");
    return List.of(
        tool(
            "backup_create",
            "Writes a verified backup of a collection into the backup directory: full, or"
                + " incremental on top of a parent archive.",
            object(
                Map.of(
                    "collection", prop("string", "The collection to back up."),
                    "name", prop("string", "File name (default <collection>-<time>.tar.gz)."),
                    "parent", prop("string", "Parent archive's file name: makes it incremental."),
                    "compress", prop("boolean", "gzip the archive (default true).")),
                "collection"),
            this::create),
        tool(
            "backup_list",
            "Lists the archives in the backup directory, oldest first.",
            object(Map.of()),
            a ->
                Map.of("backups", BackupManager.list(directory).stream().map(this::info).toList())),
        tool(
            "backup_verify",
            "Checks every checksum of an archive and of the archives it builds on.",
            object(Map.of("name", archive), "name"),
            a ->
                Map.of(
                    "verified",
                    BackupManager.verify(resolve(a.string("name"))).stream()
                        .map(this::info)
                        .toList())),
        tool(
            "backup_restore",
            "Restores an archive into a collection (verified first, swapped in atomically)."
                + " Replacing an existing collection destroys its data: that needs confirm: true.",
            object(
                Map.of(
                    "name", archive,
                    "collection", prop("string", "Target collection (default: the archive's)."),
                    "replace", prop("boolean", "Replace an existing collection (default false)."),
                    "confirm", confirm()),
                "name"),
            this::restore));
  }

  private Object create(Args a) {
    String collection = a.string("collection");
    Collection c = store.collection(collection); // fails early, naming a missing collection
    String name = a.optionalString("name");
    if (name == null) {
      name = collection + "-" + STAMP.format(clock.instant()) + ".tar.gz";
    }
    Path output = resolve(name);
    if (Files.exists(output)) {
      throw new IllegalArgumentException("backup '" + name + "' already exists");
    }
    String parent = a.optionalString("parent");
    boolean compress = a.bool("compress", true);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create backup directory " + directory, e);
    }
    BackupManager manager = new BackupManager(store, clock);
    BackupInfo info =
        parent == null
            ? manager.full(c.name(), output, compress)
            : manager.incremental(c.name(), output, resolve(parent), compress);
    return info(info);
  }

  private Object restore(Args a) {
    Path archive = resolve(a.string("name"));
    boolean replace = a.bool("replace", false);
    String target = a.optionalString("collection");
    if (target == null) {
      List<BackupInfo> chain = BackupManager.verify(archive);
      target = chain.get(chain.size() - 1).collection();
    }
    if (replace) {
      a.requireConfirm("backup_restore replacing '" + target + "'");
    } else if (store.hasCollection(target)) {
      throw new IllegalArgumentException(
          "collection '"
              + target
              + "' exists: restore under another name, or pass replace: true and confirm: true");
    }
    Collection restored = new BackupManager(store, clock).restore(archive, target, replace);
    return Map.of("collection", restored.name(), "points", restored.count());
  }

  private Path resolve(String fileName) {
    if (fileName.contains("/")
        || fileName.contains("\\")
        || fileName.equals(".")
        || fileName.equals("..")
        || fileName.startsWith(".")) {
      throw new IllegalArgumentException(
          "backup name '" + fileName + "' must be a plain file name in the backup directory");
    }
    return directory.resolve(fileName);
  }

  private Map<String, Object> info(BackupInfo b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", b.file().getFileName().toString());
    m.put("id", b.id());
    m.put("collection", b.collection());
    m.put("type", b.type());
    if (b.parent() != null) {
      m.put("parent", b.parent());
    }
    m.put("createdAt", b.createdAt().toString());
    m.put("points", b.points());
    m.put("sizeBytes", b.sizeBytes());
    return m;
  }
}
