package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.SearchMode;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import dev.vectorizer.VectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that edits a text collection (keyword postings in the head, in sealed postings
 * files, through merges) with SIGKILL, reopens, and checks the keyword index against what was
 * acknowledged: every live text is found by its current marker, no replaced or deleted version is
 * found by its old one (no stale postings), and the keyword hits are live chunks. Half as many
 * kills as {@link CrashRecoveryTest} ({@code -Dvectorizer.crash.kills=N}, {@code -Pstress}).
 */
class KeywordCrashRecoveryTest {
  @TempDir Path dir;

  @Test
  void keywordPostingsMatchAcknowledgedWritesAfterSigkill() throws Exception {
    int kills = Math.max(3, Integer.getInteger("vectorizer.crash.kills", 20) / 2);
    long seed = 20261203L;
    Random timing = new Random(seed);
    Map<String, String> current = new HashMap<>(); // source -> marker of its live version
    Set<String> gone = new HashSet<>(); // markers of replaced or deleted versions
    long nextOp = 0;
    Path data = dir.resolve("data");
    for (int cycle = 0; cycle < kills; cycle++) {
      long acked =
          KilledChild.run(
              KeywordCrashChild.class,
              dir.resolve("acks-" + cycle),
              nextOp,
              100 + timing.nextInt(500),
              data.toString(),
              Long.toString(seed),
              Long.toString(nextOp));
      for (long i = nextOp; i <= acked; i++) {
        apply(current, gone, KeywordCrashChild.op(seed, i));
      }
      KeywordCrashChild.Op inFlight = KeywordCrashChild.op(seed, acked + 1);
      try (VectorStore store = KeywordCrashChild.open(data)) {
        TextCollection texts = KeywordCrashChild.texts(store);
        if (applied(texts, current, inFlight)) {
          apply(current, gone, inFlight);
        }
        verify(texts, current, gone, "after kill " + (cycle + 1));
      }
      nextOp = acked + 2;
    }
    assertTrue(nextOp > kills * 5L, "the child made progress: " + nextOp + " operations");
    try (var files = Files.list(data.resolve("collections/texts"))) {
      assertTrue(
          files.anyMatch(p -> p.toString().endsWith(".vzk")),
          "postings were sealed into files (" + nextOp + " operations)");
    }
  }

  private static void apply(
      Map<String, String> current, Set<String> gone, KeywordCrashChild.Op op) {
    String old =
        op.text() == null ? current.remove(op.source()) : current.put(op.source(), op.marker());
    if (old != null) {
      gone.add(old);
    }
  }

  private static List<TextHit> find(TextCollection texts, String marker) {
    return texts.search(TextQuery.of(marker).mode(SearchMode.KEYWORD).limit(5));
  }

  /** Whether the unacknowledged operation reached the log. */
  private static boolean applied(
      TextCollection texts, Map<String, String> current, KeywordCrashChild.Op op) {
    if (op.text() != null) {
      return !find(texts, op.marker()).isEmpty();
    }
    String live = current.get(op.source());
    return live != null && find(texts, live).isEmpty();
  }

  private static void verify(
      TextCollection texts, Map<String, String> current, Set<String> gone, String when) {
    assertEquals(current.size(), texts.collection().count(), when + ": chunks");
    for (Map.Entry<String, String> e : current.entrySet()) {
      List<TextHit> hits = find(texts, e.getValue());
      assertEquals(1, hits.size(), when + ": " + e.getValue() + " of " + e.getKey());
      assertEquals(e.getKey(), hits.get(0).sourceId(), when);
      assertTrue(hits.get(0).text().contains(e.getValue()), when);
    }
    List<String> stale = new ArrayList<>(gone);
    for (int i = Math.max(0, stale.size() - 200); i < stale.size(); i++) {
      assertEquals(List.of(), find(texts, stale.get(i)), when + ": stale " + stale.get(i));
    }
    // the shared words find exactly the live texts
    List<TextHit> all =
        texts.search(TextQuery.of("--keyword-postings").mode(SearchMode.KEYWORD).limit(1000));
    assertEquals(current.size(), all.size(), when + ": chunks with the shared word");
  }
}
