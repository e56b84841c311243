package dev.vectorizer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Archives with a valid manifest checksum but hostile or inconsistent content: verify and restore
 * must refuse each with the same message, naming the archive, and leave the live data alone.
 */
class CraftedArchiveTest {
  @TempDir Path dir;
  VectorStore store;
  BackupManager backups;
  Collection docs;
  Path full;
  Path inc;

  @BeforeEach
  void setUp() throws IOException {
    store = VectorStore.builder(dir.resolve("data")).sealThreshold(50).open();
    backups = new BackupManager(store, Clock.systemUTC());
    docs = store.createCollection("docs", CollectionConfig.of(4));
    for (int i = 0; i < 120; i++) {
      docs.upsert(Point.of("p" + i, new float[] {i, 1, 2, 3}, Map.of("i", i)));
    }
    Path b = Files.createDirectories(dir.resolve("b"));
    full = b.resolve("full.tar");
    backups.full("docs", full, false);
    docs.delete("p3");
    docs.upsert(Point.of("p500", new float[] {5, 0, 0, 1}, Map.of()));
    inc = b.resolve("inc.tar");
    backups.incremental("docs", inc, full, false);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  /** Writes an edited copy of an archive beside it. */
  private Path crafted(Path from, String name, Consumer<ObjectNode> edit) throws IOException {
    Path to = from.resolveSibling(name);
    ArchiveEditor.write(to, ArchiveEditor.editManifest(ArchiveEditor.read(from), edit), false);
    return to;
  }

  private static ObjectNode stateFile(ObjectNode m, String name) {
    for (var s : m.get("state")) {
      if (s.get("name").textValue().equals(name)) {
        return (ObjectNode) s;
      }
    }
    throw new AssertionError(name + " not in state");
  }

  private static String firstSegment(ObjectNode m) {
    for (var s : m.get("state")) {
      if (s.get("name").textValue().startsWith("seg-")) {
        return s.get("name").textValue();
      }
    }
    throw new AssertionError("no segment");
  }

  /** Verify and restore refuse it alike, and nothing live changes. */
  private String refusedByBoth(Path bad, String expected) {
    long count = docs.count();
    BackupException v = assertThrows(BackupException.class, () -> BackupManager.verify(bad));
    BackupException r =
        assertThrows(BackupException.class, () -> backups.restore(bad, "docs", true));
    assertEquals(v.getMessage(), r.getMessage());
    assertTrue(v.getMessage().startsWith("backup " + bad), v.getMessage());
    assertTrue(v.getMessage().contains(expected), v.getMessage());
    assertFalse(v.getMessage().contains("null"), v.getMessage());
    assertEquals(count, docs.count());
    assertTrue(docs.get("p500").isPresent());
    assertFalse(store.hasCollection("copy"));
    return v.getMessage();
  }

  @Test
  void aStateEntryThatClimbsOutIsRefusedByVerifyAsByRestore() throws IOException {
    // Before: verify passed this archive (it checked tar entries only); restore refused it.
    Path bad = crafted(full, "climb.tar", m -> stateFile(m, "MANIFEST").put("name", "../../../x"));
    refusedByBoth(bad, "unsafe or malformed value \"../../../x\"");
  }

  @Test
  void aStateFileHeldByABackupOutsideTheChainIsRefused() throws IOException {
    Path bad =
        crafted(
            inc,
            "foreign.tar",
            m -> stateFile(m, firstSegment(m)).put("in", "00000000-0000-0000-0000-000000000000"));
    refusedByBoth(bad, "which is not in the chain");
  }

  @Test
  void aChainThatHoldsAnotherVersionOfAFileIsRefused() throws IOException {
    ObjectNode m0 = manifestOf(inc);
    String seg = null;
    for (var s : m0.get("state")) {
      if (!s.get("in").textValue().equals(m0.get("id").textValue())) {
        seg = s.get("name").textValue(); // a file the incremental takes from its parent
      }
    }
    assertTrue(seg != null, m0.toString());
    String held = seg;
    Path bad =
        crafted(inc, "other-version.tar", m -> stateFile(m, held).put("sha256", "0".repeat(64)));
    refusedByBoth(bad, "the chain holds a different version of this file");
  }

  private static ObjectNode manifestOf(Path archive) {
    try {
      return (ObjectNode) Archive.JSON.readTree(ArchiveEditor.read(archive).get(0).body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "entry name with ..",
        "type",
        "negative lsn",
        "lsn as text",
        "size as text",
        "entries not an array",
        "no MANIFEST in the state",
        "full backup with a parent",
        "bad checksum format",
        "entry missing from the state",
        "state file listed twice",
        "empty id",
        "createdAt",
        "manifest not an object"
      })
  void malformedManifestsAreRefusedByVerifyAsByRestore(String damage) throws IOException {
    Path bad =
        crafted(
            full,
            "bad.tar",
            m -> {
              switch (damage) {
                case "entry name with .." ->
                    ((ObjectNode) m.get("entries").get(0)).put("name", "files/../../x");
                case "type" -> m.put("type", "partial");
                case "negative lsn" -> m.put("lsn", -5);
                case "lsn as text" -> m.put("lsn", "12");
                case "size as text" -> ((ObjectNode) m.get("entries").get(0)).put("size", "1");
                case "entries not an array" -> m.put("entries", "none");
                case "no MANIFEST in the state" -> {
                  ArrayNode state = (ArrayNode) m.get("state");
                  ArrayNode entries = (ArrayNode) m.get("entries");
                  for (int i = 0; i < state.size(); i++) {
                    if (state.get(i).get("name").textValue().equals("MANIFEST")) {
                      state.remove(i);
                    }
                  }
                  for (int i = 0; i < entries.size(); i++) {
                    if (entries.get(i).get("name").textValue().equals("files/MANIFEST")) {
                      entries.remove(i);
                    }
                  }
                }
                case "full backup with a parent" -> m.put("parent", "abc");
                case "bad checksum format" ->
                    ((ObjectNode) m.get("entries").get(0)).put("sha256", "XYZ");
                case "entry missing from the state" -> {
                  ArrayNode state = (ArrayNode) m.get("state");
                  String seg = firstSegment(m);
                  for (int i = state.size() - 1; i >= 0; i--) {
                    if (state.get(i).get("name").textValue().equals(seg)) {
                      state.remove(i);
                    }
                  }
                }
                case "state file listed twice" ->
                    ((ArrayNode) m.get("state")).add(m.get("state").get(0).deepCopy());
                case "empty id" -> m.put("id", "");
                case "createdAt" -> m.put("createdAt", "yesterday");
                default -> {
                  m.removeAll();
                  m.put("format", 1);
                  m.putArray("x");
                }
              }
            });
    String expected =
        switch (damage) {
          case "entry name with .." -> "is not files/<name>";
          case "type" -> "'type' must be";
          case "negative lsn", "lsn as text" -> "'lsn' must be a whole number >= 0";
          case "size as text" -> "'size' must be a whole number >= 0";
          case "entries not an array" -> "'entries' must be an array";
          case "no MANIFEST in the state" -> "the state has no MANIFEST";
          case "full backup with a parent" -> "a full backup has no 'parent'";
          case "bad checksum format" -> "'sha256' has an unsafe or malformed value";
          case "entry missing from the state" -> "does not match its state record";
          case "state file listed twice" -> "is listed twice";
          case "empty id" -> "'id' must be a non-empty string";
          case "createdAt" -> "'createdAt' is not an ISO-8601 instant";
          default -> "'id' must be a non-empty string";
        };
    String message = refusedByBoth(bad, expected);
    assertTrue(message.contains("entry 'manifest.json'"), message);
  }

  @Test
  void hostileTarEntriesAreRefusedByBoth() throws IOException {
    List<ArchiveEditor.Item> items = ArchiveEditor.read(full);
    List<ArchiveEditor.Item> link = new ArrayList<>(items);
    link.add(
        2,
        new ArchiveEditor.Item(
            "files/x",
            new byte[0],
            org.apache.commons.compress.archivers.tar.TarArchiveEntry.LF_SYMLINK,
            "/etc/passwd"));
    Path linked = full.resolveSibling("link.tar");
    ArchiveEditor.write(linked, link, false);
    refusedByBoth(linked, "is a link");

    List<ArchiveEditor.Item> dup = new ArrayList<>(items);
    dup.add(items.get(2));
    Path twice = full.resolveSibling("twice.tar");
    ArchiveEditor.write(twice, dup, false);
    refusedByBoth(twice, "appears twice");

    List<ArchiveEditor.Item> abs = new ArrayList<>(items);
    abs.add(new ArchiveEditor.Item("/etc/cron.d/x", new byte[] {1}));
    Path absolute = full.resolveSibling("absolute.tar");
    ArchiveEditor.write(absolute, abs, false);
    refusedByBoth(absolute, "'etc/cron.d/x': is not a backup file name"); // tar drops the '/'
  }

  @Test
  void theUntouchedArchivesPassBoth() {
    assertEquals(2, BackupManager.verify(inc).size());
    Collection copy = backups.restore(inc, "copy", false);
    assertEquals(docs.count(), copy.count());
  }
}
