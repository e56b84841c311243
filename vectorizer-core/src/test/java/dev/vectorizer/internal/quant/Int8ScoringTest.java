package dev.vectorizer.internal.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Metric;
import dev.vectorizer.Quantization;
import dev.vectorizer.internal.search.NodeScorer;
import dev.vectorizer.testing.RealVectors;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 8-bit scalar codes of real sentence embeddings: approximate scores close to the exact ones for
 * every metric (so the traversal ranks like the exact search), the same scores from codes read back
 * from their header, and headers that do not describe valid codes refused by name.
 */
class Int8ScoringTest {
  private static final int N = 3_000;
  private static final int K = 10;

  private static SegmentCodes.Vectors vectors(float[][] v) {
    return new SegmentCodes.Vectors() {
      @Override
      public int count() {
        return v.length;
      }

      @Override
      public int dimension() {
        return v[0].length;
      }

      @Override
      public float[] vector(int ord) {
        return v[ord].clone();
      }
    };
  }

  /** The stored vectors as the metric scores them: unit length for cosine, scaled otherwise. */
  private static float[][] base(Metric metric) {
    float[][] b = Arrays.copyOf(RealVectors.base(), N);
    if (metric == Metric.COSINE) {
      return b;
    }
    float[][] scaled = new float[N][];
    for (int i = 0; i < N; i++) {
      float f = 0.5f + (i % 7) * 0.25f; // lengths from 0.5 to 2: the norms matter
      scaled[i] = new float[b[i].length];
      for (int d = 0; d < b[i].length; d++) {
        scaled[i][d] = b[i][d] * f;
      }
    }
    return scaled;
  }

  private static double exact(Metric metric, float[] q, float[] v) {
    double dot = 0;
    double l2 = 0;
    for (int d = 0; d < q.length; d++) {
      dot += (double) q[d] * v[d];
      l2 += (double) (q[d] - v[d]) * (q[d] - v[d]);
    }
    return metric == Metric.EUCLIDEAN ? -l2 : dot;
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void approximateScoresRankLikeExactOnes(Metric metric) {
    float[][] base = base(metric);
    SegmentCodes codes = SegmentCodes.train(Quantization.INT8, metric, vectors(base));
    assertEquals(
        base[0].length + (metric == Metric.EUCLIDEAN ? 4 : 0),
        codes.bytesPerVector(),
        "one byte per dimension, and the norm for euclidean");
    int[] all = IntStream.range(0, N).toArray();
    float[][] queries = RealVectors.queries();
    double worstError = 0;
    int found = 0;
    for (int qi = 0; qi < 20; qi++) {
      float[] q = queries[qi];
      float[] approx = new float[N];
      codes.scorer(q).score(all, N, approx);
      double[] exact = new double[N];
      double range = 0;
      for (int i = 0; i < N; i++) {
        exact[i] = exact(metric, q, base[i]);
        range = Math.max(range, Math.abs(exact[i]));
      }
      for (int i = 0; i < N; i++) {
        worstError = Math.max(worstError, Math.abs(approx[i] - exact[i]) / range);
      }
      Integer[] byExact = top(i -> exact[i]);
      Integer[] byApprox = top(i -> approx[i]);
      found += (int) Arrays.stream(byApprox).filter(Arrays.asList(byExact)::contains).count();
    }
    double recall = found / (20.0 * K);
    assertTrue(worstError < 0.01, metric + " worst relative error " + worstError);
    System.out.printf(
        "%s: worst error %.5f of the range, recall@10 %.3f%n", metric, worstError, recall);
    assertTrue(recall >= 0.9, metric + " recall@10 of the codes alone " + recall);
  }

  private static Integer[] top(java.util.function.IntToDoubleFunction score) {
    return IntStream.range(0, N)
        .boxed()
        .sorted(Comparator.comparingDouble(i -> -score.applyAsDouble(i)))
        .limit(K)
        .toArray(Integer[]::new);
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void codesReadBackScoreTheSame(Metric metric) {
    float[][] base = base(metric);
    SegmentCodes trained = SegmentCodes.train(Quantization.INT8, metric, vectors(base));
    SegmentCodes read =
        SegmentCodes.read(
            Quantization.INT8, metric, base[0].length, trained.header(), trained.codes());
    int[] all = IntStream.range(0, N).toArray();
    float[] q = RealVectors.queries()[3];
    float[] a = new float[N];
    float[] b = new float[N];
    trained.scorer(q).score(all, N, a);
    NodeScorer s = read.scorer(q);
    s.score(all, N, b);
    for (int i = 0; i < N; i++) {
      // Equal up to the order the kernel sums its lanes in, which the JIT may change between calls.
      assertEquals(a[i], b[i], 1e-5f * Math.max(1, Math.abs(a[i])), "node " + i);
    }
    // One node alone goes through the single-code kernel, whose lanes sum in another order (which
    // may also change when the JIT compiles it).
    assertEquals(a[17], s.score(17), 1e-5f * Math.max(1, Math.abs(a[17])));
  }

  @Test
  void badHeadersAreRefusedByName() {
    float[][] base = base(Metric.COSINE);
    int dim = base[0].length;
    SegmentCodes c = SegmentCodes.train(Quantization.INT8, Metric.COSINE, vectors(base));
    byte[] header = c.header();

    byte[] nanStep = header.clone();
    ByteBuffer.wrap(nanStep).putFloat(16 + 4 + 4 * dim + 4 * 5, Float.NaN);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SegmentCodes.read(Quantization.INT8, Metric.COSINE, dim, nanStep, c.codes()));
    assertTrue(e.getMessage().contains("step NaN at 5"), e.getMessage());

    byte[] flag = header.clone();
    ByteBuffer.wrap(flag).putInt(16, 7);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SegmentCodes.read(Quantization.INT8, Metric.COSINE, dim, flag, c.codes()));
    assertTrue(e.getMessage().contains("metric flag 7"), e.getMessage());

    byte[] cut = Arrays.copyOf(header, header.length - 10);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SegmentCodes.read(Quantization.INT8, Metric.COSINE, dim, cut, c.codes()));
    assertTrue(e.getMessage().startsWith("INT8 quantizer"), e.getMessage());

    byte[] longer = Arrays.copyOf(header, header.length + 4);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SegmentCodes.read(Quantization.INT8, Metric.COSINE, dim, longer, c.codes()));
    assertTrue(e.getMessage().contains("ends at byte"), e.getMessage());
  }
}
