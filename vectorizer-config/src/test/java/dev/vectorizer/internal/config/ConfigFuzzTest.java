package dev.vectorizer.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the YAML loader with seeded mutations of a real configuration: YAML tokens swapped in
 * (aliases, tags, flow collections, huge and odd numbers, deep nesting), and characters flipped,
 * cut, repeated and inserted. Every typed getter is then called on every section. The property: a
 * value is returned, or an {@link IllegalArgumentException} starting with the file's name (and, for
 * a bad value, naming the key) is thrown; never another exception or a hang.
 *
 * <p>{@code -Dvectorizer.fuzz.iterations=N} mutations (500 by default, 20,000 with {@code
 * -Pstress}); {@code -Dvectorizer.fuzz.seed=S} replays another sequence.
 */
class ConfigFuzzTest {
  private static final Path FILE = Path.of("/etc/vz/vectorizer.yaml");

  private static final String CORPUS =
      """
      file_watcher:
        enabled: true
        watch_paths: ["/srv/project", "./docs"]
        debounce_ms: 300
        auto_discovery: true
        exclude_patterns: ["**/.git/**", "**/node_modules/**"]
        max_file_size: 10MB
        routes:
          - pattern: "**/*.md"
            collection: notes
          - pattern: "**/*.java"
            collection: code
      backup:
        enabled: true
        directory: ./backups
        schedule: "0 2 * * *"
        retention_days: 30
        compression: true
        incremental: true
        max_chain_length: 7
        collections: [docs]
      server:
        port: 8080
        api_keys:
          - key: "k-123"
            tenant: acme
      """;

  private static final String[] TOKENS = {
    "",
    "~",
    "null",
    "-1",
    "0",
    "2147483648",
    "99999999999999999999",
    "1e400",
    ".nan",
    "0x7f",
    "999999999999GB",
    "10XB",
    "12 MiB",
    "true",
    "yes",
    "\"\"",
    "\"\\0\"",
    "'a\u0000b'",
    "[",
    "]",
    "{",
    "}",
    "[a, b]",
    "{a: 1}",
    "&x y",
    "*x",
    "*undefined",
    "!!binary AAAA",
    "!!python/object:x {}",
    "!!timestamp 2001-12-14",
    "? complex",
    "|\n  block",
    ">-",
    "- item",
    ": :",
    "#",
    "\t",
    "%YAML 1.1",
    "---",
    "...",
    "\"\\uD800\"",
    "a\u0000b",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "\"" + "x".repeat(300) + "\"",
  };

  @Test
  void malformedConfigurationsFailNamingTheFile() {
    int iterations = Integer.getInteger("vectorizer.fuzz.iterations", 500);
    long seed = Long.getLong("vectorizer.fuzz.seed", 15L);
    List<String> failures = new ArrayList<>();
    assertTimeoutPreemptively(
        Duration.ofSeconds(60 + iterations / 100),
        () -> {
          for (int i = 0; i < iterations && failures.size() < 10; i++) {
            Random r = new Random(seed * 31 + i);
            String yaml = mutate(CORPUS, r);
            String failure = check(yaml);
            if (failure != null) {
              failures.add("iteration " + i + ": " + failure + "\n--- input ---\n" + yaml);
            }
          }
        });
    assertTrue(failures.isEmpty(), String.join("\n\n", failures));
  }

  static String mutate(String text, Random r) {
    StringBuilder b = new StringBuilder(text);
    for (int k = 1 + r.nextInt(3); k > 0; k--) {
      int at = b.isEmpty() ? 0 : r.nextInt(b.length());
      switch (r.nextInt(6)) {
        case 0, 1 -> { // replace a value (after a ':' or '- ') with a token
          int colon = b.indexOf(":", at);
          if (colon >= 0) {
            int end = b.indexOf("\n", colon);
            b.replace(colon + 1, end < 0 ? b.length() : end, " " + pick(r));
          }
        }
        case 2 -> b.insert(at, pick(r)); // insert a token anywhere
        case 3 -> b.setCharAt(Math.min(at, Math.max(0, b.length() - 1)), (char) r.nextInt(128));
        case 4 -> b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(20))); // cut
        default -> { // repeat a line (duplicate keys, deeper indentation)
          int start = b.lastIndexOf("\n", at) + 1;
          int end = b.indexOf("\n", start);
          String line = b.substring(start, end < 0 ? b.length() : end);
          b.insert(start, (r.nextBoolean() ? "  " : "") + line + "\n");
        }
      }
    }
    return b.toString();
  }

  private static String pick(Random r) {
    return TOKENS[r.nextInt(TOKENS.length)];
  }

  /** Parses and reads everything; null when every outcome was allowed. */
  static String check(String yaml) {
    ConfigFile file;
    try {
      file = ConfigFile.parse(FILE, new StringReader(yaml));
    } catch (IllegalArgumentException e) {
      return named(e, null);
    } catch (Throwable t) {
      return "parse threw " + t;
    }
    for (String name : List.of("file_watcher", "backup", "server", "missing")) {
      try {
        file.optionalSection(name).ifPresent(section -> readAll(section, 0));
      } catch (IllegalArgumentException e) {
        String failure = named(e, name);
        if (failure != null) {
          return failure;
        }
      } catch (Throwable t) {
        return "reading '" + name + "' threw " + t;
      }
    }
    return null;
  }

  private static String named(IllegalArgumentException e, String section) {
    String m = String.valueOf(e.getMessage());
    if (!m.startsWith(FILE + ": ")) {
      return "an error that does not start with the file's name: " + e;
    }
    if (section != null && m.contains("must be") && !m.contains("'" + section)) {
      return "a bad value without its key: " + m;
    }
    return null;
  }

  /** Every getter, on every key of the section and of its nested sections. */
  private static void readAll(ConfigSection s, int depth) {
    List<Runnable> reads = new ArrayList<>();
    for (String key :
        List.of(
            "enabled",
            "watch_paths",
            "debounce_ms",
            "max_file_size",
            "routes",
            "directory",
            "schedule",
            "retention_days",
            "collections",
            "port",
            "api_keys",
            "absent")) {
      reads.add(() -> s.bool(key, true));
      reads.add(() -> s.integer(key, 1, 0, 100_000));
      reads.add(() -> checkSize(s, key));
      reads.add(() -> s.string(key, "default"));
      reads.add(() -> s.optionalString(key));
      reads.add(() -> s.choice(key, "a", Set.of("a", "b")));
      reads.add(() -> s.strings(key, List.of()));
      reads.add(() -> s.path(key, "."));
      reads.add(() -> s.paths(key));
      if (depth < 1) { // routes[i], api_keys[i]: one level is what the schema has
        reads.add(() -> readAll(s.section(key), depth + 1));
        reads.add(() -> s.sections(key).forEach(nested -> readAll(nested, depth + 1)));
      }
    }
    reads.add(() -> s.requireOnly(Set.of("enabled")));
    IllegalArgumentException first = null;
    for (Runnable read : reads) {
      try {
        read.run();
      } catch (IllegalArgumentException e) {
        String failure = named(e, s.path());
        if (failure != null) {
          throw new AssertionError(failure, e);
        }
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first; // an allowed error, reported as the section's outcome
    }
  }

  /**
   * A size is never negative and, for text like {@code 12MB}, exactly the number times the unit.
   */
  private static void checkSize(ConfigSection s, String key) {
    long size = s.size(key, 0);
    assertTrue(size >= 0, "size " + key + " = " + size);
    if (s.has(key) && s.file().optionalSection(s.path()).isPresent()) {
      String text = String.valueOf(rawValue(s, key)).trim().toUpperCase(java.util.Locale.ROOT);
      if (text.matches("[0-9]+ *GB")) {
        java.math.BigInteger expected =
            new java.math.BigInteger(text.replaceAll("[^0-9]", ""))
                .multiply(java.math.BigInteger.valueOf(1_000_000_000L));
        assertEquals(expected, java.math.BigInteger.valueOf(size), "size of " + text);
      }
    }
  }

  private static Object rawValue(ConfigSection s, String key) {
    try {
      return s.string(key, null);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
