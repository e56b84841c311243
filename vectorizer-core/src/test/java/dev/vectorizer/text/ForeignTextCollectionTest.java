package dev.vectorizer.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Embedder;
import dev.vectorizer.SearchMode;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import dev.vectorizer.VectorStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TextCollection#over}: the text view another engine (Cassandra) uses, which has no keyword
 * postings: dense search works, keyword and hybrid say what to do instead.
 */
class ForeignTextCollectionTest {
  @Test
  void denseWorksKeywordAndHybridNameTheAlternative() {
    Embedder hashing = Embedder.byName("hashing");
    try (VectorStore store = VectorStore.inMemory()) {
      store.createCollection(
          "remote", CollectionConfig.builder(hashing.dimension()).embedder(hashing.id()).build());
      TextCollection texts = TextCollection.over(store.collection("remote"), hashing, 200, 40);
      texts.upsert("gzip", "gzip exits with ERR_4012 when the input is damaged", Map.of());
      texts.upsert("cron", "cron runs scheduled jobs every night", Map.of());

      List<TextHit> dense = texts.search(TextQuery.of("ERR_4012 damaged input").limit(1));
      assertEquals("gzip", dense.get(0).sourceId(), "no mode given: dense");
      assertEquals(null, dense.get(0).keyword(), "no keyword branch ran");
      for (SearchMode mode : List.of(SearchMode.KEYWORD, SearchMode.HYBRID)) {
        UnsupportedOperationException e =
            assertThrows(
                UnsupportedOperationException.class,
                () -> texts.search(TextQuery.of("ERR_4012").mode(mode)));
        assertTrue(e.getMessage().contains("'remote'"), e.getMessage());
        assertTrue(e.getMessage().contains("dense mode"), e.getMessage());
      }
      assertEquals(0, texts.queryCacheStats().hits(), "no query cache over another engine");
    }
  }
}
