package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionUnavailableException;
import dev.vectorizer.CorruptedDataException;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.Quantization;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.index.VectorPages;
import dev.vectorizer.internal.storage.CodePages;
import dev.vectorizer.internal.storage.FileOpener;
import dev.vectorizer.internal.storage.SegmentFile;
import dev.vectorizer.testing.RealVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Quantized collections on real sentence embeddings (the 8,000 shipped with the tests): recall@10
 * after rerank against exact neighbours, codes in the segment files, the same answers after a
 * reopen and after merges, and damaged codes reported with the file's name.
 */
class QuantizedSearchTest {
  private static final int K = 10;
  @TempDir Path dir;

  /** Recall@10 floors at the default beam (100), measured with margin (see docs/benchmarks.md). */
  private static double floor(Quantization q) {
    return switch (q) {
      case PQ, NVQ, INT8 -> 0.95;
      case BINARY -> 0.85;
      case NONE -> 0.97;
    };
  }

  private static CollectionConfig config(Quantization q) {
    return CollectionConfig.builder(384)
        .metric(Metric.COSINE)
        .quantization(q)
        .exactSearchThreshold(0)
        .build();
  }

  private static void load(Collection c, float[][] base) {
    for (int from = 0; from < base.length; from += 1000) {
      List<Point> batch = new ArrayList<>();
      for (int i = from; i < Math.min(base.length, from + 1000); i++) {
        batch.add(Point.of(Integer.toString(i), base[i]));
      }
      c.upsert(batch);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Quantization.class,
      names = {"PQ", "NVQ", "BINARY", "INT8"})
  void recallAfterRerankSurvivesReopen(Quantization q) throws IOException {
    float[][] base = Arrays.copyOf(RealVectors.base(), 4_000);
    Path data = dir.resolve("data");
    List<List<String>> answers;
    try (VectorStore store = VectorStore.builder(data).sealThreshold(100_000).open()) {
      Collection c = store.createCollection("q", config(q));
      load(c, base);
      store.checkpoint(); // seals the head: codes are trained now
      double recall = recall(c, base, 100);
      assertTrue(recall >= floor(q), q + " recall@10 " + recall + " < " + floor(q));
      answers = answers(c);
      assertEquals(List.of(q), codeKinds(data), "every segment file holds " + q + " codes");
    }
    try (VectorStore store = VectorStore.open(data)) {
      Collection c = store.collection("q");
      assertEquals(q, c.config().quantization(), "the manifest keeps the quantization");
      assertEquals(answers, answers(c), "the same hits from the codes read back");
    }
  }

  @Test
  void scoresAreExactAfterRerank() {
    float[][] base = Arrays.copyOf(RealVectors.base(), 2_000);
    try (VectorStore store =
        VectorStore.builder(dir.resolve("data")).sealThreshold(100_000).open()) {
      Collection c = store.createCollection("q", config(Quantization.BINARY));
      load(c, base);
      store.checkpoint();
      for (float[] query : Arrays.copyOf(RealVectors.queries(), 20)) {
        for (Hit h : c.search(SearchRequest.of(query).limit(K))) {
          float expected = dot(query, base[Integer.parseInt(h.id())]);
          assertEquals(expected, h.score(), 1e-5, "hit " + h.id() + " carries its exact cosine");
        }
      }
    }
  }

  @Test
  void mergedSegmentsAreQuantizedAgain() throws Exception {
    float[][] base = RealVectors.base();
    Path data = dir.resolve("data");
    try (VectorStore store = VectorStore.builder(data).sealThreshold(1_500).maxSegments(2).open()) {
      Collection c = store.createCollection("q", config(Quantization.PQ));
      load(c, base);
      store.checkpoint();
      long deadline = System.nanoTime() + 120_000_000_000L;
      while ((c.stats().segments() > 3 || c.stats().merges() == 0)
          && System.nanoTime() < deadline) {
        Thread.sleep(50); // background merges catch up
      }
      assertTrue(c.stats().merges() > 0, "segments were merged: " + c.stats());
      store.checkpoint();
      assertEquals(List.of(Quantization.PQ), codeKinds(data), "merged segments hold codes");
      double recall = recall(c, base, 100);
      assertTrue(recall >= floor(Quantization.PQ), "recall@10 after merges " + recall);
    }
  }

  /**
   * A bulk load seals its one segment without a head: the codes come with it, and the answers are
   * the same after a reopen, whose rerank reads the vectors from the mapped segment file.
   */
  @Test
  void bulkLoadedSegmentIsQuantized() throws IOException {
    float[][] base = Arrays.copyOf(RealVectors.base(), 3_000);
    Path data = dir.resolve("data");
    List<List<String>> answers;
    try (VectorStore store = VectorStore.open(data)) {
      Collection c = store.createCollection("q", config(Quantization.PQ));
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < base.length; i++) {
        points.add(Point.of(Integer.toString(i), base[i]));
      }
      assertEquals(base.length, c.bulkLoad(points.iterator()));
      assertEquals(1, c.stats().segments(), "one sealed segment: " + c.stats());
      assertEquals(List.of(Quantization.PQ), codeKinds(data), "the bulk segment holds codes");
      double recall = recall(c, base, 100);
      assertTrue(recall >= floor(Quantization.PQ), "recall@10 after a bulk load " + recall);
      answers = answers(c);
    }
    try (VectorStore store = VectorStore.open(data)) {
      assertEquals(answers, answers(store.collection("q")), "the same hits after a reopen");
    }
  }

  /**
   * A head that is mostly replaced points is rebuilt in the background (without codes: heads have
   * none); sealing the rebuilt head trains codes on its live points.
   */
  @Test
  void rebuiltHeadIsQuantizedWhenSealed() throws Exception {
    float[][] base = RealVectors.base();
    int ids = 1_100;
    Path data = dir.resolve("data");
    try (VectorStore store = VectorStore.builder(data).sealThreshold(100_000).open()) {
      Collection c = store.createCollection("q", config(Quantization.PQ));
      for (int round = 0; round < 3; round++) { // 2,200 replaced points, 1,100 live
        List<Point> batch = new ArrayList<>();
        for (int i = 0; i < ids; i++) {
          batch.add(Point.of(Integer.toString(i), base[(i + round * ids) % base.length]));
        }
        c.upsert(batch);
      }
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (c.stats().compactions() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(c.stats().compactions() > 0, "the head was rebuilt: " + c.stats());
      store.checkpoint();
      assertEquals(List.of(Quantization.PQ), codeKinds(data), "the sealed head holds codes");
      for (int i = 0; i < ids; i += 11) {
        float[] v = base[(i + 2 * ids) % base.length];
        List<Hit> hits = c.search(SearchRequest.of(v).limit(1));
        assertEquals(Integer.toString(i), hits.get(0).id(), "the last version of " + i);
      }
    }
  }

  @Test
  void damagedCodesNameTheFile() throws IOException {
    float[][] base = RealVectors.base();
    Path data = dir.resolve("data");
    try (VectorStore store = VectorStore.builder(data).sealThreshold(100_000).open()) {
      load(store.createCollection("q", config(Quantization.PQ)), Arrays.copyOf(base, 2_000));
      store.checkpoint();
    }
    Path seg = segmentFiles(data).get(0);
    // A quantizer with a valid checksum but cut short: the codes parser must refuse it.
    SegmentFile.Contents c = read(seg);
    byte[] cut = Arrays.copyOf(c.codesHeader(), c.codesHeader().length / 2);
    rewrite(seg, c, Quantization.PQ, cut);
    assertCorrupt(data, seg);
    // A header of another quantization than the file records.
    rewrite(seg, c, Quantization.BINARY, c.codesHeader());
    assertCorrupt(data, seg);
    // A flipped byte inside the codes: the file checksum catches it.
    rewrite(seg, c, Quantization.PQ, c.codesHeader());
    byte[] bytes = Files.readAllBytes(seg);
    long codeBytes = (long) c.codes().count() * c.codes().stride();
    bytes[(int) (bytes.length - 8 - codeBytes / 2)] ^= 0x10;
    Files.write(seg, bytes);
    assertCorrupt(data, seg);
  }

  /** Opening the collection (collections load on first use) fails, naming the file. */
  private static void assertCorrupt(Path data, Path seg) {
    try (VectorStore store = VectorStore.open(data)) {
      CollectionUnavailableException e =
          assertThrows(CollectionUnavailableException.class, () -> store.collection("q"));
      assertInstanceOf(CorruptedDataException.class, e.getCause());
      assertTrue(e.getMessage().contains(seg.getFileName().toString()), e.getMessage());
    }
  }

  private static double recall(Collection c, float[][] base, int beam) {
    float[][] queries = RealVectors.queries();
    int found = 0;
    for (float[] query : queries) {
      List<String> truth = exact(base, query);
      for (Hit h : c.search(SearchRequest.of(query).limit(K).beamWidth(beam))) {
        if (truth.contains(h.id())) {
          found++;
        }
      }
    }
    return (double) found / (queries.length * K);
  }

  private static List<List<String>> answers(Collection c) {
    List<List<String>> out = new ArrayList<>();
    for (float[] query : RealVectors.queries()) {
      out.add(c.search(SearchRequest.of(query).limit(K)).stream().map(Hit::id).toList());
    }
    return out;
  }

  private static List<String> exact(float[][] base, float[] query) {
    Integer[] order = new Integer[base.length];
    float[] s = new float[base.length];
    for (int i = 0; i < base.length; i++) {
      order[i] = i;
      s[i] = dot(query, base[i]);
    }
    Arrays.sort(order, (a, b) -> Float.compare(s[b], s[a]));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < K; i++) {
      out.add(Integer.toString(order[i]));
    }
    return out;
  }

  static float dot(float[] a, float[] b) {
    double sum = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return (float) (sum / Math.sqrt(na * nb));
  }

  static List<Path> segmentFiles(Path data) throws IOException {
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".vzs")).sorted().toList();
    }
  }

  /** The quantization of every segment file's codes, distinct. */
  static List<Quantization> codeKinds(Path data) throws IOException {
    List<Quantization> kinds = new ArrayList<>();
    for (Path seg : segmentFiles(data)) {
      Quantization q = read(seg).quantization();
      if (!kinds.contains(q)) {
        kinds.add(q);
      }
    }
    return kinds;
  }

  static SegmentFile.Contents read(Path seg) throws IOException {
    String name = seg.getFileName().toString();
    long id = Long.parseLong(name.substring(4, name.length() - 4));
    return SegmentFile.read(
        FileOpener.DIRECT, seg, id, Metric.COSINE, 384, VectorPages.vectorsPerPage(384));
  }

  /** Writes a segment file again with other codes (and a valid checksum). */
  private static void rewrite(Path seg, SegmentFile.Contents c, Quantization kind, byte[] header)
      throws IOException {
    Files.delete(seg);
    int perPage = c.vectorsPerPage();
    SegmentFile.write(
        seg.getParent(),
        new SegmentFile.Source() {
          @Override
          public long id() {
            return c.id();
          }

          @Override
          public int count() {
            return c.pointIds().length;
          }

          @Override
          public float[] vector(int ord) {
            float[] page = c.vectorPages()[ord / perPage];
            int off = (ord % perPage) * 384;
            return Arrays.copyOfRange(page, off, off + 384);
          }

          @Override
          public String pointId(int ord) {
            return c.pointIds()[ord];
          }

          @Override
          public byte[] payloadJson(int ord) {
            return c.payloads()[ord];
          }

          @Override
          public SegmentFile.GraphRows graph() {
            return c.graph();
          }

          @Override
          public Quantization quantization() {
            return kind;
          }

          @Override
          public byte[] codesHeader() {
            return header;
          }

          @Override
          public CodePages codes() {
            return c.codes();
          }
        },
        Metric.COSINE,
        384);
  }
}
