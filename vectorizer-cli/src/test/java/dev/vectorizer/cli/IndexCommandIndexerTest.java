package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The indexer contract through {@code vectorizer index --config FILE}. */
class IndexCommandIndexerTest extends IndexerContract {
  private static final Pattern SUMMARY =
      Pattern.compile(
          "indexed (\\d+) files .*; (\\d+) unchanged; (\\d+) removed; .*, (\\d+) symlinks or"
              + " mounts,");

  @Override
  Counts run(Path data, Path yaml) {
    String out = new CliRunner(data).expect(0, "index", "--config", yaml.toString())[0];
    Matcher m = SUMMARY.matcher(out);
    assertTrue(m.find(), out);
    return new Counts(
        Long.parseLong(m.group(1)),
        Long.parseLong(m.group(2)),
        Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4)));
  }
}
