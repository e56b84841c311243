package dev.vectorizer.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Embedder;
import dev.vectorizer.SearchMode;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HybridSearchContract} on a durable store that seals small segments and merges them, plus
 * what only a durable store has: restart (log replay, postings files), merges, and queries that
 * write nothing.
 */
class DurableHybridSearchTest extends HybridSearchContract {
  @TempDir Path dir;

  @Override
  VectorStore open() {
    return VectorStore.builder(dir.resolve("data")).sealThreshold(7).maxSegments(3).open();
  }

  private List<List<String>> answers(TextCollection t, boolean scores) {
    List<List<String>> out = new ArrayList<>();
    for (String q :
        List.of("ERR_4014", "--opt-7x", "sorting lines", "program input", "--verbose")) {
      for (SearchMode mode : SearchMode.values()) {
        List<String> row = new ArrayList<>();
        for (TextHit h : t.search(TextQuery.of(q).mode(mode).limit(6))) {
          row.add(h.sourceId() + "#" + h.chunk() + (scores ? "@" + h.score() : ""));
        }
        out.add(row);
      }
    }
    return out;
  }

  @Test
  void restartReplayCheckpointAndMergeKeepTheSameAnswers() throws Exception {
    texts.upsert("extra", "An extra page about ERR_4014 and sorting lines.", Map.of());
    texts.delete("man/tool5");
    reopen(1000); // from here on no background merge changes the segments behind our back
    List<List<String>> before = answers(texts, true);
    assertTrue(before.get(0).get(0).startsWith("extra"), before.get(0).toString());
    reopen(1000);
    assertSameAnswers(before, answers(texts, true), "after a restart that replays the log");
    store.checkpoint(); // the head into segment and postings files
    assertEquals(ids(before), answers(texts, false));
    reopen(1000);
    List<List<String>> sealed = answers(texts, true);
    reopen(1000);
    assertSameAnswers(sealed, answers(texts, true), "after a restart from segment files");
    try (Stream<Path> files = Files.list(dir.resolve("data/collections/man"))) {
      long postings = files.filter(p -> p.toString().endsWith(".vzk")).count();
      assertEquals(store.collection("man").stats().segments(), postings, "one per segment");
    }
    // merging drops the postings of deleted chunks, so BM25's statistics (and scores) move a
    // little, and chunks with equal scores may come in another order (they are ordered by their
    // place in the segments, which a merge changes); the ranking of distinct scores does not move
    reopen(1);
    store.checkpoint();
    for (int i = 0; i < 600 && store.collection("man").stats().segments() > 1; i++) {
      Thread.sleep(50);
    }
    assertEquals(1, store.collection("man").stats().segments(), "merged");
    List<List<String>> merged = answers(texts, true);
    assertEquals(ties(before), ties(merged), "after the merge");
    reopen(1000);
    assertSameAnswers(merged, answers(texts, true), "after a restart from the merged segment");
  }

  /**
   * The same answers: the same hits in the same order except among scores equal to a float's
   * rounding, and the same scores to that rounding. Dense scores may differ in their last bit
   * between runs (the Vector API may add a register's lanes in another order before and after the
   * JIT compiles a kernel), so exact string equality would fail by chance.
   */
  private static void assertSameAnswers(
      List<List<String>> expected, List<List<String>> actual, String message) {
    assertEquals(ties(expected), ties(actual), message + ": " + actual);
    for (int r = 0; r < expected.size(); r++) {
      assertEquals(expected.get(r).size(), actual.get(r).size(), message + ": " + actual);
      for (int i = 0; i < expected.get(r).size(); i++) {
        double e = score(expected.get(r).get(i));
        double a = score(actual.get(r).get(i));
        assertEquals(e, a, 1e-5 * Math.max(1, Math.abs(e)), message + ": " + actual);
      }
    }
  }

  private static double score(String hit) {
    return Double.parseDouble(hit.substring(hit.indexOf('@') + 1));
  }

  /**
   * Each answer as its groups of hits with equal scores, best first, without the last group (the
   * limit may cut it anywhere).
   */
  private static List<List<java.util.Set<String>>> ties(List<List<String>> answers) {
    List<List<java.util.Set<String>>> out = new ArrayList<>();
    for (List<String> row : answers) {
      List<java.util.Set<String>> groups = new ArrayList<>();
      double last = Double.NaN;
      for (String h : row) {
        int at = h.indexOf('@');
        double score = Double.parseDouble(h.substring(at + 1));
        if (groups.isEmpty() || Math.abs(score - last) > 1e-5 * Math.max(1, Math.abs(last))) {
          groups.add(new java.util.TreeSet<>());
        }
        groups.getLast().add(h.substring(0, at));
        last = score;
      }
      if (!groups.isEmpty()) {
        groups.removeLast();
      }
      out.add(groups);
    }
    return out;
  }

  private void reopen(int maxSegments) {
    store.close();
    store =
        VectorStore.builder(dir.resolve("data")).sealThreshold(7).maxSegments(maxSegments).open();
    texts = store.textCollection("man", Embedder.byName("hashing"));
  }

  private static List<List<String>> ids(List<List<String>> answers) {
    return answers.stream()
        .map(row -> row.stream().map(h -> h.substring(0, h.indexOf('@'))).toList())
        .toList();
  }

  @Test
  void queriesWriteNothing() throws Exception {
    reopen(1000); // no background merges in this test: they would change the files
    store.checkpoint();
    Map<String, String> before = listing(dir.resolve("data"));
    for (SearchMode mode : SearchMode.values()) {
      texts.search(TextQuery.of("copying files ERR_4010").mode(mode).expand(true));
      texts.searchGrouped(TextQuery.of("cron").mode(mode));
    }
    assertEquals(before, listing(dir.resolve("data")));
    store.close();
    store = VectorStore.builder(dir.resolve("data")).readOnly(true).open();
    TextCollection ro = store.textCollection("man", Embedder.byName("hashing"));
    assertEquals("man/tool2", ro.search(TextQuery.of("ERR_4012")).get(0).sourceId());
    assertEquals(before, listing(dir.resolve("data")));
  }

  private static Map<String, String> listing(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(
            root.relativize(p).toString(),
            Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return out;
  }
}
