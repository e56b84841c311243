package dev.vectorizer.internal.text;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vectorizer.Embedder;
import dev.vectorizer.TextCollection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Embeddings by embedder id and SHA-256 of the text, bounded by bytes (Caffeine, size-based
 * eviction). Shared by a store's text collections.
 *
 * <p>Thread-safe.
 */
public final class EmbeddingCache {
  /** The default bound: 64 MiB of vectors. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  private final Cache<String, float[]> cache;

  /**
   * Creates a cache.
   *
   * @param maxBytes the bound
   */
  public EmbeddingCache(long maxBytes) {
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher((String k, float[] v) -> 4 * v.length + k.length() * 2 + 64)
            .recordStats()
            .build();
  }

  /**
   * Embeds texts, running the embedder (in one batch) only for texts not in the cache.
   *
   * @param embedder the embedder
   * @param texts the texts
   * @return the vectors, in order; callers must not modify them
   */
  public List<float[]> embedAll(Embedder embedder, List<String> texts) {
    List<String> keys = new ArrayList<>(texts.size());
    float[][] out = new float[texts.size()][];
    Map<String, List<Integer>> missing = new HashMap<>();
    List<String> missingTexts = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String key = embedder.id() + '\u0000' + sha256(texts.get(i));
      keys.add(key);
      float[] v = cache.getIfPresent(key);
      if (v != null) {
        out[i] = v;
      } else {
        List<Integer> slots = missing.get(key);
        if (slots == null) {
          slots = new ArrayList<>();
          missing.put(key, slots);
          missingTexts.add(texts.get(i));
        }
        slots.add(i);
      }
    }
    if (!missingTexts.isEmpty()) {
      List<float[]> computed = embedder.embedAll(missingTexts);
      if (computed.size() != missingTexts.size()) {
        throw new IllegalStateException(
            "embedder '"
                + embedder.id()
                + "' returned "
                + computed.size()
                + " vectors for "
                + missingTexts.size()
                + " texts");
      }
      int m = 0;
      for (String text : missingTexts) {
        String key = embedder.id() + '\u0000' + sha256(text);
        float[] v = computed.get(m++);
        if (v.length != embedder.dimension()) {
          throw new IllegalStateException(
              "embedder '"
                  + embedder.id()
                  + "' returned a vector of dimension "
                  + v.length
                  + ", it declares "
                  + embedder.dimension());
        }
        cache.put(key, v);
        for (int slot : missing.get(key)) {
          out[slot] = v;
        }
      }
    }
    return List.of(out);
  }

  /**
   * The counters.
   *
   * @return hits, misses and entries
   */
  public TextCollection.CacheStats stats() {
    var s = cache.stats();
    return new TextCollection.CacheStats(s.hitCount(), s.missCount(), cache.estimatedSize());
  }

  static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
