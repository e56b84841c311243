package dev.vectorizer.internal.quant;

import dev.vectorizer.Metric;
import dev.vectorizer.Quantization;
import dev.vectorizer.internal.index.JVectorSupport;
import dev.vectorizer.internal.search.NodeScorer;
import dev.vectorizer.internal.storage.CodePages;
import io.github.jbellis.jvector.disk.ByteBufferReader;
import io.github.jbellis.jvector.disk.IndexWriter;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndex;
import io.github.jbellis.jvector.quantization.BinaryQuantization;
import io.github.jbellis.jvector.quantization.NVQuantization;
import io.github.jbellis.jvector.quantization.ProductQuantization;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.stream.IntStream;

/**
 * The quantized codes of a sealed segment's vectors, with the quantizer that made them, trained by
 * JVector's quantizers ({@link ProductQuantization}, {@link NVQuantization}, {@link
 * BinaryQuantization}), or by our own 8-bit scalar quantizer ({@link Int8Scoring}), when the
 * segment is sealed. A search walks the segment's graph on {@link #scorer(float[]) approximate
 * scores} and reranks what it kept at full precision (see {@code SegmentSearch}); docs/adr/0017
 * explains the choices.
 *
 * <p>Layout: the codes are fixed-size records by ordinal, contiguous in the segment's graph order
 * ({@link CodePages}: heap arrays right after a seal, the mapped segment file after an open, so
 * that an opened segment keeps its codes in the page cache, not on the heap). Only the quantizer
 * (codebooks, means) is parsed onto the heap. Product quantization codes are one byte per subspace
 * scored through a per-query lookup table ({@link PqScoring}); NVQ codes are JVector's serialised
 * quantized vectors scored by JVector's NVQ scorer ({@link NvqScoring}); binary codes are sign bits
 * compared by Hamming distance ({@link BinaryScoring}); INT8 codes are one signed byte per
 * dimension scored by a float-by-byte kernel ({@link Int8Scoring}).
 *
 * <p>Cosine collections are quantized as unit vectors scored by dot product (the engine normalises
 * the query the same way), so the codes need no norms. Euclidean product quantization centres the
 * vectors on their mean first, as JVector recommends.
 *
 * <p>Header ({@link #header()}), big-endian as JVector writes: int quantization ordinal, int count,
 * int dimension, int stride (bytes per code), then JVector's serialisation of the quantizer
 * (serialisation version 6, JVector 4). The segment file stores the header and then the codes,
 * under its checksum.
 *
 * <p>Concurrency: immutable after construction; {@link #scorer(float[])} may be called by many
 * threads, each scorer belongs to one search.
 */
public final class SegmentCodes {
  private static final int HEADER_INTS = 4;

  private final Quantization kind;
  private final byte[] header;
  private final CodePages codes;
  private final Scoring scoring;

  /** How one kind of code is scored against a query. */
  interface Scoring {
    /**
     * An approximate scorer for one query.
     *
     * @param preparedQuery the query as the collection scores it
     * @return a scorer for one search
     */
    NodeScorer scorer(float[] preparedQuery);

    /**
     * Heap held by the quantizer (not the codes).
     *
     * @return bytes
     */
    long heapBytes();
  }

  private SegmentCodes(Quantization kind, byte[] header, CodePages codes, Scoring scoring) {
    this.kind = kind;
    this.header = header;
    this.codes = codes;
    this.scoring = scoring;
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
   * Trains a quantizer on the vectors and encodes them all, by ordinal.
   *
   * @param kind the quantization, not {@link Quantization#NONE}
   * @param metric the collection's metric
   * @param vectors the vectors, unit length for cosine
   * @return the codes, on the heap
   */
  public static SegmentCodes train(Quantization kind, Metric metric, Vectors vectors) {
    JVectorSupport.init();
    RandomAccessVectorValues ravv =
        JVectorSupport.values(vectors::count, vectors.dimension(), vectors::vector);
    int dim = vectors.dimension();
    int n = vectors.count();
    return switch (kind) {
      case PQ -> {
        ProductQuantization pq =
            ProductQuantization.compute(
                ravv, pqSubspaces(dim), Math.min(256, n), metric == Metric.EUCLIDEAN);
        CodePages pages = CodePages.onHeap(n, PqScoring.stride(pq));
        encodeAll(pages, ord -> PqScoring.encode(pq, ravv.getVector(ord)));
        yield new SegmentCodes(
            kind, header(kind, pages, dim, pq::write), pages, new PqScoring(pq, metric, pages));
      }
      case NVQ -> {
        NVQuantization nvq = NVQuantization.compute(ravv, dim >= 64 ? 2 : 1);
        CodePages pages = CodePages.onHeap(n, NvqScoring.stride(nvq));
        encodeAll(pages, ord -> NvqScoring.encode(nvq, ravv.getVector(ord)));
        yield new SegmentCodes(
            kind, header(kind, pages, dim, nvq::write), pages, new NvqScoring(nvq, metric, pages));
      }
      case BINARY -> {
        BinaryQuantization bq = BinaryQuantization.compute(ravv);
        CodePages pages = CodePages.onHeap(n, BinaryScoring.stride(dim));
        encodeAll(pages, ord -> BinaryScoring.encode(bq, ravv.getVector(ord)));
        yield new SegmentCodes(
            kind, header(kind, pages, dim, bq::write), pages, new BinaryScoring(bq, pages));
      }
      case INT8 -> {
        Int8Scoring.Quantizer sq = Int8Scoring.Quantizer.train(vectors, metric);
        CodePages pages = CodePages.onHeap(n, sq.stride());
        encodeAll(pages, ord -> sq.encode(vectors.vector(ord)));
        yield new SegmentCodes(
            kind, header(kind, pages, dim, sq::write), pages, new Int8Scoring(sq, pages));
      }
      case NONE -> throw new IllegalArgumentException("no codes for quantization NONE");
    };
  }

  private static void encodeAll(CodePages pages, java.util.function.IntFunction<byte[]> encode) {
    // Distinct ordinals write distinct bytes of the heap pages (absolute puts).
    IntStream.range(0, pages.count()).parallel().forEach(ord -> pages.put(ord, encode.apply(ord)));
  }

  /**
   * Product quantization subspaces for a dimension: one byte per 4 dimensions (1/16 of float32), or
   * one per {@code vectorizer.quantization.pqDimsPerSubspace} dimensions.
   */
  static int pqSubspaces(int dimension) {
    int per = Integer.getInteger("vectorizer.quantization.pqDimsPerSubspace", 4);
    return Math.max(1, dimension / Math.max(1, per));
  }

  /** Writes a quantizer with JVector's serialisation. */
  @FunctionalInterface
  private interface QuantizerWriter {
    void write(IndexWriter out, int version) throws IOException;
  }

  private static byte[] header(Quantization kind, CodePages pages, int dim, QuantizerWriter q) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (BytesWriter out = new BytesWriter(bytes)) {
      out.writeInt(kind.ordinal());
      out.writeInt(pages.count());
      out.writeInt(dim);
      out.writeInt(pages.stride());
      q.write(out, OnDiskGraphIndex.CURRENT_VERSION);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * Reads codes written by {@link #header()} and {@link #codes()}.
   *
   * @param kind the quantization the file records
   * @param metric the collection's metric
   * @param dimension the collection's dimension
   * @param header the serialised header and quantizer
   * @param codes the codes, by ordinal (mapped or on the heap)
   * @return the codes
   * @throws IllegalArgumentException when the header does not describe codes of that shape
   */
  public static SegmentCodes read(
      Quantization kind, Metric metric, int dimension, byte[] header, CodePages codes) {
    JVectorSupport.init();
    ByteBuffer h = ByteBuffer.wrap(header);
    if (header.length < HEADER_INTS * Integer.BYTES) {
      throw new IllegalArgumentException("codes header has " + header.length + " bytes");
    }
    int kindCode = h.getInt();
    int n = h.getInt();
    int dim = h.getInt();
    int stride = h.getInt();
    if (kindCode != kind.ordinal()
        || n != codes.count()
        || dim != dimension
        || stride != codes.stride()) {
      throw new IllegalArgumentException(
          String.format(
              "codes header says quantization %d, %d codes of %d bytes for dimension %d; the file"
                  + " holds %s, %d codes of %d bytes for dimension %d",
              kindCode, n, stride, dim, kind.ordinal(), codes.count(), codes.stride(), dimension));
    }
    ByteBufferReader in = new ByteBufferReader(h.slice());
    Scoring scoring;
    try {
      scoring =
          switch (kind) {
            case PQ -> {
              ProductQuantization pq = ProductQuantization.load(in);
              check(pq.getOriginalDimension() == dim && PqScoring.stride(pq) == stride, kind);
              yield new PqScoring(pq, metric, codes);
            }
            case NVQ -> {
              NVQuantization nvq = NVQuantization.load(in);
              check(nvq.originalDimension == dim && NvqScoring.stride(nvq) == stride, kind);
              NvqScoring s = new NvqScoring(nvq, metric, codes);
              s.checkAll();
              yield s;
            }
            case BINARY -> {
              BinaryQuantization bq = BinaryQuantization.load(in);
              check(bq.getOriginalDimension() == dim && BinaryScoring.stride(dim) == stride, kind);
              yield new BinaryScoring(bq, codes);
            }
            case INT8 -> {
              Int8Scoring.Quantizer sq = Int8Scoring.Quantizer.read(in, dim, metric);
              check(sq.stride() == stride, kind);
              yield new Int8Scoring(sq, codes);
            }
            case NONE -> throw new IllegalArgumentException("no codes for quantization NONE");
          };
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(kind + " quantizer is unreadable: " + e, e);
    }
    if (in.getPosition() != header.length - HEADER_INTS * Integer.BYTES) {
      throw new IllegalArgumentException(
          kind + " quantizer ends at byte " + in.getPosition() + " of its header");
    }
    return new SegmentCodes(kind, header, codes, scoring);
  }

  private static void check(boolean ok, Quantization kind) {
    if (!ok) {
      throw new IllegalArgumentException(kind + " quantizer does not match the codes' shape");
    }
  }

  /**
   * The header and quantizer in their serialised form.
   *
   * @return the bytes; callers must not modify them
   */
  public byte[] header() {
    return header;
  }

  /**
   * The codes, by ordinal.
   *
   * @return the pages
   */
  public CodePages codes() {
    return codes;
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
   * Heap held by the quantizer and, unless they are mapped, the codes.
   *
   * @return bytes
   */
  public long heapBytes() {
    return scoring.heapBytes() + codes.heapBytes() + header.length;
  }

  /**
   * Bytes of one vector's code.
   *
   * @return bytes per vector
   */
  public int bytesPerVector() {
    return codes.stride();
  }

  /**
   * An approximate scorer for a query: higher is better, comparable only with its own scores.
   *
   * @param preparedQuery the query as the collection scores it (unit length for cosine)
   * @return a scorer for one search
   */
  public NodeScorer scorer(float[] preparedQuery) {
    return scoring.scorer(preparedQuery);
  }

  /** JVector's writer interface over an in-memory stream. */
  static final class BytesWriter extends DataOutputStream implements IndexWriter {
    BytesWriter(ByteArrayOutputStream out) {
      super(out);
    }

    @Override
    public long position() {
      return size();
    }
  }
}
