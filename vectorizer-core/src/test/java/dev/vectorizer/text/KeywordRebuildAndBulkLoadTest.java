package dev.vectorizer.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Embedder;
import dev.vectorizer.Point;
import dev.vectorizer.SearchMode;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import dev.vectorizer.VectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyword search after the head of a text collection was rebuilt in the background while writes
 * went on (the rebuilt head carries the postings of exactly its live chunks), and after a bulk load
 * of chunks into a text collection (the loaded segment gets its postings file).
 */
class KeywordRebuildAndBulkLoadTest {
  private static final int SOURCES = 150;

  @TempDir Path dir;

  private VectorStore open() {
    // no seal: every write stays in the head, whose garbage triggers the background rebuilds
    return VectorStore.builder(dir.resolve("data")).sealThreshold(1_000_000).open();
  }

  private static String text(int source, int version) {
    return "page s" + source + " common words w" + source + "x" + version + " end";
  }

  @Test
  void aRebuiltHeadFindsByKeywordExactlyTheLiveChunks() throws Exception {
    int[] version = new int[SOURCES]; // current version, or -1 when deleted
    VectorStore store = open();
    try {
      TextCollection t = store.textCollection("t", Embedder.byName("hashing"), 300, 60);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int round = 0; !stop.get() || round < 12; round++) {
                    for (int i = 0; i < SOURCES; i++) {
                      if (round % 3 == 2 && i % 5 == 0) {
                        t.delete("s" + i);
                        version[i] = -1;
                      } else {
                        t.upsert("s" + i, text(i, round), Map.of());
                        version[i] = round;
                      }
                    }
                  }
                } catch (Throwable e) {
                  failure.set(e);
                }
              });
      writer.start();
      long deadline = System.nanoTime() + 300_000_000_000L;
      while (t.collection().stats().compactions() < 2
          && writer.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      stop.set(true); // the writer goes on until the end of its twelfth round
      writer.join();
      if (failure.get() != null) {
        throw new AssertionError("writer failed", failure.get());
      }
      assertTrue(
          t.collection().stats().compactions() >= 2, "rebuilds ran: " + t.collection().stats());
      assertEquals(1, t.collection().stats().segments(), "only the head: nothing was sealed");
      assertEquals(0, t.collection().stats().merges());
      assertExactlyLive(t, version, "after background rebuilds");
    } finally {
      store.close();
    }
    try (VectorStore reopened = open()) {
      TextCollection t = reopened.textCollection("t", Embedder.byName("hashing"), 300, 60);
      assertExactlyLive(t, version, "after replay");
      reopened.checkpoint();
      assertExactlyLive(t, version, "after sealing the head");
    }
  }

  private static void assertExactlyLive(TextCollection t, int[] version, String when) {
    Set<String> live = new TreeSet<>();
    for (int i = 0; i < SOURCES; i++) {
      if (version[i] >= 0) {
        live.add("s" + i);
      }
    }
    List<TextHit> all =
        t.search(TextQuery.of("common").mode(SearchMode.KEYWORD).limit(10 * SOURCES));
    assertEquals(
        live, all.stream().map(TextHit::sourceId).collect(Collectors.toCollection(TreeSet::new)));
    assertEquals(live.size(), all.size(), when + ": one chunk per live source");
    for (int i = 0; i < SOURCES; i += 7) {
      for (int v = Math.max(0, version[i] - 2); v <= Math.max(version[i], 0); v++) {
        List<TextHit> hits =
            t.search(TextQuery.of("w" + i + "x" + v).mode(SearchMode.KEYWORD).limit(5));
        List<String> expected = v == version[i] ? List.of("s" + i) : List.of();
        assertEquals(
            expected, hits.stream().map(TextHit::sourceId).toList(), when + ": w" + i + "x" + v);
      }
    }
  }

  @Test
  void aBulkLoadedTextCollectionIsFoundByKeyword() throws Exception {
    try (VectorStore store = open()) {
      TextCollection source = store.textCollection("src", Embedder.byName("hashing"), 300, 60);
      for (int i = 0; i < SOURCES; i++) {
        source.upsert("s" + i, text(i, 1), Map.of());
      }
      TextCollection target = store.textCollection("dst", Embedder.byName("hashing"), 300, 60);
      target.upsert("s0", text(0, 0), Map.of()); // logged, then replaced by the load
      target.upsert("only-logged", "a page about logged zebras", Map.of());
      List<Point> points = new ArrayList<>();
      for (String id : source.collection().ids()) {
        points.add(source.collection().get(id).orElseThrow());
      }
      for (SearchMode mode : SearchMode.values()) { // answers the query cache keeps
        assertEquals(
            "s0", target.search(TextQuery.of("w0x0").mode(mode).limit(1)).get(0).sourceId());
      }
      assertEquals(SOURCES, target.collection().bulkLoad(points.iterator()));
      for (SearchMode mode : SearchMode.values()) { // not served from the cache
        for (TextHit h : target.search(TextQuery.of("w0x0").mode(mode).limit(3))) {
          assertFalse(h.text().contains("w0x0"), mode + ": the load replaced " + h.text());
        }
      }
      assertBulkLoaded(target, "after the load");
      store.checkpoint();
    }
    try (Stream<Path> files = Files.list(dir.resolve("data/collections/dst"))) {
      assertTrue(
          files.anyMatch(p -> p.getFileName().toString().endsWith(".vzk")),
          "the loaded segment has a postings file");
    }
    try (VectorStore reopened = open()) {
      TextCollection target = reopened.textCollection("dst", Embedder.byName("hashing"), 300, 60);
      assertBulkLoaded(target, "after a restart");
    }
  }

  private static void assertBulkLoaded(TextCollection t, String when) {
    for (int i = 0; i < SOURCES; i += 11) {
      List<TextHit> hits = t.search(TextQuery.of("w" + i + "x1").mode(SearchMode.KEYWORD).limit(5));
      assertEquals(List.of("s" + i), hits.stream().map(TextHit::sourceId).toList(), when);
    }
    assertEquals(
        List.of(),
        t.search(TextQuery.of("w0x0").mode(SearchMode.KEYWORD).limit(5)),
        when + ": the logged version the load replaced");
    assertEquals(
        List.of("only-logged"),
        t.search(TextQuery.of("zebras").mode(SearchMode.KEYWORD).limit(5)).stream()
            .map(TextHit::sourceId)
            .toList(),
        when);
    assertEquals(
        SOURCES + 1,
        t.search(TextQuery.of("page").mode(SearchMode.KEYWORD).limit(10 * SOURCES)).size(),
        when);
  }
}
