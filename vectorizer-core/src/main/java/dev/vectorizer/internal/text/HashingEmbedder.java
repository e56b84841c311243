package dev.vectorizer.internal.text;

import dev.vectorizer.Embedder;

/**
 * A deterministic embedder with no model: feature hashing of lower-cased words (weight 1), word
 * bigrams (0.7) and the character trigrams of each word (0.3) into a signed vector, then L2
 * normalisation. Fast and dependency-free; it matches shared vocabulary, not meaning.
 *
 * <p>Immutable and thread-safe.
 */
public final class HashingEmbedder implements Embedder {
  private static final long WORD = 0x9E3779B97F4A7C15L;
  private static final long BIGRAM = 0xC2B2AE3D27D4EB4FL;
  private static final long TRIGRAM = 0x165667B19E3779F9L;
  private static final long RAW = 0x27D4EB2F165667C5L;

  private final int dimension;

  /**
   * Creates an embedder.
   *
   * @param dimension 16 to 8192
   */
  public HashingEmbedder(int dimension) {
    if (dimension < 16 || dimension > 8192) {
      throw new IllegalArgumentException(
          "hashing embedder dimension must be between 16 and 8192, got " + dimension);
    }
    this.dimension = dimension;
  }

  @Override
  public String id() {
    return "hashing-" + dimension;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public float[] embed(String text) {
    float[] v = new float[dimension];
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    int n = lower.length();
    int prevStart = -1;
    int prevEnd = -1;
    int i = 0;
    boolean any = false;
    while (i < n) {
      while (i < n && !Character.isLetterOrDigit(lower.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && Character.isLetterOrDigit(lower.charAt(i))) {
        i++;
      }
      if (start == i) {
        break;
      }
      any = true;
      add(v, hash(WORD, lower, start, i), 1.0f);
      if (prevStart >= 0) {
        add(v, hash(hash(BIGRAM, lower, prevStart, prevEnd), lower, start, i), 0.7f);
      }
      // trigrams of "#word#"
      int len = i - start + 2;
      for (int t = 0; t + 3 <= len; t++) {
        long h = TRIGRAM;
        for (int k = t; k < t + 3; k++) {
          char c = (k == 0 || k == len - 1) ? '#' : lower.charAt(start + k - 1);
          h = mix(h, c);
        }
        add(v, finish(h), 0.3f);
      }
      prevStart = start;
      prevEnd = i;
    }
    if (!any && !text.isBlank()) {
      add(v, hash(RAW, text.strip(), 0, text.strip().length()), 1.0f); // symbols only
    }
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    if (norm > 0) {
      float inv = (float) (1 / Math.sqrt(norm));
      for (int k = 0; k < dimension; k++) {
        v[k] *= inv;
      }
    }
    return v;
  }

  private void add(float[] v, long h, float weight) {
    int index = (int) ((h >>> 1) % dimension);
    v[index] += (h & 1) == 0 ? weight : -weight;
  }

  private static long hash(long seed, CharSequence s, int from, int to) {
    long h = seed;
    for (int k = from; k < to; k++) {
      h = mix(h, s.charAt(k));
    }
    return finish(h);
  }

  private static long mix(long h, char c) {
    h ^= c;
    h *= 0x100000001B3L;
    return h;
  }

  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return h;
  }
}
