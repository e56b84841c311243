package dev.vectorizer.internal.quant;

import dev.vectorizer.internal.index.JVectorSupport;
import dev.vectorizer.internal.search.NodeScorer;
import dev.vectorizer.internal.storage.CodePages;
import io.github.jbellis.jvector.quantization.BinaryQuantization;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Binary scoring: a code is one sign bit per dimension as {@link BinaryQuantization} encodes it,
 * stored as little-endian longs; a node's approximate score is minus its Hamming distance to the
 * query's bits (higher is better).
 *
 * <p>Concurrency: immutable; each {@link #scorer} belongs to one search.
 */
final class BinaryScoring implements SegmentCodes.Scoring {
  private final BinaryQuantization bq;
  private final CodePages codes;
  private final int words;

  BinaryScoring(BinaryQuantization bq, CodePages codes) {
    this.bq = bq;
    this.codes = codes;
    this.words = codes.stride() / Long.BYTES;
  }

  /** Bytes per code: one bit per dimension, in whole longs. */
  static int stride(int dimension) {
    return ((dimension + 63) / 64) * Long.BYTES;
  }

  static byte[] encode(BinaryQuantization bq, VectorFloat<?> v) {
    long[] bits = bq.encode(v);
    ByteBuffer out = ByteBuffer.allocate(bits.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (long w : bits) {
      out.putLong(w);
    }
    return out.array();
  }

  @Override
  public long heapBytes() {
    return 0;
  }

  @Override
  public NodeScorer scorer(float[] query) {
    long[] q = bq.encode(JVectorSupport.VECTORS.createFloatVector(query));
    return new NodeScorer() {
      @Override
      public float score(int node) {
        return -distance(q, node);
      }

      @Override
      public void score(int[] nodes, int count, float[] out) {
        for (int i = 0; i < count; i++) {
          out[i] = -distance(q, nodes[i]);
        }
      }
    };
  }

  private int distance(long[] q, int node) {
    ByteBuffer page = codes.page(node);
    int base = codes.offset(node);
    int d = 0;
    for (int w = 0; w < words; w++) {
      d += Long.bitCount(q[w] ^ page.getLong(base + w * Long.BYTES));
    }
    return d;
  }
}
