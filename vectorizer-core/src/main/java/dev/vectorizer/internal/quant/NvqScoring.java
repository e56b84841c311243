package dev.vectorizer.internal.quant;

import dev.vectorizer.Metric;
import dev.vectorizer.internal.index.JVectorSupport;
import dev.vectorizer.internal.search.NodeScorer;
import dev.vectorizer.internal.storage.CodePages;
import io.github.jbellis.jvector.disk.ByteBufferReader;
import io.github.jbellis.jvector.quantization.NVQScorer;
import io.github.jbellis.jvector.quantization.NVQuantization;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * NVQ scoring: each code is JVector's serialisation of one quantized vector (per subvector: bits,
 * minimum, maximum, growth rate, midpoint, dimensions, length, 8-bit values), read from the code
 * pages into one reusable {@link NVQuantization.QuantizedVector} per search and scored by JVector's
 * {@link NVQScorer}. The codes stay in the code pages (the mapped segment file once opened): only
 * the quantizer's mean and layout are on the heap.
 *
 * <p>Concurrency: immutable; each {@link #scorer} belongs to one search.
 */
final class NvqScoring implements SegmentCodes.Scoring {
  private final NVQuantization nvq;
  private final VectorSimilarityFunction similarity;
  private final CodePages codes;

  NvqScoring(NVQuantization nvq, Metric metric, CodePages codes) {
    this.nvq = nvq;
    this.similarity =
        metric == Metric.EUCLIDEAN
            ? VectorSimilarityFunction.EUCLIDEAN
            : VectorSimilarityFunction.DOT_PRODUCT;
    this.codes = codes;
  }

  /** Bytes per code: the serialised size of one quantized vector (fixed for a quantizer). */
  static int stride(NVQuantization nvq) {
    return serialise(
            NVQuantization.QuantizedVector.createEmpty(
                nvq.subvectorSizesAndOffsets, nvq.bitsPerDimension))
        .length;
  }

  static byte[] encode(NVQuantization nvq, VectorFloat<?> v) {
    return serialise(nvq.encode(v));
  }

  private static byte[] serialise(NVQuantization.QuantizedVector qv) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (SegmentCodes.BytesWriter out = new SegmentCodes.BytesWriter(bytes)) {
      qv.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * Parses every code once (at open): a code whose fixed fields disagree with the quantizer would
   * otherwise fail, or score wrongly, in the middle of a search.
   *
   * @throws IllegalArgumentException naming the first bad ordinal
   */
  void checkAll() {
    Reader r = new Reader();
    int[][] layout = nvq.subvectorSizesAndOffsets;
    for (int ord = 0; ord < codes.count(); ord++) {
      NVQuantization.QuantizedVector qv = r.load(ord);
      for (int s = 0; s < layout.length; s++) {
        NVQuantization.QuantizedSubVector sv = qv.subVectors[s];
        if (sv.originalDimensions != layout[s][0]
            || sv.bytes.length() != layout[s][0]
            || sv.bitsPerDimension != nvq.bitsPerDimension) {
          throw new IllegalArgumentException(
              "NVQ code of ordinal " + ord + " does not match its quantizer");
        }
      }
    }
  }

  @Override
  public long heapBytes() {
    return 4L * nvq.globalMean.length();
  }

  @Override
  public NodeScorer scorer(float[] query) {
    NVQScorer.NVQScoreFunction f =
        new NVQScorer(nvq)
            .scoreFunctionFor(JVectorSupport.VECTORS.createFloatVector(query), similarity);
    Reader r = new Reader();
    return new NodeScorer() {
      @Override
      public float score(int node) {
        return f.similarityTo(r.load(node));
      }

      @Override
      public void score(int[] nodes, int count, float[] out) {
        for (int i = 0; i < count; i++) {
          out[i] = f.similarityTo(r.load(nodes[i]));
        }
      }
    };
  }

  /** Reads codes into one reusable quantized vector; one per search. */
  private final class Reader {
    private final NVQuantization.QuantizedVector vector =
        NVQuantization.QuantizedVector.createEmpty(
            nvq.subvectorSizesAndOffsets, nvq.bitsPerDimension);
    private ByteBuffer page;
    private ByteBufferReader in;

    NVQuantization.QuantizedVector load(int ord) {
      ByteBuffer p = codes.page(ord);
      if (p != page) {
        page = p;
        in = new ByteBufferReader(p.duplicate().order(ByteOrder.BIG_ENDIAN)); // as JVector wrote
      }
      in.seek(codes.offset(ord));
      try {
        NVQuantization.QuantizedVector.loadInto(in, vector);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // reading memory does not fail
      }
      return vector;
    }
  }
}
