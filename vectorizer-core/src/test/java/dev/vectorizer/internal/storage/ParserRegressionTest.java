package dev.vectorizer.internal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionUnavailableException;
import dev.vectorizer.CorruptedDataException;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs the parser fuzzers ({@link StorageFuzzTest}) found, or that code reading found next to
 * them, each refused now with a {@link CorruptedDataException} naming the file. Before the fixes
 * they escaped as other exceptions, asked for gigabytes, or were read as data.
 */
class ParserRegressionTest {
  @TempDir Path dir;

  private static void assertCorrupted(Path file, Executable read) {
    CorruptedDataException e = assertThrows(CorruptedDataException.class, read);
    assertEquals(file.toAbsolutePath(), e.file().toAbsolutePath(), e.getMessage());
  }

  // ---- MANIFEST ----

  private Path manifestWithJson(String json) throws IOException {
    byte[] j = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(20 + j.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(Manifest.MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(Manifest.VERSION);
    b.putInt(j.length).put(j).putInt(0).putInt(0);
    Path file = dir.resolve(Manifest.FILE);
    Files.write(file, StorageFuzzTest.FuzzChecksums.fixFooter(b.array(), Manifest.END));
    return file;
  }

  private static final String GOOD =
      "{\"name\":\"docs\",\"config\":{\"dimension\":4,\"metric\":\"COSINE\",\"maxDegree\":4,"
          + "\"beamWidth\":8,\"neighborOverflow\":1.2,\"alpha\":1.2,\"searchBeamWidth\":100,"
          + "\"exactSearchThreshold\":4096},\"lsn\":3,\"nextSegmentId\":2,"
          + "\"segments\":[{\"id\":1,\"count\":24,\"bytes\":900,\"deletedGeneration\":0}]}";

  @Test
  void aManifestThatIsNoJsonIsCorruptionNotAParserException() throws IOException {
    assertEquals(24, Manifest.read(manifestWithJson(GOOD).getParent()).segments().get(0).count());
    for (String json :
        List.of(
            "{\"name\" \"docs\"}", // JsonParseException before
            "\0\0\0{\"md\":1}", // CharConversionException (UTF-32 detection) before
            "",
            "[1, 2]")) {
      Path file = manifestWithJson(json);
      assertCorrupted(file, () -> Manifest.read(dir));
    }
  }

  @Test
  void aBulkLoadedSegmentKeepsItsNewerThanLsn() throws IOException {
    String bulk =
        GOOD.replace("\"deletedGeneration\":0", "\"deletedGeneration\":0,\"newerThanLsn\":9");
    assertEquals(
        9, Manifest.read(manifestWithJson(bulk).getParent()).segments().get(0).newerThanLsn());
    assertEquals(
        0, Manifest.read(manifestWithJson(GOOD).getParent()).segments().get(0).newerThanLsn());
  }

  @Test
  void aManifestWithMistypedOrOutOfRangeFieldsIsCorruption() throws IOException {
    for (String json :
        List.of(
            GOOD.replace("\"COSINE\"", "7"), // NullPointerException before
            GOOD.replace("\"COSINE\"", "\"HAMMING\""),
            GOOD.replace("\"count\":24", "\"count\":-100"), // a 512 MB bit set before
            GOOD.replace("\"count\":24", "\"count\":\"x\""), // read as 0 before
            GOOD.replace("\"lsn\":3", "\"lsn\":-1"),
            GOOD.replace("\"id\":1", "\"id\":5"), // not below nextSegmentId
            GOOD.replace("\"dimension\":4", "\"dimension\":4.5"),
            GOOD.replace("\"name\":\"docs\"", "\"name\":null"),
            GOOD.replace("\"deletedGeneration\":0", "\"deletedGeneration\":0,\"newerThanLsn\":-4"),
            GOOD.replace(
                "\"deletedGeneration\":0", "\"deletedGeneration\":0,\"newerThanLsn\":\"9\""))) {
      Path file = manifestWithJson(json);
      assertCorrupted(file, () -> Manifest.read(dir));
    }
  }

  // ---- segments ----

  private static SegmentFile.Source segment(
      float[][] vectors, int entry, int maxLevel, List<Map<Integer, int[]>> upper) {
    int n = vectors.length;
    int[] offsets = new int[n + 1];
    return new SegmentFile.Source() {
      @Override
      public long id() {
        return 1;
      }

      @Override
      public int count() {
        return n;
      }

      @Override
      public float[] vector(int ord) {
        return vectors[ord];
      }

      @Override
      public String pointId(int ord) {
        return "p" + ord;
      }

      @Override
      public byte[] payloadJson(int ord) {
        return new byte[0];
      }

      @Override
      public SegmentFile.GraphRows graph() {
        return new SegmentFile.GraphRows(entry, maxLevel, offsets, new int[0], upper);
      }
    };
  }

  private SegmentFile.Contents read(Path file) throws IOException {
    return SegmentFile.read(FileOpener.DIRECT, file, 1, Metric.EUCLIDEAN, 2, 64);
  }

  @Test
  void aSegmentWithAnUpperEdgeOutsideItIsCorruption() throws IOException {
    float[][] v = {{1, 2}, {3, 4}};
    SegmentFile.write(
        dir, segment(v, 0, 1, List.of(Map.of(0, new int[] {1}))), Metric.EUCLIDEAN, 2);
    assertEquals(2, read(dir.resolve("seg-1.vzs")).pointIds().length);
    SegmentFile.write(
        dir, segment(v, 0, 1, List.of(Map.of(0, new int[] {7}))), Metric.EUCLIDEAN, 2);
    assertCorrupted(dir.resolve("seg-1.vzs"), () -> read(dir.resolve("seg-1.vzs")));
  }

  @Test
  void aSegmentWithANonFiniteComponentIsCorruption() throws IOException {
    float[][] v = {{1, 2}, {Float.NaN, 4}};
    SegmentFile.write(dir, segment(v, 0, 0, List.of()), Metric.EUCLIDEAN, 2);
    assertCorrupted(dir.resolve("seg-1.vzs"), () -> read(dir.resolve("seg-1.vzs")));
  }

  @Test
  void aSegmentWhoseCountsClaimGigabytesIsRefusedBeforeAllocating() throws IOException {
    float[][] v = {{1, 2}};
    Path file = dir.resolve("seg-1.vzs");
    SegmentFile.write(dir, segment(v, 0, 0, List.of()), Metric.EUCLIDEAN, 2);
    byte[] good = Files.readAllBytes(file);
    // The ordinal count (offset 21): 2^30 ordinals of 2 floats would ask for 8 GB.
    byte[] count = good.clone();
    ByteBuffer.wrap(count).order(ByteOrder.LITTLE_ENDIAN).putInt(21, 1 << 30);
    Files.write(file, StorageFuzzTest.FuzzChecksums.fixFooter(count, SegmentFile.END));
    assertCorrupted(file, () -> read(file));
    // The last graph offset (the edge count), after the header, vector, id, payload, entry, level.
    byte[] edges = good.clone();
    int at = 25 + 8 + 4 + 2 + 4 + 4 + 4 + 4;
    ByteBuffer.wrap(edges).order(ByteOrder.LITTLE_ENDIAN).putInt(at, Integer.MAX_VALUE - 7);
    Files.write(file, StorageFuzzTest.FuzzChecksums.fixFooter(edges, SegmentFile.END));
    assertCorrupted(file, () -> read(file));
  }

  // ---- WAL ----

  /** A store whose collection has one point in its log (LSN 1); returns the log file. */
  private Path storeWithOneLoggedPoint() throws IOException {
    try (VectorStore s = VectorStore.open(dir.resolve("data"))) {
      s.createCollection("docs", CollectionConfig.builder(4).metric(Metric.EUCLIDEAN).build())
          .upsert(Point.of("a", new float[] {1, 2, 3, 4}));
    }
    return WalReader.files(FileOpener.DIRECT, dir.resolve("data/collections/docs/wal")).getLast();
  }

  /** Opening is lazy: the collection is reported unavailable, naming the damaged file. */
  private void assertUnavailable(Path wal) {
    try (VectorStore s = VectorStore.open(dir.resolve("data"))) {
      CollectionUnavailableException e =
          assertThrows(CollectionUnavailableException.class, () -> s.collection("docs"));
      assertEquals(wal.toAbsolutePath(), e.file().toAbsolutePath(), e.getMessage());
      assertTrue(e.getCause() instanceof CorruptedDataException, e.getMessage());
    }
  }

  private static void append(Path wal, WalRecord record, long lsn) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    b = WalFormat.encode(List.of(record), lsn, b);
    b.flip();
    Files.write(wal, java.util.Arrays.copyOf(b.array(), b.limit()), StandardOpenOption.APPEND);
  }

  @Test
  void aLoggedUpsertOfAnotherDimensionIsCorruption() throws IOException {
    Path wal = storeWithOneLoggedPoint();
    append(wal, WalRecord.upsert("b", new float[] {1, 2, 3}, Map.of()), 2); // accepted before
    assertUnavailable(wal);
  }

  @Test
  void aLoggedNonFiniteComponentOrEmptyIdIsCorruption() throws IOException {
    Path wal = storeWithOneLoggedPoint();
    byte[] good = Files.readAllBytes(wal);
    // IllegalArgumentException from the engine's replay before, naming neither file nor record.
    append(wal, WalRecord.upsert("b", new float[] {1, Float.NaN, 3, 4}, Map.of()), 2);
    assertUnavailable(wal);
    Files.write(wal, good);
    append(wal, WalRecord.delete(""), 2);
    assertUnavailable(wal);
    Files.write(wal, good);
    try (VectorStore s = VectorStore.open(dir.resolve("data"))) {
      assertTrue(s.collection("docs").get("a").isPresent());
    }
  }
}
