package dev.vectorizer.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionUnavailableException;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.kernels.MappedVectors;
import dev.vectorizer.testing.HitAssertions;
import dev.vectorizer.testing.TestVectors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sealed segments opened from files keep their vectors in the mapped file, not on the heap (ADR
 * 0016): the segment holds no vector arrays, search answers exactly as with the vectors read onto
 * the heap, and a damaged vector section is an error naming the file.
 */
class MappedSegmentsTest {
  private static final int DIM = 20; // not a multiple of the vector width: the kernels' tails run
  private static final int N = 3_000;

  @Test
  void anOpenedSegmentKeepsItsVectorsInTheMappedFile(@TempDir Path dir) {
    assumeTrue(MappedVectors.available(), "Java 22+");
    for (Metric metric : Metric.values()) {
      Path d = dir.resolve(metric.name());
      List<List<Hit>> before = load(d, metric);
      try (VectorStore store = VectorStore.open(d)) {
        SegmentedCollection c = (SegmentedCollection) store.collection("m");
        List<SealedSegment> sealed = c.sealedSegments();
        assertFalse(sealed.isEmpty());
        for (SealedSegment s : sealed) {
          assertNotNull(s.vectors().mapped(), "segment " + s.id() + " is mapped");
          assertNull(s.vectors().pages(), "segment " + s.id() + " holds no float arrays");
        }
        assertClose(before, searches(c), metric.name());
        Point p = c.get("p7").orElseThrow();
        assertArrayEquals(TestVectors.clustered(5, N, DIM, 12)[7], p.vector());
      }
    }
  }

  @Test
  void mappedAndHeapSegmentsAnswerAlike(@TempDir Path dir) {
    assumeTrue(MappedVectors.available(), "Java 22+");
    load(dir, Metric.COSINE);
    List<List<Hit>> mapped;
    System.setProperty("vectorizer.mapSegments", "true");
    try (VectorStore store = VectorStore.open(dir)) {
      SegmentedCollection c = (SegmentedCollection) store.collection("m");
      assertNotNull(c.sealedSegments().get(0).vectors().mapped());
      mapped = searches(c);
    }
    System.setProperty("vectorizer.mapSegments", "false");
    try (VectorStore store = VectorStore.open(dir)) {
      SegmentedCollection c = (SegmentedCollection) store.collection("m");
      assertNull(c.sealedSegments().get(0).vectors().mapped());
      assertClose(mapped, searches(c), "heap");
    } finally {
      System.clearProperty("vectorizer.mapSegments");
    }
  }

  @Test
  void aDamagedVectorIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
    load(dir, Metric.EUCLIDEAN);
    Path segment;
    try (Stream<Path> files = Files.walk(dir)) {
      segment = files.filter(f -> f.toString().endsWith(".vzs")).findFirst().orElseThrow();
    }
    long vectorStart = 4 + 4 + 8 + 4 + 1 + 4;
    // A flipped bit: the checksum catches it before anything is mapped.
    byte[] original = Files.readAllBytes(segment);
    byte[] bad = original.clone();
    bad[(int) vectorStart + 5 * DIM * 4 + 2] ^= 0x10;
    Files.write(segment, bad);
    assertUnavailable(dir, segment);
    // A NaN under a valid checksum (a writer bug, or a forged file): found by the first pass.
    bad = original.clone();
    ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putFloat((int) vectorStart + 40, Float.NaN);
    rechecksum(bad);
    Files.write(segment, bad);
    assertUnavailable(dir, segment);
  }

  private static void assertClose(List<List<Hit>> expected, List<List<Hit>> actual, String what) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      HitAssertions.assertSameHits(expected.get(i), actual.get(i), what + " search " + i);
    }
  }

  private static void assertUnavailable(Path dir, Path segment) {
    try (VectorStore store = VectorStore.open(dir)) {
      CollectionUnavailableException e =
          assertThrows(CollectionUnavailableException.class, () -> store.collection("m"));
      assertTrue(
          String.valueOf(e.getMessage()).contains(segment.getFileName().toString()),
          e.getMessage());
    }
  }

  private static void rechecksum(byte[] file) {
    CRC32C crc = new CRC32C();
    crc.update(file, 0, file.length - 8);
    ByteBuffer.wrap(file)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(file.length - 8, (int) crc.getValue());
  }

  private static List<List<Hit>> load(Path dir, Metric metric) {
    try (VectorStore store = VectorStore.builder(dir).sealThreshold(1_000).open()) {
      Collection c =
          store.createCollection(
              "m", CollectionConfig.builder(DIM).metric(metric).exactSearchThreshold(0).build());
      float[][] base = TestVectors.clustered(5, N, DIM, 12);
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        points.add(Point.of("p" + i, base[i], Map.of("i", i)));
      }
      c.upsert(points);
      store.checkpoint();
      return searches(c);
    }
  }

  private static List<List<Hit>> searches(Collection c) {
    List<List<Hit>> out = new ArrayList<>();
    for (float[] q : TestVectors.clustered(6, 50, DIM, 12)) {
      out.add(c.search(SearchRequest.of(q).limit(10).beamWidth(40)));
      out.add(c.search(SearchRequest.of(q).limit(5).exact(true)));
    }
    return out;
  }
}
