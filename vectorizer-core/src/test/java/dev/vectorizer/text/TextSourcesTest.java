package dev.vectorizer.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.Embedder;
import dev.vectorizer.Point;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextCollection.Source;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TextCollection#sources()} and the write order that makes chunk 0 a completion record: a
 * replacement interrupted part-way is reported incomplete, and the next upsert or delete repairs
 * it.
 */
class TextSourcesTest {
  @TempDir Path dir;
  VectorStore store;
  TextCollection texts;
  Collection points;

  @BeforeEach
  void open() {
    store = VectorStore.open(dir.resolve("data"));
    texts = store.textCollection("notes", Embedder.byName("hashing"), 200, 40);
    points = texts.collection();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static String paragraph(String topic, int sentences) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      sb.append("This note is about ").append(topic).append(", part ").append(i).append(". ");
    }
    return sb.toString();
  }

  @Test
  void sourcesListsTextsWithTheirChunkCountsAndPayloads() {
    int a = texts.upsert("a.txt", paragraph("espresso", 30), Map.of("sha256", "aaa", "n", 1));
    int b = texts.upsert("b.txt", "one short line", Map.of("sha256", "bbb"));
    texts.upsert("blank.txt", "  \n ", Map.of("sha256", "ccc"));
    points.upsert(Point.of("not-a-chunk", unit(0), Map.of("chunk", 0)));
    points.upsert(Point.of("x#7", unit(1), Map.of("source", "y", "chunk", 7)));
    SortedMap<String, Source> s = texts.sources();
    assertEquals(List.of("a.txt", "b.txt"), List.copyOf(s.keySet()), "sorted; non-chunks ignored");
    assertEquals(new Source("a.txt", a, true, Map.of("sha256", "aaa", "n", 1)), s.get("a.txt"));
    assertEquals(new Source("b.txt", b, true, Map.of("sha256", "bbb")), s.get("b.txt"));
    assertThrows(UnsupportedOperationException.class, () -> s.remove("a.txt"));
    store.close();
    store = VectorStore.open(dir.resolve("data"));
    texts = store.textCollection("notes", Embedder.byName("hashing"), 200, 40);
    assertEquals(s, texts.sources(), "the same after a reopen (payloads decoded from disk)");
  }

  @Test
  void aFreshUpsertWritesEachChunkOnce() {
    for (int i = 0; i < 200; i++) {
      texts.upsert("f" + i, "file " + i + " is short", Map.of());
    }
    assertEquals(200, points.count());
    assertEquals(0, points.stats().deletedPoints(), "chunk 0 was written twice");
  }

  /** A reader that fails after {@code limit} characters, like a file that becomes unreadable. */
  private static Reader failingAfter(String text, int limit) {
    return new Reader() {
      private final StringReader in = new StringReader(text);
      private int read;

      @Override
      public int read(char[] buf, int off, int len) throws IOException {
        if (read >= limit) {
          throw new IOException("device error");
        }
        int n = in.read(buf, off, Math.min(len, limit - read));
        read += Math.max(n, 0);
        return n;
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void anInterruptedReplacementLeavesTheOldChunkZeroAndIsReportedIncomplete() {
    int before = texts.upsert("big.txt", paragraph("old", 40), Map.of("sha256", "v1"));
    String next = paragraph("new content", 400); // more than one batch of 64 chunks
    assertThrows(
        UncheckedIOException.class,
        () -> texts.upsert("big.txt", failingAfter(next, 12_000 + 7), Map.of("sha256", "v2")));
    Source s = texts.sources().get("big.txt");
    assertFalse(s.complete(), s.toString());
    assertEquals(Map.of("sha256", "v1"), s.payload(), "chunk 0 is still the old version's");
    assertTrue(s.chunks() > before, "chunks of the new version were written: " + s);
    assertEquals(before, ((Number) chunk0("big.txt").get("chunks")).intValue());

    int n = texts.upsert("big.txt", paragraph("short again", 3), Map.of("sha256", "v3"));
    assertEquals(
        new Source("big.txt", n, true, Map.of("sha256", "v3")), texts.sources().get("big.txt"));
    assertEquals(n, points.count(), "the upsert removed every chunk the interrupted one left");
  }

  private Map<String, Object> chunk0(String source) {
    return points.get(source + "#0").orElseThrow().payload();
  }

  /** Writes chunk {@code i} of a text as an interrupted write would have left it. */
  private void put(String source, int i, Map<String, Object> user, Integer count) {
    Map<String, Object> p = new HashMap<>(user);
    p.put("source", source);
    p.put("chunk", i);
    p.put("start", 0);
    p.put("end", 1);
    p.put("text", "chunk " + i);
    if (count != null) {
      p.put("chunks", count);
    }
    points.upsert(Point.of(source + "#" + i, unit(i), p));
  }

  private static float[] unit(int i) {
    float[] v = new float[384];
    v[i % 384] = 1;
    return v;
  }

  @Test
  void everyInterruptedStateIsIncompleteAndRepairedByUpsertOrDelete() {
    Map<String, Object> v1 = Map.of("sha256", "v1");
    Map<String, Object> v2 = Map.of("sha256", "v2");
    // Chunk 0 missing: a delete interrupted after its first step.
    put("gone.txt", 1, v1, null);
    put("gone.txt", 2, v1, null);
    // Chunks beyond the count: an upsert interrupted before it deleted the old tail.
    put("tail.txt", 0, v2, 2);
    put("tail.txt", 1, v2, null);
    put("tail.txt", 2, v1, null);
    put("tail.txt", 3, v1, null);
    // Chunk 0 from the old version, chunks rewritten by the new one.
    put("mixed.txt", 0, v1, 3);
    put("mixed.txt", 1, v2, null);
    put("mixed.txt", 2, v1, null);
    // A hole: chunk 1 missing although the count says 3.
    put("hole.txt", 0, v1, 3);
    put("hole.txt", 2, v1, null);
    put("hole.txt", 3, v1, null);
    // Complete.
    put("ok.txt", 0, v1, 2);
    put("ok.txt", 1, v1, null);
    SortedMap<String, Source> s = texts.sources();
    assertEquals(new Source("gone.txt", 2, false, null), s.get("gone.txt"));
    assertEquals(new Source("tail.txt", 4, false, v2), s.get("tail.txt"));
    assertEquals(new Source("mixed.txt", 3, false, v1), s.get("mixed.txt"));
    assertFalse(s.get("hole.txt").complete());
    assertEquals(new Source("ok.txt", 2, true, v1), s.get("ok.txt"));

    assertTrue(texts.delete("gone.txt"), "chunks without chunk 0 still count as the text");
    assertEquals(1, texts.upsert("tail.txt", "now short", v2));
    assertTrue(texts.delete("mixed.txt"));
    s = texts.sources();
    assertNull(s.get("gone.txt"));
    assertNull(s.get("mixed.txt"));
    assertEquals(new Source("tail.txt", 1, true, v2), s.get("tail.txt"));
    assertEquals(List.of("hole.txt", "ok.txt", "tail.txt"), List.copyOf(s.keySet()));
  }
}
