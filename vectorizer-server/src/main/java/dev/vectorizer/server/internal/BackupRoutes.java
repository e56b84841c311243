package dev.vectorizer.server.internal;

import dev.vectorizer.CollectionExistsException;
import dev.vectorizer.CollectionNotFoundException;
import dev.vectorizer.VectorStore;
import dev.vectorizer.backup.BackupException;
import dev.vectorizer.backup.BackupInfo;
import dev.vectorizer.backup.BackupManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The backup routes over {@link BackupManager}: list, create, verify and restore archives in the
 * configured backup directory. A request names a backup by its file name, never a path: names with
 * a separator, {@code ..}, or an absolute path are refused (400) before any file is touched. A
 * tenant's admin sees only the backups of its collections, under names without the tenant prefix;
 * another tenant's backup is as missing as one that does not exist.
 *
 * <p>Thread-safe.
 */
final class BackupRoutes {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]{0,254}");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

  private final VectorStore store;
  private final Path dir;
  private final Clock clock;
  private final BackupManager manager;
  private final ServerMetrics metrics;
  private final Object createLock = new Object();

  BackupRoutes(VectorStore store, Path dir, Clock clock, ServerMetrics metrics) {
    this.store = store;
    this.dir = dir.toAbsolutePath().normalize();
    this.clock = clock;
    this.manager = new BackupManager(store, clock);
    this.metrics = metrics;
    Map<String, BackupInfo> newest = new LinkedHashMap<>();
    for (BackupInfo b : BackupManager.list(this.dir)) {
      newest.put(b.collection(), b); // oldest first: the last one wins
    }
    for (BackupInfo b : newest.values()) {
      metrics.backup(b.collection(), b.type(), true, 0, b.createdAt().toEpochMilli());
    }
  }

  Path directory() {
    return dir;
  }

  Reply list(Call c) {
    List<Object> out = new ArrayList<>();
    for (BackupInfo b : BackupManager.list(dir)) {
      if (Tenancy.visible(c.principal, b.collection())) {
        out.add(describe(c.principal, b));
      }
    }
    return Reply.ok(Map.of("backups", out));
  }

  Reply create(Call c) {
    JsonBody body = c.json();
    String collection = c.collection(body.string("collection", null));
    boolean incremental = body.bool("incremental", false);
    if (!store.hasCollection(collection)) {
      throw new CollectionNotFoundException(collection);
    }
    long start = System.nanoTime();
    String type = incremental ? "incremental" : "full";
    boolean ok = false;
    try {
      BackupInfo b;
      Path out;
      BackupInfo parent = null;
      synchronized (createLock) { // one name per archive, and a parent that is complete
        if (incremental) {
          for (BackupInfo x : BackupManager.list(dir)) {
            if (x.collection().equals(collection)) {
              parent = x;
            }
          }
          if (parent == null) {
            throw new ApiException(
                409,
                "no_parent_backup",
                "no backup of collection '"
                    + collection
                    + "' to base an incremental backup on: create a full one first");
          }
        }
        out =
            dir.resolve(collection + "-" + STAMP.format(clock.instant()) + "-" + type + ".tar.gz");
        for (int i = 2; Files.exists(out); i++) {
          out =
              dir.resolve(
                  collection
                      + "-"
                      + STAMP.format(clock.instant())
                      + "-"
                      + type
                      + "-"
                      + i
                      + ".tar.gz");
        }
        b =
            incremental
                ? manager.incremental(collection, out, parent.file(), true)
                : manager.full(collection, out, true);
      }
      ok = true;
      return Reply.created(describe(c.principal, b));
    } finally {
      metrics.backup(collection, type, ok, System.nanoTime() - start, clock.millis());
    }
  }

  Reply verify(Call c) {
    JsonBody body = c.json();
    Path archive = archive(c.principal, body.string("backup", null));
    List<Object> chain = new ArrayList<>();
    for (BackupInfo b : BackupManager.verify(archive)) {
      chain.add(describe(c.principal, b));
    }
    return Reply.ok(Map.of("ok", true, "chain", chain));
  }

  Reply restore(Call c) {
    JsonBody body = c.json();
    Path archive = archive(c.principal, body.string("backup", null));
    BackupInfo info = find(c.principal, archive);
    String target =
        c.collection(
            body.has("collection")
                ? body.string("collection", null)
                : Tenancy.external(c.principal, info.collection()));
    boolean force = body.bool("force", false);
    if (!force && store.hasCollection(target)) {
      throw new CollectionExistsException(target);
    }
    long start = System.nanoTime();
    boolean ok = false;
    try {
      long points = manager.restore(archive, target, force).count();
      ok = true;
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("collection", Tenancy.external(c.principal, target));
      out.put("points", points);
      out.put("backup", displayName(c.principal, archive));
      return Reply.ok(out);
    } finally {
      metrics.restore(ok, System.nanoTime() - start);
    }
  }

  /** The archive a client names, checked to be a plain name of a visible backup in the dir. */
  private Path archive(Principal p, String name) {
    if (name.contains("/")
        || name.contains("\\")
        || name.contains("..")
        || name.startsWith(".")
        || !NAME.matcher(name).matches()) {
      throw new ApiException(
          400,
          "invalid_backup_name",
          "'"
              + name
              + "' is not a backup name: give a name from GET /backups (letters, digits, '-',"
              + " '_', '.'; no paths)");
    }
    String file = p.tenant() == null ? name : p.tenant() + Tenancy.SEPARATOR + name;
    Path archive = dir.resolve(file).normalize();
    if (!archive.getParent().equals(dir) || !Files.isRegularFile(archive)) {
      throw new ApiException(404, "backup_not_found", "no backup named '" + name + "'");
    }
    find(p, archive); // another tenant's backup is not found either
    return archive;
  }

  private BackupInfo find(Principal p, Path archive) {
    for (BackupInfo b : BackupManager.list(dir)) {
      if (b.file().toAbsolutePath().normalize().equals(archive)
          && Tenancy.visible(p, b.collection())) {
        return b;
      }
    }
    String shown = displayName(p, archive);
    if (Files.isRegularFile(archive)) {
      throw new BackupException(archive.getFileName(), null, "is not a readable backup");
    }
    throw new ApiException(404, "backup_not_found", "no backup named '" + shown + "'");
  }

  private static String displayName(Principal p, Path archive) {
    return Tenancy.external(p, archive.getFileName().toString());
  }

  private static Map<String, Object> describe(Principal p, BackupInfo b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", displayName(p, b.file()));
    m.put("id", b.id());
    m.put("collection", Tenancy.external(p, b.collection()));
    m.put("type", b.type());
    m.put("parent", b.parent());
    m.put("created_at", b.createdAt().toString());
    m.put("lsn", b.lsn());
    m.put("points", b.points());
    m.put("size_bytes", b.sizeBytes());
    return m;
  }
}
