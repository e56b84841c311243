package dev.vectorizer.internal.keyword;

import org.apache.lucene.util.SmallFloat;

/**
 * Chunk lengths as one byte, exactly as Lucene's BM25 stores them ({@link
 * SmallFloat#intToByte4(int)}): exact up to 24 tokens, then within about 6%. Using Lucene's
 * encoding keeps our BM25 scores equal to Lucene's on the same terms (the benchmark checks it), and
 * costs one byte per chunk.
 */
public final class Norms {
  private static final float[] LENGTH = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      LENGTH[i] = SmallFloat.byte4ToInt((byte) i);
    }
  }

  private Norms() {}

  /**
   * Encodes a length.
   *
   * @param length tokens, {@code >= 0}
   * @return the norm, 0 to 255
   */
  public static int encode(int length) {
    return SmallFloat.intToByte4(length) & 0xFF;
  }

  /**
   * Decodes a norm.
   *
   * @param norm 0 to 255
   * @return the (approximate) length
   */
  public static float length(int norm) {
    return LENGTH[norm];
  }
}
