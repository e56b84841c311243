package dev.vectorizer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Embedder;
import dev.vectorizer.SearchMode;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import dev.vectorizer.VectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of a text collection carry its keyword postings: restored, keyword search answers alike.
 */
class TextBackupTest {
  @TempDir Path dir;

  private static List<String> answers(TextCollection t) {
    List<String> out = new ArrayList<>();
    for (String q : List.of("ERR_7003", "--flag-12", "backup restore", "chain of archives")) {
      for (SearchMode mode : SearchMode.values()) {
        for (TextHit h : t.search(TextQuery.of(q).mode(mode).limit(5))) {
          out.add(mode + " " + q + " " + h.sourceId() + "#" + h.chunk() + " " + h.score());
        }
      }
    }
    return out;
  }

  @Test
  void fullAndIncrementalBackupsRestoreTheKeywordIndex() throws Exception {
    Path out = Files.createDirectories(dir.resolve("backups"));
    try (VectorStore store = VectorStore.builder(dir.resolve("data")).sealThreshold(20).open()) {
      BackupManager backups = new BackupManager(store, Clock.systemUTC());
      TextCollection texts = store.textCollection("notes", Embedder.byName("hashing"));
      for (int i = 0; i < 30; i++) {
        texts.upsert(
            "note" + i,
            "Note "
                + i
                + " explains the backup and restore of a chain of archives. It fails with"
                + " ERR_70"
                + String.format("%02d", i)
                + " unless --flag-"
                + i
                + " is set.",
            Map.of("i", i));
      }
      Path full = out.resolve("full.tar.gz");
      backups.full("notes", full, true);
      texts.upsert("note3", "Note 3 now only mentions --flag-12 and nothing else.", Map.of());
      texts.delete("note12");
      texts.upsert("note99", "A new note about ERR_7003 appears after the full backup.", Map.of());
      Path inc = out.resolve("inc.tar.gz");
      backups.incremental("notes", inc, full, true);
      List<String> want = answers(texts);
      assertTrue(
          want.stream().anyMatch(a -> a.startsWith("KEYWORD ERR_7003 note99")), want.toString());

      backups.restore(inc, "copy", false);
      TextCollection copy = store.textCollection("copy", Embedder.byName("hashing"));
      assertEquals(want, answers(copy));
      try (Stream<Path> files = Files.list(dir.resolve("data/collections/copy"))) {
        assertTrue(files.anyMatch(p -> p.toString().endsWith(".vzk")), "postings restored");
      }
      // the full backup alone has the old versions: old postings, no new note
      backups.restore(full, "old", false);
      TextCollection old = store.textCollection("old", Embedder.byName("hashing"));
      List<TextHit> err = old.search(TextQuery.of("ERR_7003").mode(SearchMode.KEYWORD));
      assertEquals("note3", err.get(0).sourceId());
    }
  }
}
