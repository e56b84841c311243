package dev.vectorizer.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Embedder;
import dev.vectorizer.Filter;
import dev.vectorizer.Point;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.VectorStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text API with the built-in hashing embedder, on a durable store. */
class TextCollectionTest {
  @TempDir Path dir;
  VectorStore store;
  Embedder hashing;
  TextCollection texts;

  @BeforeEach
  void open() {
    store = VectorStore.open(dir.resolve("data"));
    hashing = Embedder.byName("hashing");
    texts = store.textCollection("notes", hashing, 200, 40);
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
  void upsertSearchReplaceAndDeleteTexts() {
    int n = texts.upsert("a.txt", paragraph("espresso coffee brewing", 20), Map.of("lang", "en"));
    assertTrue(n > 3, "chunks: " + n);
    texts.upsert("b.txt", paragraph("mountain bicycle repair", 20), Map.of("lang", "de"));
    List<TextHit> hits = texts.search("how to brew espresso coffee", 5);
    assertEquals("a.txt", hits.get(0).sourceId());
    assertEquals(Map.of("lang", "en"), hits.get(0).payload());
    assertTrue(hits.get(0).text().contains("espresso"));
    List<TextHit> grouped = texts.searchGrouped("bicycle", 2);
    assertEquals(List.of("b.txt", "a.txt"), grouped.stream().map(TextHit::sourceId).toList());
    assertEquals("b.txt", texts.search("espresso", 1, Filter.eq("lang", "de")).get(0).sourceId());

    long before = texts.collection().count();
    int fewer = texts.upsert("a.txt", "Now only one short sentence about tea.", Map.of());
    assertEquals(1, fewer);
    assertEquals(before - n + 1, texts.collection().count(), "no stale chunk survives");
    assertEquals("a.txt", texts.search("tea", 1).get(0).sourceId());

    assertTrue(texts.delete("b.txt"));
    assertFalse(texts.delete("b.txt"));
    assertEquals(1, texts.collection().count());
  }

  @Test
  void textsSurviveAReopenAndTheCollectionRemembersItsEmbedder() {
    texts.upsert("a.txt", paragraph("espresso", 10), Map.of());
    store.close();
    store = VectorStore.open(dir.resolve("data"));
    assertEquals("hashing-384", store.collection("notes").config().embedder());
    TextCollection again = store.textCollection("notes", hashing);
    assertEquals("a.txt", again.search("espresso", 1).get(0).sourceId());

    Embedder other =
        new Embedder() {
          public String id() {
            return "other-384";
          }

          public int dimension() {
            return 384;
          }

          public float[] embed(String text) {
            return hashing.embed(text);
          }
        };
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.textCollection("notes", other));
    assertTrue(e.getMessage().contains("'hashing-384'") && e.getMessage().contains("'other-384'"));
    store.createCollection("plain", CollectionConfig.of(384));
    assertThrows(IllegalArgumentException.class, () -> store.textCollection("plain", hashing));
  }

  @Test
  void theCacheAvoidsReembeddingUnchangedText() {
    String text = paragraph("graphs", 30);
    texts.upsert("g.txt", text, Map.of());
    TextCollection.CacheStats first = texts.cacheStats();
    texts.upsert("g.txt", text, Map.of());
    TextCollection.CacheStats second = texts.cacheStats();
    assertEquals(first.misses(), second.misses(), "re-indexing hit the cache for every chunk");
    assertTrue(second.hits() > first.hits());
  }

  @Test
  void badInputIsRejectedOrHandled() {
    assertEquals(0, texts.upsert("empty", "", Map.of()));
    assertEquals(0, texts.upsert("blank", " \n\t ", Map.of()));
    assertEquals(0, texts.collection().count());
    byte[] garbage = new byte[5000];
    new Random(1).nextBytes(garbage);
    String decoded = new String(garbage, StandardCharsets.UTF_8); // invalid bytes -> U+FFFD
    assertTrue(texts.upsert("garbage", decoded, Map.of()) > 0);
    assertTrue(texts.upsert("symbols", "!!! ??? ...", Map.of()) > 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> texts.upsert("x", "text", Map.of("text", 1)));
    assertTrue(e.getMessage().contains("reserved key 'text'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> texts.search("  ", 3));
    e = assertThrows(IllegalArgumentException.class, () -> Embedder.byName("gpt-9"));
    assertTrue(
        e.getMessage().contains("known embedders are") && e.getMessage().contains("hashing"));
    assertThrows(IllegalArgumentException.class, () -> texts.upsert("", "text", Map.of()));
  }

  @Test
  void hashingEmbeddingsAreDeterministicAndUnitLength() {
    float[] a = hashing.embed("The quick brown fox");
    float[] b = Embedder.byName("hashing").embed("The quick brown fox");
    assertEquals(List.of(Point.of("a", a)), List.of(Point.of("a", b)));
    double norm = 0;
    for (float x : a) {
      norm += x * x;
    }
    assertEquals(1.0, norm, 1e-5);
    assertEquals(384, a.length);
    float near = dot(a, hashing.embed("the quick brown foxes"));
    float far = dot(a, hashing.embed("database recovery after a crash"));
    assertTrue(near > far + 0.3, near + " vs " + far);
  }

  private static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
