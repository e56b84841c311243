package dev.vectorizer.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  private static final Path FILE = Path.of("/etc/vz/vectorizer.yaml");

  private static ConfigFile parse(String yaml) {
    return ConfigFile.parse(FILE, new StringReader(yaml));
  }

  private static String error(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void readsTypedValuesWithDefaults() {
    ConfigSection s =
        parse(
                """
                backup:
                  enabled: false
                  retention_days: 30
                  max_size: 10MB
                  small: 512KiB
                  plain: 4096
                  directory: ./backups
                  collections: [docs, notes]
                  one: docs
                  routes:
                    - pattern: "**/*.md"
                      collection: notes
                """)
            .section("backup");
    assertFalse(s.bool("enabled", true));
    assertTrue(s.bool("missing", true));
    assertEquals(30, s.integer("retention_days", 1, 1, 36500));
    assertEquals(7, s.integer("absent", 7, 1, 10));
    assertEquals(10_000_000L, s.size("max_size", 0));
    assertEquals(512 * 1024L, s.size("small", 0));
    assertEquals(4096L, s.size("plain", 0));
    assertEquals(Path.of("/etc/vz/backups"), s.path("directory", "."));
    assertEquals(List.of("docs", "notes"), s.strings("collections", List.of()));
    assertEquals(List.of("docs"), s.strings("one", List.of()));
    assertEquals("notes", s.sections("routes").get(0).string("collection", null));
    assertEquals("backup.routes[0]", s.sections("routes").get(0).path());
  }

  @Test
  void errorsNameFileKeyExpectationAndValue() {
    ConfigSection s =
        parse("backup:\n  retention_days: thirty\n  enabled: 1\n  size: 10 parsecs\n")
            .section("backup");
    assertEquals(
        "/etc/vz/vectorizer.yaml: 'backup.retention_days' must be a whole number from 1 to 36500,"
            + " got \"thirty\"",
        error(() -> s.integer("retention_days", 30, 1, 36500)));
    assertTrue(
        error(() -> s.bool("enabled", true))
            .contains("'backup.enabled' must be true or false, got 1"));
    assertTrue(error(() -> s.size("size", 0)).contains("must be a size such as 10MB"));
    assertTrue(
        error(() -> s.integer("retention_days", 30, 1, 10)).startsWith("/etc/vz/vectorizer.yaml"));
  }

  @Test
  void refusesUnknownKeysListingTheKnownOnes() {
    ConfigSection s = parse("backup:\n  schedul: '0 2 * * *'\n").section("backup");
    assertEquals(
        "/etc/vz/vectorizer.yaml: unknown key 'backup.schedul' (known: enabled, schedule)",
        error(() -> s.requireOnly(Set.of("schedule", "enabled"))));
  }

  @Test
  void badDocumentsAreNamedErrors() {
    assertTrue(error(() -> parse("backup: [unclosed")).contains("not valid YAML"));
    assertTrue(error(() -> parse("- a\n- b\n")).contains("top level must be a map"));
    assertTrue(
        error(() -> parse("backup: 3\n").section("backup")).contains("'backup' must be a map"));
    assertTrue(
        error(() -> parse("other: {}\n").section("backup")).contains("no 'backup:' section"));
    assertTrue(error(() -> parse("a: 1\na: 2\n")).contains("not valid YAML"));
    assertTrue(
        error(() -> parse("x: !!java.io.File [/tmp]\n")).contains("not valid YAML"),
        "the safe constructor builds no objects");
    assertTrue(parse("").optionalSection("backup").isEmpty());
    assertTrue(parse("backup:\n").section("backup").strings("collections", List.of()).isEmpty());
  }

  @Test
  void billionLaughsIsRefused() {
    StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      y.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      y.append("]\n");
    }
    assertTrue(error(() -> parse(y.toString())).contains("not valid YAML"));
  }

  @Test
  void loadsFromDiskAndRefusesHugeFiles(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("vectorizer.yaml");
    Files.writeString(f, "server:\n  port: 15002\n");
    assertEquals(15002, ConfigFile.load(f).section("server").integer("port", 0, 1, 65535));
    Files.write(f, new byte[5 << 20]);
    assertTrue(
        error(
                () -> {
                  try {
                    ConfigFile.load(f);
                  } catch (IOException e) {
                    throw new AssertionError(e);
                  }
                })
            .contains("too large"));
  }

  /** Found by ConfigFuzzTest: sizes wrapped around, and odd paths escaped without file or key. */
  @Test
  void sizesThatOverflowAndUnusablePathsAreErrorsNamingFileAndKey() {
    ConfigSection s =
        parse(
                """
                backup:
                  huge: 999999999999GB
                  largest: 999999999999MiB
                """)
            .section("backup");
    assertEquals(
        FILE + ": 'backup.huge' must be a size such as 10MB, got \"999999999999GB\"",
        error(() -> s.size("huge", 0))); // 3875820018684212736 before
    assertEquals(999_999_999_999L * 1_048_576, s.size("largest", 0));
    // A NUL character (SnakeYAML lets some through, the fuzzer found):
    // InvalidPathException, naming neither file nor key, before.
    ConfigSection odd =
        ConfigSection.of(s.file(), "backup", Map.of("odd", "a\0b", "odds", List.of("ok", "a\0b")));
    assertTrue(
        error(() -> odd.path("odd", ".")).startsWith(FILE + ": 'backup.odd' must be a path"));
    assertTrue(error(() -> odd.paths("odds")).startsWith(FILE + ": 'backup.odds' must be a path"));
  }

  /** Found by ConfigFuzzTest: a tag whose value does not parse escaped without the file name. */
  @Test
  void aBadlyTaggedValueIsAnErrorNamingTheFile() {
    assertEquals(
        FILE + ": not valid YAML: Illegal base64 character 5f",
        error(() -> parse("backup:\n  key: !!binary a_b_\n")));
  }
}
