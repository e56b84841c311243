package dev.vectorizer.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.vectorizer.Filter;
import dev.vectorizer.Fusion;
import dev.vectorizer.SearchMode;
import dev.vectorizer.TextHit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryCacheTest {
  private static QueryCache.Key key(long generation, List<String> terms, Filter filter) {
    return new QueryCache.Key(
        "docs",
        generation,
        SearchMode.HYBRID,
        10,
        filter,
        Fusion.weighted(),
        false,
        50,
        false,
        terms);
  }

  private static List<TextHit> hits(String source) {
    return List.of(new TextHit(source, 0, 0, 1, "x", 1f, Map.of()));
  }

  /** A unit vector at a given cosine from (1, 0, 0). */
  private static float[] at(double cosine) {
    return new float[] {(float) cosine, (float) Math.sqrt(1 - cosine * cosine), 0};
  }

  @Test
  void aCloseEnoughEmbeddingWithTheSameKeyHits() {
    QueryCache cache = new QueryCache(100);
    List<TextHit> cached = hits("a");
    cache.put(key(7, List.of("cron", "job"), null), new float[] {2, 0, 0}, cached);
    assertSame(cached, cache.get("docs", key(7, List.of("cron", "job"), null), at(0.98), 0.97));
    assertNull(cache.get("docs", key(7, List.of("cron", "job"), null), at(0.95), 0.97));
    assertNull(cache.get("docs", key(8, List.of("cron", "job"), null), at(1), 0.97), "a write");
    assertNull(cache.get("docs", key(7, List.of("ERR_4013"), null), at(1), 0.97), "other terms");
    assertNull(
        cache.get("docs", key(7, List.of("cron", "job"), Filter.eq("a", 1)), at(1), 0.97),
        "another filter");
    assertEquals(1, cache.stats("docs").hits());
    assertEquals(4, cache.stats("docs").misses());
    assertEquals(1, cache.stats("docs").entries());
  }

  @Test
  void keywordModeMatchesTermsExactlyAndTheCacheIsBounded() {
    QueryCache cache = new QueryCache(20);
    QueryCache.Key k =
        new QueryCache.Key(
            "docs", 1, SearchMode.KEYWORD, 5, null, null, false, 0, false, List.of("proc"));
    cache.put(k, null, hits("kw"));
    assertEquals("kw", cache.get("docs", k, null, 0.97).get(0).sourceId());
    for (int i = 0; i < 200; i++) {
      cache.put(key(i, List.of("t" + i), null), at(1), hits("h" + i));
    }
    cache.groupsForTest().cleanUp();
    long held = cache.stats("docs").entries();
    assertEquals(true, held <= 20, "bounded: " + held);
  }
}
