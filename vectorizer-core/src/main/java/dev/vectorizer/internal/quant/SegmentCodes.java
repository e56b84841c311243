package dev.vectorizer.internal.quant;

import dev.vectorizer.Metric;
import dev.vectorizer.Quantization;
import dev.vectorizer.internal.index.JVectorSupport;
import dev.vectorizer.internal.search.NodeScorer;
import io.github.jbellis.jvector.disk.ByteBufferReader;
import io.github.jbellis.jvector.disk.IndexWriter;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.quantization.BQVectors;
import io.github.jbellis.jvector.quantization.BinaryQuantization;
import io.github.jbellis.jvector.quantization.CompressedVectors;
import io.github.jbellis.jvector.quantization.NVQVectors;
import io.github.jbellis.jvector.quantization.NVQuantization;
import io.github.jbellis.jvector.quantization.PQVectors;
import io.github.jbellis.jvector.quantization.ProductQuantization;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The quantized codes of a sealed segment's vectors, with the codebook that made them, trained by
 * JVector's quantizers ({@link ProductQuantization}, {@link NVQuantization}, {@link
 * BinaryQuantization}) when the segment is sealed. A search walks the segment's graph on {@link
 * #scorer(float[]) approximate scores} and reranks what it kept at full precision (see {@code
 * SegmentSearch}); docs/adr/0017 explains the choices.
 *
 * <p>Cosine collections are quantized as unit vectors scored by dot product (the engine normalises
 * the query the same way), so the codes need no norms. Euclidean product quantization centres the
 * vectors on their mean first, as JVector recommends.
 *
 * <p>Serialised form ({@link #toBytes()}), big-endian as JVector writes: int quantization ordinal,
 * int count, int dimension (checked before JVector parses anything), then JVector's own
 * serialisation of the compressed vectors (codebook, then codes). The segment file stores it as one
 * section under its checksum.
 *
 * <p>Concurrency: immutable after construction; {@link #scorer(float[])} may be called by many
 * threads, each scorer belongs to one search.
 */
public final class SegmentCodes {
  private final Quantization kind;
  private final CompressedVectors codes;
  private final VectorSimilarityFunction similarity;

  private SegmentCodes(Quantization kind, CompressedVectors codes, Metric metric) {
    this.kind = kind;
    this.codes = codes;
    this.similarity =
        metric == Metric.EUCLIDEAN
            ? VectorSimilarityFunction.EUCLIDEAN
            : VectorSimilarityFunction.DOT_PRODUCT;
  }

  /**
   * The smallest segment that gets codes: below it, full-precision traversal is cheap and a
   * codebook would cost more than it saves. 1,024, or the system property {@code
   * vectorizer.quantization.minPoints} (for tests that need quantized segments of a few points).
   *
   * @return points
   */
  public static int minPoints() {
    return Integer.getInteger("vectorizer.quantization.minPoints", 1024);
  }

  /** The vectors to quantize, one float array per ordinal. */
  public interface Vectors {
    /**
     * The number of vectors.
     *
     * @return the count
     */
    int count();

    /**
     * The dimension.
     *
     * @return floats per vector
     */
    int dimension();

    /**
     * A vector as the collection scores it (unit length for cosine).
     *
     * @param ord the ordinal
     * @return a new array the caller may keep
     */
    float[] vector(int ord);
  }

  /**
   * Trains a quantizer on the vectors and encodes them all.
   *
   * @param kind the quantization, not {@link Quantization#NONE}
   * @param metric the collection's metric
   * @param vectors the vectors, unit length for cosine
   * @return the codes
   */
  public static SegmentCodes train(Quantization kind, Metric metric, Vectors vectors) {
    JVectorSupport.init();
    RandomAccessVectorValues ravv = new Values(vectors);
    int dim = vectors.dimension();
    CompressedVectors cv =
        switch (kind) {
          case PQ -> {
            ProductQuantization pq =
                ProductQuantization.compute(
                    ravv, pqSubspaces(dim), Math.min(256, ravv.size()), metric == Metric.EUCLIDEAN);
            yield pq.encodeAll(ravv);
          }
          case NVQ -> NVQuantization.compute(ravv, dim >= 64 ? 2 : 1).encodeAll(ravv);
          case BINARY -> BinaryQuantization.compute(ravv).encodeAll(ravv);
          case NONE -> throw new IllegalArgumentException("no codes for quantization NONE");
        };
    return new SegmentCodes(kind, cv, metric);
  }

  /**
   * Product quantization subspaces for a dimension: one byte per 4 dimensions (1/16 of float32),
   * measured on 384-d sentence embeddings as the coarsest setting that keeps recall@10 at 0.95
   * after rerank (docs/benchmarks.md, "Quantized search").
   */
  static int pqSubspaces(int dimension) {
    return Math.max(1, dimension / 4);
  }

  /**
   * Reads codes written by {@link #toBytes()}.
   *
   * @param kind the quantization the file records
   * @param metric the collection's metric
   * @param dimension the collection's dimension
   * @param count the segment's ordinal count
   * @param bytes the serialised codes
   * @return the codes
   * @throws IllegalArgumentException when the bytes do not hold codes of that shape
   */
  public static SegmentCodes read(
      Quantization kind, Metric metric, int dimension, int count, byte[] bytes) {
    JVectorSupport.init();
    CompressedVectors cv;
    try {
      ByteBuffer header = ByteBuffer.wrap(bytes);
      int kindCode = header.getInt();
      int n = header.getInt();
      int dim = header.getInt();
      if (kindCode != kind.ordinal() || n != count || dim != dimension) {
        throw new IllegalArgumentException(
            "codes header says quantization "
                + kindCode
                + ", "
                + n
                + " vectors of "
                + dim
                + "; expected "
                + kind.ordinal()
                + ", "
                + count
                + " of "
                + dimension);
      }
      ByteBufferReader in =
          new ByteBufferReader(ByteBuffer.wrap(bytes, 12, bytes.length - 12).slice());
      cv =
          switch (kind) {
            case PQ -> PQVectors.load(in);
            case NVQ -> NVQVectors.load(in);
            case BINARY -> BQVectors.load(in, 0);
            case NONE -> throw new IllegalArgumentException("no codes for quantization NONE");
          };
      if (in.getPosition() != bytes.length - 12) {
        throw new IllegalArgumentException(
            "codes end at byte " + (12 + in.getPosition()) + " of " + bytes.length);
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(kind + " codes are unreadable: " + e, e);
    }
    if (cv.count() != count || cv.getOriginalSize() != dimension * Float.BYTES) {
      throw new IllegalArgumentException(
          kind
              + " codes hold "
              + cv.count()
              + " vectors of "
              + cv.getOriginalSize() / Float.BYTES
              + " dimensions, expected "
              + count
              + " of "
              + dimension);
    }
    return new SegmentCodes(kind, cv, metric);
  }

  /**
   * The codes in their serialised form.
   *
   * @return JVector's serialisation of the codebook and codes
   */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (BytesWriter out = new BytesWriter(bytes)) {
      out.writeInt(kind.ordinal());
      out.writeInt(codes.count());
      out.writeInt(codes.getOriginalSize() / Float.BYTES);
      codes.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * The quantization.
   *
   * @return the kind
   */
  public Quantization kind() {
    return kind;
  }

  /**
   * The number of coded vectors.
   *
   * @return the count
   */
  public int count() {
    return codes.count();
  }

  /**
   * Heap held by the codes and codebook, as JVector accounts it.
   *
   * @return bytes
   */
  public long ramBytesUsed() {
    return codes.ramBytesUsed();
  }

  /**
   * Bytes of one vector's code.
   *
   * @return bytes per vector
   */
  public int bytesPerVector() {
    return codes.getCompressedSize();
  }

  /**
   * An approximate scorer for a query: higher is better, comparable only with its own scores.
   *
   * @param preparedQuery the query as the collection scores it (unit length for cosine)
   * @return a scorer for one search
   */
  public NodeScorer scorer(float[] preparedQuery) {
    VectorFloat<?> q = JVectorSupport.VECTORS.createFloatVector(preparedQuery);
    ScoreFunction f =
        kind == Quantization.PQ
            ? codes.precomputedScoreFunctionFor(q, similarity)
            : codes.scoreFunctionFor(q, similarity);
    return new Approximate(f);
  }

  private record Approximate(ScoreFunction f) implements NodeScorer {
    @Override
    public float score(int node) {
      return f.similarityTo(node);
    }

    @Override
    public void score(int[] nodes, int count, float[] out) {
      for (int i = 0; i < count; i++) {
        out[i] = f.similarityTo(nodes[i]);
      }
    }
  }

  /** JVector's view of the vectors; every read makes a new array, so it is safe to share. */
  private record Values(Vectors v) implements RandomAccessVectorValues {
    @Override
    public int size() {
      return v.count();
    }

    @Override
    public int dimension() {
      return v.dimension();
    }

    @Override
    public VectorFloat<?> getVector(int ord) {
      return JVectorSupport.VECTORS.createFloatVector(v.vector(ord));
    }

    @Override
    public boolean isValueShared() {
      return false;
    }

    @Override
    public RandomAccessVectorValues copy() {
      return this;
    }
  }

  /** JVector's writer interface over an in-memory stream. */
  private static final class BytesWriter extends DataOutputStream implements IndexWriter {
    BytesWriter(ByteArrayOutputStream out) {
      super(out);
    }

    @Override
    public long position() {
      return size();
    }
  }
}
