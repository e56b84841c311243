package dev.vectorizer.backup;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A backup's {@code manifest.json}, checked field by field: the one place that decides whether a
 * manifest is acceptable, used alike by verify, restore, list and the catalog. Every refusal is a
 * {@link BackupException} naming the archive, {@code manifest.json} and the field.
 *
 * <p>The rules beyond types: file names are {@code [A-Za-z0-9][A-Za-z0-9._-]*} (so no path can
 * leave the restore directory), checksums are 64 lowercase hex digits, sizes and the LSN are not
 * negative, a full backup has no parent and holds every file of its state, the state names the
 * collection's {@code MANIFEST}, and {@code entries} lists exactly the state files this backup
 * holds (same sizes and checksums).
 *
 * @param id the backup's id
 * @param type {@code full} or {@code incremental}
 * @param parent the parent's id, or null for a full backup
 * @param createdAt when it was taken
 * @param collection the collection's name
 * @param lsn the last write the backup holds
 * @param points live points at the cut, or -1 when not recorded
 * @param store the id of the store's backup catalog, or null (archives made before catalogs)
 * @param entries the files this archive holds, by name (without {@code files/})
 * @param state every file of the collection at the cut, by name
 */
record BackupManifest(
    String id,
    String type,
    String parent,
    Instant createdAt,
    String collection,
    long lsn,
    long points,
    String store,
    Map<String, FileRef> entries,
    Map<String, StateFile> state) {

  static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern COLLECTION =
      Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]{0,127}");

  /** A file held by an archive. */
  record FileRef(String name, long size, String sha256) {}

  /** A file of the collection at the cut, and the id of the backup that holds it. */
  record StateFile(String name, long size, String sha256, String in) {}

  boolean incremental() {
    return "incremental".equals(type);
  }

  /**
   * Checks a parsed manifest.
   *
   * @param archive the archive, for messages
   * @param m the parsed JSON
   * @return the manifest
   * @throws BackupException naming the field at the first problem
   */
  static BackupManifest of(Path archive, JsonNode m) {
    Check c = new Check(archive);
    if (!m.isObject()) {
      throw c.fail("is not a JSON object");
    }
    JsonNode format = m.get("format");
    if (format == null || !format.isIntegralNumber()) {
      throw c.fail("not a Vectorizer backup manifest (no numeric 'format')");
    }
    if (!format.canConvertToInt() || format.intValue() != Archive.FORMAT) {
      throw c.fail(
          "format version "
              + format.asText()
              + " is not supported (this build reads "
              + Archive.FORMAT
              + ")");
    }
    String id = c.text(m, "id", ID);
    String type = c.text(m, "type", null);
    if (!type.equals("full") && !type.equals("incremental")) {
      throw c.fail("'type' must be \"full\" or \"incremental\", got \"" + type + "\"");
    }
    String parent = null;
    if (type.equals("incremental")) {
      parent = c.text(m, "parent", ID);
      if (parent.equals(id)) {
        throw c.fail("'parent' is the backup's own id");
      }
    } else if (m.hasNonNull("parent")) {
      throw c.fail("a full backup has no 'parent'");
    }
    Instant createdAt = Instant.EPOCH;
    if (m.hasNonNull("createdAt")) {
      String t = c.text(m, "createdAt", null);
      try {
        createdAt = Instant.parse(t);
      } catch (DateTimeParseException e) {
        throw c.fail("'createdAt' is not an ISO-8601 instant: \"" + t + "\"");
      }
    }
    String collection = c.text(m, "collection", COLLECTION);
    long lsn = c.count(m, "lsn");
    long points = m.hasNonNull("points") ? c.count(m, "points") : -1;
    String store = m.hasNonNull("store") ? c.text(m, "store", ID) : null;

    Map<String, FileRef> entries = new LinkedHashMap<>();
    for (JsonNode e : c.array(m, "entries")) {
      String name = c.text(e, "name", null);
      if (!name.startsWith("files/") || !FILE_NAME.matcher(name.substring(6)).matches()) {
        throw c.fail("entry name \"" + name + "\" is not files/<name>");
      }
      FileRef f = new FileRef(name.substring(6), c.count(e, "size"), c.text(e, "sha256", SHA256));
      if (entries.put(f.name(), f) != null) {
        throw c.fail("entry \"" + name + "\" is listed twice");
      }
    }
    Map<String, StateFile> state = new LinkedHashMap<>();
    for (JsonNode s : c.array(m, "state")) {
      StateFile f =
          new StateFile(
              c.text(s, "name", FILE_NAME),
              c.count(s, "size"),
              c.text(s, "sha256", SHA256),
              c.text(s, "in", ID));
      if (state.put(f.name(), f) != null) {
        throw c.fail("state file \"" + f.name() + "\" is listed twice");
      }
      if (type.equals("full") && !f.in().equals(id)) {
        throw c.fail("state file \"" + f.name() + "\" of a full backup is held by " + f.in());
      }
    }
    if (!state.containsKey("MANIFEST")) {
      throw c.fail("the state has no MANIFEST (the collection's own manifest)");
    }
    for (FileRef e : entries.values()) {
      StateFile s = state.get(e.name());
      if (s == null
          || !s.in().equals(id)
          || s.size() != e.size()
          || !s.sha256().equals(e.sha256())) {
        throw c.fail("entry \"files/" + e.name() + "\" does not match its state record");
      }
    }
    for (StateFile s : state.values()) {
      if (s.in().equals(id) && !entries.containsKey(s.name())) {
        throw c.fail("state file \"" + s.name() + "\" is held by this backup but not listed");
      }
    }
    return new BackupManifest(
        id,
        type,
        parent,
        createdAt,
        collection,
        lsn,
        points,
        store,
        Collections.unmodifiableMap(entries),
        Collections.unmodifiableMap(state));
  }

  /** Field readers whose errors name the field. */
  private record Check(Path archive) {
    BackupException fail(String detail) {
      return new BackupException(archive, Archive.MANIFEST, detail);
    }

    String text(JsonNode n, String field, Pattern pattern) {
      JsonNode v = n.isObject() ? n.get(field) : null;
      if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
        throw fail("'" + field + "' must be a non-empty string, got " + show(v));
      }
      if (pattern != null && !pattern.matcher(v.textValue()).matches()) {
        throw fail("'" + field + "' has an unsafe or malformed value " + show(v));
      }
      return v.textValue();
    }

    long count(JsonNode n, String field) {
      JsonNode v = n.isObject() ? n.get(field) : null;
      if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw fail("'" + field + "' must be a whole number >= 0, got " + show(v));
      }
      return v.longValue();
    }

    JsonNode array(JsonNode n, String field) {
      JsonNode v = n.get(field);
      if (v == null || !v.isArray()) {
        throw fail("'" + field + "' must be an array, got " + show(v));
      }
      for (JsonNode e : v) {
        if (!e.isObject()) {
          throw fail("'" + field + "' must hold objects, got " + show(e));
        }
      }
      return v;
    }

    private static String show(JsonNode v) {
      if (v == null) {
        return "nothing";
      }
      String s = v.toString();
      return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
  }
}
