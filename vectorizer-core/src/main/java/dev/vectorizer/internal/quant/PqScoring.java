package dev.vectorizer.internal.quant;

import dev.vectorizer.Metric;
import dev.vectorizer.internal.search.NodeScorer;
import dev.vectorizer.internal.storage.CodePages;
import io.github.jbellis.jvector.quantization.ProductQuantization;
import io.github.jbellis.jvector.vector.types.ByteSequence;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import java.nio.ByteBuffer;

/**
 * Product-quantization scoring through a per-query lookup table (asymmetric distance computation):
 * for every subspace {@code m} and centroid {@code k}, {@code table[m * 256 + k]} holds the query's
 * partial score against that centroid (the dot product of the query's subvector with it, or minus
 * the squared distance), so a node's approximate score is the sum of one table entry per code byte.
 *
 * <p>Why our own scorer rather than JVector's score function: JVector reads each code through a
 * {@code ByteSequence} and its table through a {@code VectorFloat}, one virtual call per byte; here
 * a code of {@code stride} bytes (the subspace count rounded up to a multiple of 8, padding bytes
 * are 0 and score 0) is read eight bytes at a time from the code pages, and the eight table lookups
 * of a word go to eight independent sums, so the loads overlap. The codebook is kept transposed
 * ({@code [subspace][dimension][centroid]}) so that building the table is a run of contiguous
 * multiply-adds over the 256 centroids, which the JIT vectorises.
 *
 * <p>Concurrency: immutable; each {@link #scorer} belongs to one search.
 */
final class PqScoring implements SegmentCodes.Scoring {
  private static final int K = 256;

  private final int subspaces;
  private final int stride;
  private final int[] offsets;
  private final int[] sizes;
  private final float[][] codebooks;
  private final float[] centroid;
  private final boolean euclidean;
  private final CodePages codes;

  PqScoring(ProductQuantization pq, Metric metric, CodePages codes) {
    this.subspaces = pq.getSubspaceCount();
    this.stride = stride(pq);
    this.euclidean = metric == Metric.EUCLIDEAN;
    this.codes = codes;
    this.offsets = new int[subspaces];
    this.sizes = new int[subspaces];
    this.codebooks = new float[subspaces][];
    int clusters = pq.getClusterCount();
    if (clusters > K) {
      throw new IllegalArgumentException("product quantization with " + clusters + " centroids");
    }
    int off = 0;
    for (int m = 0; m < subspaces; m++) {
      int size = pq.getSubvectorSize(m);
      VectorFloat<?> book = pq.getCodebookVector(m);
      float[] t = new float[size * K];
      for (int k = 0; k < clusters; k++) {
        for (int d = 0; d < size; d++) {
          t[d * K + k] = book.get(k * size + d);
        }
      }
      offsets[m] = off;
      sizes[m] = size;
      codebooks[m] = t;
      off += size;
    }
    if (off != pq.getOriginalDimension()) {
      throw new IllegalArgumentException(
          "product quantization subspaces cover " + off + " of " + pq.getOriginalDimension());
    }
    VectorFloat<?> c = pq.getGlobalCentroid();
    float[] mean = null;
    if (c != null) {
      mean = new float[c.length()];
      for (int i = 0; i < mean.length; i++) {
        mean[i] = c.get(i);
      }
    }
    this.centroid = mean;
  }

  /** Bytes per code: the subspace count rounded up to a multiple of 8 (whole words). */
  static int stride(ProductQuantization pq) {
    return (pq.getSubspaceCount() + 7) & ~7;
  }

  static byte[] encode(ProductQuantization pq, VectorFloat<?> v) {
    ByteSequence<?> code = pq.encode(v);
    byte[] out = new byte[stride(pq)];
    for (int m = 0; m < code.length(); m++) {
      out[m] = code.get(m);
    }
    return out;
  }

  @Override
  public long heapBytes() {
    long floats = 0;
    for (float[] t : codebooks) {
      floats += t.length;
    }
    return 4 * (floats + (centroid == null ? 0 : centroid.length));
  }

  @Override
  public NodeScorer scorer(float[] query) {
    float[] table = new float[stride * K];
    float bias = 0;
    float[] x = query;
    if (centroid != null) {
      if (euclidean) {
        x = new float[query.length];
        for (int i = 0; i < x.length; i++) {
          x[i] = query[i] - centroid[i];
        }
      } else {
        for (int i = 0; i < query.length; i++) {
          bias += query[i] * centroid[i];
        }
      }
    }
    for (int m = 0; m < subspaces; m++) {
      int base = m * K;
      float[] book = codebooks[m];
      for (int d = 0; d < sizes[m]; d++) {
        float q = x[offsets[m] + d];
        int row = d * K;
        if (euclidean) {
          for (int k = 0; k < K; k++) {
            float diff = q - book[row + k];
            table[base + k] -= diff * diff;
          }
        } else {
          for (int k = 0; k < K; k++) {
            table[base + k] += q * book[row + k];
          }
        }
      }
    }
    return new Scorer(table, bias, codes, stride);
  }

  /** One query's table over the codes. */
  private static final class Scorer implements NodeScorer {
    private final float[] table;
    private final float bias;
    private final CodePages codes;
    private final int stride;

    Scorer(float[] table, float bias, CodePages codes, int stride) {
      this.table = table;
      this.bias = bias;
      this.codes = codes;
      this.stride = stride;
    }

    @Override
    public float score(int node) {
      return bias + sum(codes.page(node), codes.offset(node));
    }

    @Override
    public void score(int[] nodes, int count, float[] out) {
      for (int i = 0; i < count; i++) {
        int node = nodes[i];
        out[i] = bias + sum(codes.page(node), codes.offset(node));
      }
    }

    private float sum(ByteBuffer page, int base) {
      float[] t = table;
      float s0 = 0;
      float s1 = 0;
      float s2 = 0;
      float s3 = 0;
      float s4 = 0;
      float s5 = 0;
      float s6 = 0;
      float s7 = 0;
      for (int j = 0, row = 0; j < stride; j += 8, row += 8 * K) {
        long w = page.getLong(base + j);
        s0 += t[row + (int) (w & 0xFF)];
        s1 += t[row + K + (int) ((w >>> 8) & 0xFF)];
        s2 += t[row + 2 * K + (int) ((w >>> 16) & 0xFF)];
        s3 += t[row + 3 * K + (int) ((w >>> 24) & 0xFF)];
        s4 += t[row + 4 * K + (int) ((w >>> 32) & 0xFF)];
        s5 += t[row + 5 * K + (int) ((w >>> 40) & 0xFF)];
        s6 += t[row + 6 * K + (int) ((w >>> 48) & 0xFF)];
        s7 += t[row + 7 * K + (int) (w >>> 56)];
      }
      return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
  }
}
