package dev.vectorizer.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Embedder;
import dev.vectorizer.SearchMode;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import dev.vectorizer.VectorStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sealing renumbers a segment's points in graph order (breadth-first from the entry node), not in
 * arrival order; keyword postings name points by ordinal, so they must be renumbered with them. A
 * keyword search for a word only one text holds must answer that text, with its own payload and
 * chunk text, from the head, from a sealed segment (in memory and reopened from its files), and
 * from segments merged from several sealed ones.
 */
class RenumberedPostingsTest {
  private static final int TEXTS = 400;

  @TempDir Path dir;

  private VectorStore open(int maxSegments) {
    return VectorStore.builder(dir.resolve("data"))
        .sealThreshold(100_000)
        .maxSegments(maxSegments)
        .open();
  }

  private static String text(int i) {
    return "Page number " + i + " mentions the word uniq" + i + "zz among shared common words.";
  }

  @Test
  void keywordHitsNameTheirOwnTextsAfterSealReopenAndMerge() throws Exception {
    VectorStore store = open(1000);
    try {
      TextCollection t = store.textCollection("docs", Embedder.byName("hashing"));
      for (int i = 0; i < TEXTS / 2; i++) {
        t.upsert("doc" + i, text(i), Map.of("n", i));
      }
      for (int i = 0; i < TEXTS / 2; i += 9) {
        t.delete("doc" + i);
      }
      check(t, TEXTS / 2, "head");
      store.checkpoint();
      store.close();
      store = open(1000);
      t = store.textCollection("docs", Embedder.byName("hashing"));
      check(t, TEXTS / 2, "one sealed segment, reopened");
      for (int i = TEXTS / 2; i < TEXTS; i++) {
        t.upsert("doc" + i, text(i), Map.of("n", i));
      }
      for (int i = TEXTS / 2; i < TEXTS; i++) {
        if (i % 9 == 0) {
          t.delete("doc" + i);
        }
      }
      store.checkpoint();
      store.close();
      store = open(1000);
      t = store.textCollection("docs", Embedder.byName("hashing"));
      assertEquals(2, store.collection("docs").stats().segments());
      check(t, TEXTS, "two sealed segments, reopened");

      store.close();
      store = open(1);
      store
          .textCollection("docs", Embedder.byName("hashing"))
          .upsert("doc" + TEXTS, text(TEXTS), Map.of("n", TEXTS));
      store.checkpoint(); // a third segment, and the merger wakes up
      for (int i = 0; i < 600 && store.collection("docs").stats().segments() > 1; i++) {
        Thread.sleep(50);
      }
      assertEquals(1, store.collection("docs").stats().segments(), "merged");
      store.close();
      store = open(1000);
      t = store.textCollection("docs", Embedder.byName("hashing"));
      check(t, TEXTS, "merged segment, reopened");
    } finally {
      store.close();
    }
  }

  private static void check(TextCollection t, int upTo, String where) {
    for (int i = 0; i < upTo; i++) {
      List<TextHit> hits =
          t.search(TextQuery.of("uniq" + i + "zz").mode(SearchMode.KEYWORD).limit(3));
      if (i % 9 == 0) {
        assertTrue(hits.isEmpty(), where + ": deleted doc" + i + " found: " + hits);
        continue;
      }
      assertEquals(1, hits.size(), where + ": uniq" + i + "zz gives " + hits);
      TextHit h = hits.get(0);
      assertEquals("doc" + i, h.sourceId(), where);
      assertEquals(0, h.chunk(), where);
      assertEquals(text(i), h.text(), where);
      assertEquals(((Number) h.payload().get("n")).intValue(), i, where + ": payload " + h);
    }
  }
}
