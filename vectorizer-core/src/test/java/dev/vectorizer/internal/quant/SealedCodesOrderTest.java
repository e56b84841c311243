package dev.vectorizer.internal.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.Quantization;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.search.NodeScorer;
import dev.vectorizer.testing.TestVectors;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sealing renumbers a head's points in graph order; the codes a quantized segment traverses on are
 * indexed by ordinal, so they must be the codes of the renumbered vectors. Codes left in arrival
 * order would describe other points: each ordinal's own vector would no longer score best against
 * its code.
 */
class SealedCodesOrderTest {
  private static final int N = 3_000;
  private static final int DIM = 32;
  private static final int SAMPLE = 100;

  @ParameterizedTest
  @EnumSource(
      value = Quantization.class,
      names = {"PQ", "NVQ", "BINARY", "INT8"})
  void codesAreIndexedByTheRenumberedOrdinal(Quantization q) {
    float[][] base = TestVectors.random(13, N, DIM);
    HeadSegment head =
        new HeadSegment(
            CollectionConfig.builder(DIM).metric(Metric.COSINE).quantization(q).build());
    try {
      for (int i = 0; i < N; i++) {
        assertEquals(i, head.allocate("p" + i, base[i], Map.of()));
      }
      IntStream.range(0, N).parallel().forEach(head::index);
      for (int i = 0; i < N; i++) {
        head.publish(i);
      }
      SealedSegment sealed =
          head.seal(1, p -> p.toString().getBytes(StandardCharsets.UTF_8), json -> Map.of());
      SegmentCodes codes = sealed.codes();
      assertNotNull(codes, q + " codes are trained at seal");
      assertEquals(N, codes.count());
      long moved = IntStream.range(0, N).filter(o -> !sealed.id(o).equals("p" + o)).count();
      assertTrue(moved > N / 2, "the test needs a renumbering that moves most points: " + moved);

      Random r = new Random(5);
      int[] others = r.ints(SAMPLE, 0, N).toArray();
      int ownBest = 0;
      for (int ord = 0; ord < N; ord++) {
        NodeScorer scorer = codes.scorer(unit(sealed.vector(ord)));
        float own = scorer.score(ord);
        boolean best = true;
        for (int o : others) {
          if (o != ord && scorer.score(o) >= own) {
            best = false;
            break;
          }
        }
        ownBest += best ? 1 : 0;
      }
      assertTrue(
          ownBest >= N * 95 / 100,
          q + ": only " + ownBest + " of " + N + " ordinals score best against their own code");
    } finally {
      head.close();
    }
  }

  private static float[] unit(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    float inv = (float) (1 / Math.sqrt(sum));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }
}
