package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.backup.BackupPolicy;
import dev.vectorizer.watch.WatchConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the {@code file_watcher:} and {@code backup:} sections as the CLI loads them ({@link
 * WatchConfig#load}, {@link BackupPolicy#load}): values swapped for odd tokens (bad globs and cron
 * expressions, huge numbers, wrong types), keys repeated or cut. The property: a configuration, or
 * an {@link IllegalArgumentException} starting with the file's name; never another exception.
 *
 * <p>{@code -Dvectorizer.fuzz.iterations=N} (500 by default).
 */
class SectionConfigFuzzTest {
  private static final String CORPUS =
      """
      file_watcher:
        enabled: true
        watch_paths: ["./src", "./docs"]
        debounce_ms: 300
        include_patterns: ["**/*.md", "**/*.java"]
        exclude_patterns: ["**/.git/**"]
        max_file_size: 10MB
        collection: files
        routes:
          - pattern: "**/*.md"
            collection: notes
        chunk_size: 1000
        chunk_overlap: 200
        follow_symlinks: false
      backup:
        enabled: true
        directory: ./backups
        schedule: "0 2 * * *"
        retention_days: 30
        compression: true
        incremental: true
        max_chain_length: 7
        collections: [docs]
      """;

  private static final String[] TOKENS = {
    "",
    "~",
    "-1",
    "0",
    "2147483648",
    "1e400",
    "[",
    "{a: 1}",
    "[a, b]",
    "*x",
    "&x y",
    "true",
    "\"[\"",
    "\"**/[a-\"",
    "\"{a,b\"",
    "\"\\\\\"",
    "\"glob:x\"",
    "\"regex:(\"",
    "\"* * *\"",
    "\"60 25 * * *\"",
    "\"0 2 * * * * *\"",
    "\"@yearly\"",
    "\"0 2 31 2 *\"",
    "\"*/0 * * * *\"",
    "\"0-99 * * * *\"",
    "\"0 2 ? * MON#9\"",
    "\"L W * * *\"",
    "\"0 2 * * 8\"",
    "\"0,,2 * * * *\"",
    "\"0 2 * JANX *\"",
    "\"/etc/passwd\"",
    "\"../../x\"",
    "\"\"",
    "\"  \"",
    "\"12 XB\"",
  };

  @TempDir Path dir;

  @Test
  void malformedSectionsFailNamingTheFile() {
    int iterations = Integer.getInteger("vectorizer.fuzz.iterations", 500);
    long seed = Long.getLong("vectorizer.fuzz.seed", 15L);
    Path file = dir.resolve("vectorizer.yaml");
    List<String> failures = new ArrayList<>();
    assertTimeoutPreemptively(
        Duration.ofSeconds(60 + iterations / 20),
        () -> {
          for (int i = 0; i < iterations && failures.size() < 10; i++) {
            Random r = new Random(seed * 31 + i);
            String yaml = mutate(CORPUS, r);
            Files.writeString(file, yaml);
            for (int which = 0; which < 2; which++) {
              try {
                if (which == 0) {
                  WatchConfig.load(file);
                } else {
                  BackupPolicy.load(file);
                }
              } catch (IllegalArgumentException e) {
                if (!String.valueOf(e.getMessage()).startsWith(file.toString())) {
                  failures.add("iteration " + i + ": " + e + "\n" + yaml);
                }
              } catch (Exception | Error e) {
                failures.add("iteration " + i + ": " + e + "\n" + yaml);
              }
            }
          }
        });
    assertTrue(failures.isEmpty(), String.join("\n\n", failures));
  }

  private static String mutate(String text, Random r) {
    StringBuilder b = new StringBuilder(text);
    for (int k = 1 + r.nextInt(3); k > 0; k--) {
      int at = r.nextInt(b.length());
      switch (r.nextInt(4)) {
        case 0, 1 -> { // a value becomes a token
          int colon = b.indexOf(": ", at);
          if (colon >= 0) {
            int end = b.indexOf("\n", colon);
            b.replace(colon + 2, end < 0 ? b.length() : end, TOKENS[r.nextInt(TOKENS.length)]);
          }
        }
        case 2 -> { // a list item becomes a token
          int bracket = b.indexOf("[", at);
          if (bracket >= 0) {
            b.insert(bracket + 1, TOKENS[r.nextInt(TOKENS.length)] + ", ");
          }
        }
        default -> b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(12))); // a cut
      }
    }
    return b.toString();
  }
}
