package dev.vectorizer.internal.text;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The semantic query cache of a store: recent text-search results, found again by a query whose
 * embedding is close enough (cosine at least the query's threshold) to a cached one with the same
 * key. The key holds the collection's name and write generation (so any write makes older entries
 * unreachable), the mode, fusion, filter, limit and expansion, and, for keyword and hybrid modes,
 * the analyzed query terms: two queries that embed alike but name different identifiers ({@code
 * ERR_4012}, {@code ERR_4013}) never share results.
 *
 * <p>Bounded by Caffeine: at most {@code maxEntries} results over all keys (a key keeps its {@value
 * #PER_KEY} most recent queries); least recently used keys go first.
 *
 * <p>Thread-safe.
 */
public final class QueryCache {
  /** Default bound on cached results per store. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  static final int PER_KEY = 16;

  private final Cache<Object, Group> groups;
  private final Map<String, LongAdder[]> counters = new ConcurrentHashMap<>();

  /**
   * Creates a cache.
   *
   * @param maxEntries the most results held
   */
  public QueryCache(long maxEntries) {
    this.groups =
        Caffeine.newBuilder()
            .maximumWeight(maxEntries)
            .<Object, Group>weigher((k, g) -> g.entries.size())
            .build();
  }

  /** A cached result: the unit query vector (null for keyword mode) and the hits. */
  record Entry(float[] unitVector, List<TextHit> hits) {}

  /** The recent entries of one key, newest last; replaced, never mutated. */
  record Group(List<Entry> entries) {}

  /**
   * Looks a query up.
   *
   * @param collection the collection's name (for the counters)
   * @param key everything but the embedding that must match
   * @param vector the query embedding, or null when the mode needs none (then the key must match
   *     exactly)
   * @param minSimilarity the least cosine similarity that counts as the same query
   * @return the cached hits, or null
   */
  public List<TextHit> get(String collection, Object key, float[] vector, double minSimilarity) {
    Group g = groups.getIfPresent(key);
    List<TextHit> found = null;
    if (g != null) {
      float[] unit = vector == null ? null : unit(vector);
      for (int i = g.entries.size() - 1; i >= 0 && found == null; i--) {
        Entry e = g.entries.get(i);
        if (unit == null || e.unitVector == null) {
          found = unit == e.unitVector ? e.hits : null;
        } else if (dot(unit, e.unitVector) >= minSimilarity) {
          found = e.hits;
        }
      }
    }
    counters(collection)[found == null ? 1 : 0].increment();
    return found;
  }

  /**
   * Remembers a result.
   *
   * @param key the key
   * @param vector the query embedding, or null
   * @param hits the result (immutable)
   */
  public void put(Object key, float[] vector, List<TextHit> hits) {
    Entry e = new Entry(vector == null ? null : unit(vector), List.copyOf(hits));
    groups
        .asMap()
        .compute(
            key,
            (k, old) -> {
              List<Entry> list = new ArrayList<>(old == null ? List.of() : old.entries);
              list.add(e);
              if (list.size() > PER_KEY) {
                list.remove(0);
              }
              return new Group(List.copyOf(list));
            });
  }

  /**
   * The counters of a collection.
   *
   * @param collection the collection's name
   * @return hits, misses and the results held for it
   */
  public TextCollection.CacheStats stats(String collection) {
    LongAdder[] c = counters(collection);
    long entries = 0;
    for (Map.Entry<Object, Group> e : groups.asMap().entrySet()) {
      if (e.getKey() instanceof Key k && k.collection().equals(collection)) {
        entries += e.getValue().entries.size();
      }
    }
    return new TextCollection.CacheStats(c[0].sum(), c[1].sum(), entries);
  }

  /** For tests: the underlying cache (to run Caffeine's pending evictions). */
  Cache<Object, Group> groupsForTest() {
    return groups;
  }

  private LongAdder[] counters(String collection) {
    return counters.computeIfAbsent(
        collection, n -> new LongAdder[] {new LongAdder(), new LongAdder()});
  }

  private static float[] unit(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    float inv = sum == 0 ? 0f : (float) (1 / Math.sqrt(sum));
    float[] u = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = v[i] * inv;
    }
    return u;
  }

  private static double dot(float[] a, float[] b) {
    if (a.length != b.length) {
      return -1;
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * The exact part of a cache key: everything that must be equal for two queries to share results.
   *
   * @param collection the collection's name
   * @param generation its write generation
   * @param mode the mode that runs
   * @param limit the limit
   * @param filter the filter, or null
   * @param fusion the fusion
   * @param expand whether expanded
   * @param candidates candidates per branch
   * @param grouped whether one chunk per text
   * @param terms the analyzed keyword terms, sorted (null in dense mode)
   */
  public record Key(
      String collection,
      long generation,
      dev.vectorizer.SearchMode mode,
      int limit,
      dev.vectorizer.Filter filter,
      dev.vectorizer.Fusion fusion,
      boolean expand,
      int candidates,
      boolean grouped,
      List<String> terms) {}
}
