package dev.vectorizer.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.Quantization;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.kernels.MappedVectors;
import dev.vectorizer.internal.quant.SegmentCodes;
import dev.vectorizer.testing.TestVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A quantized segment opened from its file keeps its codes, like its vectors, in the mapped file:
 * only the quantizer is on the heap, and searches answer exactly as they did from the heap codes
 * the seal made, and as they do with {@code -Dvectorizer.mapSegments=false} (codes read onto the
 * heap).
 */
class MappedCodesTest {
  private static final int DIM = 48;
  private static final int N = 3_000;

  @ParameterizedTest
  @EnumSource(
      value = Quantization.class,
      names = {"PQ", "NVQ", "BINARY"})
  void openedCodesStayInTheMappedFile(Quantization q, @TempDir Path dir) {
    assumeTrue(MappedVectors.available(), "Java 22+");
    float[][] base = TestVectors.clustered(3, N, DIM, 12);
    float[][] queries = TestVectors.clustered(4, 30, DIM, 12);
    List<List<String>> sealedAnswers;
    try (VectorStore store = VectorStore.builder(dir).sealThreshold(100_000).open()) {
      Collection c =
          store.createCollection(
              "m",
              CollectionConfig.builder(DIM)
                  .metric(Metric.COSINE)
                  .quantization(q)
                  .exactSearchThreshold(0)
                  .build());
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        points.add(Point.of("p" + i, base[i]));
      }
      c.upsert(points);
      store.checkpoint();
      SegmentCodes codes = ((SegmentedCollection) c).sealedSegments().get(0).codes();
      assertNotNull(codes, "the seal trained " + q + " codes");
      assertFalse(codes.codes().mapped(), "a fresh seal holds its codes on the heap");
      sealedAnswers = answers(c, queries);
    }
    try (VectorStore store = VectorStore.open(dir)) {
      SegmentedCollection c = (SegmentedCollection) store.collection("m");
      SealedSegment s = c.sealedSegments().get(0);
      SegmentCodes codes = s.codes();
      assertEquals(q, codes.kind());
      assertTrue(codes.codes().mapped(), "opened codes are mapped");
      assertNotNull(s.vectors().mapped(), "opened vectors are mapped");
      assertEquals(0, codes.codes().heapBytes(), "no code on the heap");
      // What stays is the quantizer: at most a product quantization codebook (256 centroids of
      // every dimension), parsed and serialised, whatever the segment's size.
      long quantizer = 2L * 256 * DIM * Float.BYTES + 1024;
      assertTrue(
          codes.heapBytes() <= quantizer,
          q + ": " + codes.heapBytes() + " heap bytes, more than a codebook (" + quantizer + ")");
      assertEquals(sealedAnswers, answers(c, queries), "the same hits from the mapped codes");
    }
    System.setProperty("vectorizer.mapSegments", "false");
    try (VectorStore store = VectorStore.open(dir)) {
      SegmentedCollection c = (SegmentedCollection) store.collection("m");
      assertFalse(c.sealedSegments().get(0).codes().codes().mapped());
      assertEquals(sealedAnswers, answers(c, queries), "the same hits from codes on the heap");
    } finally {
      System.clearProperty("vectorizer.mapSegments");
    }
  }

  private static List<List<String>> answers(Collection c, float[][] queries) {
    List<List<String>> out = new ArrayList<>();
    for (float[] query : queries) {
      out.add(
          c.search(SearchRequest.of(query).limit(10).beamWidth(40)).stream().map(Hit::id).toList());
    }
    return out;
  }
}
