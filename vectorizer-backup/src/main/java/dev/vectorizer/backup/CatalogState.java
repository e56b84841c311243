package dev.vectorizer.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorizer.VectorizerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The backup catalog's records folded into the current set of backups (see {@link BackupCatalog}
 * for the records' meaning), with the rebuild of a damaged catalog and the recovery of killed
 * creates. Not thread-safe: one per read.
 */
final class CatalogState {
  private final Path file;
  private final Map<String, Rec> recs = new LinkedHashMap<>();
  private final List<Integer> damaged = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private String storeId;

  /** What the catalog says about one backup. */
  static final class Rec {
    final String id;
    String op;
    String collection;
    String type;
    String parent;
    long lsn = -1;
    long points = -1;
    long size = -1;
    String sha256;
    Instant createdAt = Instant.EPOCH;
    Path file;
    Path temp;

    Rec(String id) {
      this.id = id;
    }

    String id() {
      return id;
    }

    Path file() {
      return file;
    }

    boolean added() {
      return op.equals("added");
    }

    BackupCatalog.Entry entry(boolean checksums) {
      if (!added()) {
        return entry(BackupCatalog.Status.UNFINISHED, null);
      }
      if (!Files.isRegularFile(file)) {
        return entry(BackupCatalog.Status.MISSING, null);
      }
      try {
        long now = Files.size(file);
        if (now != size) {
          return damaged("is " + now + " bytes; " + size + " were written");
        }
        BackupManifest m = Archive.readManifest(file);
        if (!m.id().equals(id)) {
          return damaged("now holds backup " + m.id());
        }
        if (checksums && sha256 != null && !sha256.equals(Archive.sha256(file))) {
          return damaged(
              "SHA-256 differs from the one recorded: the file changed after it was written");
        }
        return entry(BackupCatalog.Status.OK, null);
      } catch (BackupException e) {
        return damaged(e.getMessage());
      } catch (IOException e) {
        return damaged("cannot be read: " + e.getMessage());
      }
    }

    private BackupCatalog.Entry damaged(String why) {
      return entry(BackupCatalog.Status.DAMAGED, why);
    }

    private BackupCatalog.Entry entry(BackupCatalog.Status status, String problem) {
      return new BackupCatalog.Entry(
          id,
          collection,
          type,
          parent,
          lsn,
          points,
          size,
          sha256,
          createdAt,
          file,
          status,
          problem);
    }
  }

  private CatalogState(Path file) {
    this.file = file;
  }

  static CatalogState of(Path file, CatalogFile.Contents c) {
    CatalogState s = new CatalogState(file);
    s.damaged.addAll(c.damagedLines());
    for (CatalogFile.Line l : c.records()) {
      try {
        s.apply(l.record());
      } catch (IllegalArgumentException | NullPointerException e) {
        s.damaged.add(l.number()); // a record with a good CRC but not of our making
      }
    }
    if (!s.damaged.isEmpty()) {
      s.rebuild();
    }
    if (s.storeId == null) {
      s.storeId = UUID.randomUUID().toString();
    }
    return s;
  }

  private void apply(ObjectNode r) {
    String op = r.get("op").textValue();
    if (op.equals("catalog")) {
      int format = r.path("format").asInt(-1);
      if (format != CatalogFile.FORMAT) {
        throw new VectorizerException(
            "the backup catalog "
                + file
                + " has format "
                + r.path("format")
                + "; this build reads "
                + CatalogFile.FORMAT);
      }
      storeId = storeId == null ? text(r, "store") : storeId;
      return;
    }
    String id = text(r, "id");
    switch (op) {
      case "started" -> {
        Rec x = recs.computeIfAbsent(id, Rec::new);
        x.op = "started";
        x.collection = text(r, "collection");
        x.file = path(r, "file");
        x.temp = path(r, "temp");
        x.createdAt = instant(r, "at");
      }
      case "added" -> {
        Rec x = recs.computeIfAbsent(id, Rec::new);
        x.op = "added";
        x.collection = text(r, "collection");
        x.type = text(r, "type");
        x.parent = r.hasNonNull("parent") ? text(r, "parent") : null;
        x.lsn = r.get("lsn").longValue();
        x.points = r.path("points").asLong(-1);
        x.size = r.get("size").longValue();
        x.sha256 = r.hasNonNull("sha256") ? text(r, "sha256") : null;
        x.file = path(r, "file");
        x.createdAt = instant(r, "createdAt");
        if (storeId == null && r.hasNonNull("store")) {
          storeId = text(r, "store");
        }
      }
      case "abandoned", "removed" -> {
        Rec x = recs.get(id);
        if (x != null) {
          x.op = op;
        }
      }
      default -> {
        // a record of a later version that this one does not need
      }
    }
  }

  private static String text(JsonNode r, String field) {
    JsonNode v = r.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field);
    }
    return v.textValue();
  }

  private static Path path(JsonNode r, String field) {
    try {
      return Path.of(text(r, field));
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(field, e);
    }
  }

  private static Instant instant(JsonNode r, String field) {
    try {
      return Instant.parse(text(r, field));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field, e);
    }
  }

  /** Finds archives of this store that the damaged lines may have named, in the known folders. */
  private void rebuild() {
    Set<Path> dirs = new LinkedHashSet<>();
    for (Rec r : recs.values()) {
      dirs.add(r.file.toAbsolutePath().getParent());
    }
    int found = 0;
    if (storeId != null) {
      for (Path dir : dirs) {
        for (Path p : BackupCatalog.archivesIn(dir)) {
          try {
            BackupManifest m = Archive.readManifest(p);
            Rec known = recs.get(m.id());
            if (storeId.equals(m.store()) && (known == null || known.op.equals("started"))) {
              Rec x = known == null ? new Rec(m.id()) : known; // "started": the "added" was lost
              fill(x, m, p);
              recs.put(x.id, x);
              found++;
            }
          } catch (BackupException | IOException e) {
            // not one of ours, or unreadable: nothing to recover from it
          }
        }
      }
    }
    warnings.add(
        "the backup catalog "
            + file
            + " is damaged at line(s) "
            + new TreeSet<>(damaged)
            + ": rebuilt from its intact lines and a scan of "
            + (dirs.isEmpty() ? "no folder" : dirs)
            + " ("
            + found
            + " archive(s) found again)");
  }

  private static void fill(Rec x, BackupManifest m, Path p) throws IOException {
    x.op = "added";
    x.collection = m.collection();
    x.type = m.type();
    x.parent = m.parent();
    x.lsn = m.lsn();
    x.points = m.points();
    x.size = Files.size(p);
    x.sha256 = Archive.sha256(p);
    x.createdAt = m.createdAt();
    x.file = p.toAbsolutePath().normalize();
  }

  String storeId() {
    return storeId;
  }

  List<Integer> damaged() {
    return damaged;
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  Rec byId(String id) {
    Rec r = recs.get(id);
    return r != null && (r.added() || r.op.equals("started")) ? r : null;
  }

  /** The backups that are there or under way, in catalog order. */
  List<Rec> live() {
    return recs.values().stream().filter(r -> r.added() || r.op.equals("started")).toList();
  }

  int size() {
    return live().size();
  }

  ObjectNode header() {
    ObjectNode h = Archive.JSON.createObjectNode();
    h.put("op", "catalog");
    h.put("format", CatalogFile.FORMAT);
    h.put("store", storeId);
    return h;
  }

  /** The records of a catalog holding just the live backups. */
  List<ObjectNode> compacted() {
    List<ObjectNode> out = new ArrayList<>();
    out.add(header());
    for (Rec r : live()) {
      out.add(
          r.added()
              ? added(r).put("store", storeId)
              : started(r.id, r.collection, r.file, r.temp, r.createdAt));
    }
    return out;
  }

  /**
   * Finishes the creates that were started and never recorded as finished by a process that is gone
   * (ids not in {@code inFlight}): removes their temporary files, records their archives when the
   * rename had happened, and marks the rest abandoned.
   */
  void recoverUnfinished(Set<String> inFlight, List<ObjectNode> out) throws IOException {
    for (Rec r : new ArrayList<>(recs.values())) {
      if (!r.op.equals("started") || inFlight.contains(r.id)) {
        continue;
      }
      if (r.temp != null) {
        Files.deleteIfExists(r.temp);
      }
      BackupManifest m = null;
      try {
        m = Files.isRegularFile(r.file) ? Archive.readManifest(r.file) : null;
      } catch (BackupException e) {
        // a different or broken file: not the backup that was started
      }
      if (m != null && m.id().equals(r.id)) {
        fill(r, m, r.file);
        out.add(added(r).put("store", storeId));
      } else {
        r.op = "abandoned";
        out.add(outcome("abandoned", r.id, "interrupted: its process stopped before it finished"));
      }
    }
  }

  static ObjectNode started(String id, String collection, Path file, Path temp) {
    return started(id, collection, file, temp, Instant.now());
  }

  private static ObjectNode started(
      String id, String collection, Path file, Path temp, Instant at) {
    ObjectNode n = Archive.JSON.createObjectNode();
    n.put("op", "started");
    n.put("id", id);
    n.put("collection", collection);
    n.put("file", file.toAbsolutePath().normalize().toString());
    n.put("temp", temp.toAbsolutePath().normalize().toString());
    n.put("at", at.toString());
    return n;
  }

  static ObjectNode added(BackupInfo b, String sha256, String storeId) {
    Rec r = new Rec(b.id());
    r.collection = b.collection();
    r.type = b.type();
    r.parent = b.parent();
    r.lsn = b.lsn();
    r.points = b.points();
    r.size = b.sizeBytes();
    r.sha256 = sha256;
    r.createdAt = b.createdAt();
    r.file = b.file().toAbsolutePath().normalize();
    ObjectNode n = added(r);
    n.put("store", storeId);
    return n;
  }

  private static ObjectNode added(Rec r) {
    ObjectNode n = Archive.JSON.createObjectNode();
    n.put("op", "added");
    n.put("id", r.id);
    n.put("collection", r.collection);
    n.put("type", r.type);
    n.put("parent", r.parent);
    n.put("lsn", r.lsn);
    n.put("points", r.points);
    n.put("size", r.size);
    n.put("sha256", r.sha256);
    n.put("file", r.file.toString());
    n.put("createdAt", r.createdAt.toString());
    return n;
  }

  static ObjectNode outcome(String op, String id, String reason) {
    ObjectNode n = Archive.JSON.createObjectNode();
    n.put("op", op);
    n.put("id", id);
    n.put("at", Instant.now().toString());
    n.put("reason", reason);
    return n;
  }

  static BackupCatalog.Entry entryOf(
      BackupManifest m, Path p, long size, String sha, BackupCatalog.Status st, String problem) {
    return new BackupCatalog.Entry(
        m.id(),
        m.collection(),
        m.type(),
        m.parent(),
        m.lsn(),
        m.points(),
        size,
        sha,
        m.createdAt(),
        p,
        st,
        problem);
  }
}
