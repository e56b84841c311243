package dev.vectorizer.internal.quant;

import dev.vectorizer.Metric;
import dev.vectorizer.internal.kernels.Kernels;
import dev.vectorizer.internal.kernels.VectorKernels;
import dev.vectorizer.internal.search.NodeScorer;
import dev.vectorizer.internal.storage.CodePages;
import io.github.jbellis.jvector.disk.ByteBufferReader;
import io.github.jbellis.jvector.disk.IndexWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * 8-bit scalar quantization, our own (JVector has none): per dimension {@code d}, a midpoint {@code
 * mid[d]} and a step {@code scale[d]} spanning that dimension's range over the segment's vectors in
 * 255 steps; a component {@code x} is stored as the signed byte {@code round((x - mid) / scale)}
 * and read back as {@code mid + scale * code}. A code is the {@code dimension} bytes, followed for
 * euclidean collections by the little-endian float {@code |x̂|²} of the reconstructed vector.
 *
 * <p>Scoring is one float-by-byte dot product per node ({@link VectorKernels#dotBytesMany}): with
 * {@code q' = q * scale} and {@code base = q · mid}, {@code q · x̂ = base + q' · code}; euclidean
 * scores are {@code 2 q · x̂ - |x̂|² - |q|²}, minus the squared distance. Per-dimension ranges
 * matter for sentence embeddings, whose dimensions spread very differently.
 *
 * <p>Why our own: it reads a quarter of float32's bytes per node with a kernel as simple as the
 * float one, where JVector's NVQ decodes a serialised object per node (docs/adr/0019).
 *
 * <p>Concurrency: immutable; each {@link #scorer} belongs to one search.
 */
final class Int8Scoring implements SegmentCodes.Scoring {
  private final Quantizer quantizer;
  private final CodePages codes;
  private final VectorKernels kernels = Kernels.get();

  Int8Scoring(Quantizer quantizer, CodePages codes) {
    this.quantizer = quantizer;
    this.codes = codes;
  }

  @Override
  public long heapBytes() {
    return 8L * quantizer.mid.length;
  }

  @Override
  public NodeScorer scorer(float[] query) {
    float[] mid = quantizer.mid;
    float[] scale = quantizer.scale;
    boolean euclidean = quantizer.euclidean;
    float[] scaled = new float[mid.length];
    float base = 0;
    float queryNorm = 0;
    float factor = euclidean ? 2 : 1;
    for (int d = 0; d < mid.length; d++) {
      scaled[d] = factor * query[d] * scale[d];
      base += query[d] * mid[d];
      queryNorm += query[d] * query[d];
    }
    float constant = euclidean ? 2 * base - queryNorm : base;
    int normAt = mid.length;
    return new NodeScorer() {
      private final int[] one = new int[1];
      private final float[] oneScore = new float[1];

      @Override
      public float score(int node) {
        one[0] = node;
        score(one, 1, oneScore);
        return oneScore[0];
      }

      @Override
      public void score(int[] nodes, int count, float[] out) {
        kernels.dotBytesMany(scaled, codes, nodes, count, out);
        for (int j = 0; j < count; j++) {
          out[j] += constant;
        }
        if (euclidean) {
          for (int j = 0; j < count; j++) {
            out[j] -= codes.page(nodes[j]).getFloat(codes.offset(nodes[j]) + normAt);
          }
        }
      }
    };
  }

  /** The per-dimension midpoints and steps, trained from a segment's vectors. */
  static final class Quantizer {
    private final float[] mid;
    private final float[] scale;
    private final boolean euclidean;

    private Quantizer(float[] mid, float[] scale, boolean euclidean) {
      this.mid = mid;
      this.scale = scale;
      this.euclidean = euclidean;
    }

    /**
     * The range of every dimension over all vectors.
     *
     * @param vectors the vectors (unit length for cosine)
     * @param metric the collection's metric
     * @return the quantizer
     */
    static Quantizer train(SegmentCodes.Vectors vectors, Metric metric) {
      int dim = vectors.dimension();
      float[] lo = new float[dim];
      float[] hi = new float[dim];
      java.util.Arrays.fill(lo, Float.POSITIVE_INFINITY);
      java.util.Arrays.fill(hi, Float.NEGATIVE_INFINITY);
      for (int ord = 0; ord < vectors.count(); ord++) {
        float[] v = vectors.vector(ord);
        for (int d = 0; d < dim; d++) {
          lo[d] = Math.min(lo[d], v[d]);
          hi[d] = Math.max(hi[d], v[d]);
        }
      }
      float[] mid = new float[dim];
      float[] scale = new float[dim];
      for (int d = 0; d < dim; d++) {
        if (lo[d] <= hi[d]) { // false only without vectors
          mid[d] = (lo[d] + hi[d]) / 2;
          scale[d] = (hi[d] - lo[d]) / 255f;
        }
      }
      return new Quantizer(mid, scale, metric == Metric.EUCLIDEAN);
    }

    /**
     * Bytes per code.
     *
     * @return the dimension, plus 4 for the norm of euclidean codes
     */
    int stride() {
      return mid.length + (euclidean ? Float.BYTES : 0);
    }

    /**
     * Encodes one vector.
     *
     * @param v the vector
     * @return {@link #stride()} bytes
     */
    byte[] encode(float[] v) {
      byte[] code = new byte[stride()];
      float norm = 0;
      for (int d = 0; d < mid.length; d++) {
        int c = 0;
        if (scale[d] > 0) {
          c = Math.round((v[d] - mid[d]) / scale[d]);
          c = Math.max(-128, Math.min(127, c));
        }
        code[d] = (byte) c;
        float x = mid[d] + scale[d] * c;
        norm += x * x;
      }
      if (euclidean) {
        ByteBuffer.wrap(code).order(ByteOrder.LITTLE_ENDIAN).putFloat(mid.length, norm);
      }
      return code;
    }

    /**
     * Writes the metric flag (int 1 for euclidean, else 0), then the midpoints and steps (as the
     * codes header stores them).
     */
    void write(IndexWriter out, int version) throws IOException {
      out.writeInt(euclidean ? 1 : 0);
      for (float m : mid) {
        out.writeFloat(m);
      }
      for (float s : scale) {
        out.writeFloat(s);
      }
    }

    /**
     * Reads what {@link #write} wrote.
     *
     * @param in the reader
     * @param dim the dimension
     * @param metric the collection's metric
     * @return the quantizer
     * @throws IllegalArgumentException when a value is not finite, a step is negative, or the
     *     metric differs
     */
    static Quantizer read(ByteBufferReader in, int dim, Metric metric) throws IOException {
      int flag = in.readInt();
      boolean euclidean = flag == 1;
      if ((flag & ~1) != 0 || euclidean != (metric == Metric.EUCLIDEAN)) {
        throw new IllegalArgumentException(
            "INT8 quantizer has metric flag " + flag + " for a " + metric + " collection");
      }
      float[] mid = new float[dim];
      float[] scale = new float[dim];
      for (int d = 0; d < dim; d++) {
        mid[d] = in.readFloat();
      }
      for (int d = 0; d < dim; d++) {
        scale[d] = in.readFloat();
        if (!Float.isFinite(mid[d]) || !Float.isFinite(scale[d]) || scale[d] < 0) {
          throw new IllegalArgumentException(
              "INT8 quantizer has midpoint " + mid[d] + " and step " + scale[d] + " at " + d);
        }
      }
      return new Quantizer(mid, scale, euclidean);
    }
  }
}
