package dev.vectorizer.internal.storage;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CorruptedDataException;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.Mutator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fuzzes every file parser of a durable collection (WAL records and headers, segment files, the
 * manifest, deletion files) with seeded mutations ({@link Mutator}) of a small real store made
 * here, both through the parser and through {@link VectorStore#open} followed by reads and
 * searches. Two flavours: <em>raw</em> mutations (checksums then mostly fail) and
 * <em>re-checksummed</em> ones (the checksums are recomputed, so the parsers' own checks are what
 * stands between the bytes and the engine).
 *
 * <p>The property: every input is either read, or refused with a {@link CorruptedDataException}
 * naming the damaged file; never another exception, a hang, or an {@link OutOfMemoryError}; and a
 * raw mutation that is read gives exactly the original data (for the WAL: the data of a prefix of
 * its records, a torn tail).
 *
 * <p>{@code -Dvectorizer.fuzz.iterations=N} per parser and flavour (150 by default, 10,000 with
 * {@code -Pstress}; one in ten goes through the public open path); {@code -Dvectorizer.fuzz.seed=S}
 * replays another sequence. Failing inputs are saved under {@code target/fuzz-failures/}.
 */
class StorageFuzzTest {
  private static final int DIM = 4;
  private static final List<String> IDS =
      java.util.stream.IntStream.range(0, 50).mapToObj(i -> "p" + i).toList();

  @TempDir static Path corpusDir;
  private static Path store;
  private static Path coll;
  private static Map<String, byte[]> originals;
  private static FuzzReads reads;

  @BeforeAll
  static void makeCorpus() throws IOException {
    store = corpusDir.resolve("store");
    try (VectorStore s = VectorStore.builder(store).sealThreshold(1_000_000).open()) {
      Collection c =
          s.createCollection(
              "docs",
              CollectionConfig.builder(DIM)
                  .metric(Metric.COSINE)
                  .maxDegree(4)
                  .beamWidth(8)
                  .build());
      c.upsert(points(0, 24));
      s.checkpoint(); // seg-1
      c.delete(List.of("p1", "p2"));
      c.upsert(points(24, 36));
      s.checkpoint(); // seg-2 and seg-1.del.1
      c.upsert(points(40, 41).get(0));
      c.upsert(points(41, 46));
      c.delete("p3");
      c.delete(List.of("p4", "p5", "p41"));
      c.upsert(points(0, 1).get(0)); // a replacement
    }
    coll = store.resolve("collections/docs");
    originals = new LinkedHashMap<>();
    for (String f : List.of("MANIFEST", "seg-1.vzs", "seg-1.del.1", "seg-2.vzs")) {
      originals.put(f, Files.readAllBytes(coll.resolve(f)));
    }
    List<Path> wal = WalReader.files(FileOpener.DIRECT, coll.resolve("wal"));
    assertTrue(wal.size() == 1, "the corpus has one WAL file: " + wal);
    originals.put("wal/" + wal.get(0).getFileName(), Files.readAllBytes(wal.get(0)));
    reads = new FuzzReads(store, coll, IDS, corpusDir.resolve("scratch"));
  }

  private static List<Point> points(int from, int to) {
    List<Point> out = new ArrayList<>();
    Random r = new Random(from);
    for (int i = from; i < to; i++) {
      float[] v = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        v[d] = (float) r.nextGaussian();
      }
      out.add(
          Point.of(
              "p" + i,
              v,
              Map.of(
                  "i", i, "tag", i % 2 == 0 ? "even" : "ödd", "nested", Map.of("x", List.of(i)))));
    }
    return out;
  }

  private static String fileOf(String kind) {
    return switch (kind) {
      case "manifest" -> "MANIFEST";
      case "segment" -> "seg-1.vzs";
      case "deletions" -> "seg-1.del.1";
      default -> originals.keySet().stream().filter(f -> f.startsWith("wal/")).findFirst().get();
    };
  }

  @ParameterizedTest(name = "{0}, {1}")
  @CsvSource({
    "wal, raw",
    "wal, rechecksummed",
    "segment, raw",
    "segment, rechecksummed",
    "manifest, raw",
    "manifest, rechecksummed",
    "deletions, raw",
    "deletions, rechecksummed"
  })
  void malformedInputIsReadOrRefusedNamingTheFile(String kind, String flavour) throws Exception {
    int iterations = Integer.getInteger("vectorizer.fuzz.iterations", 150);
    long seed = Long.getLong("vectorizer.fuzz.seed", 15L) ^ (kind + flavour).hashCode();
    String name = fileOf(kind);
    byte[] original = originals.get(name);
    List<byte[]> others = new ArrayList<>(originals.values());
    boolean raw = flavour.equals("raw");
    List<String> failures = new ArrayList<>();
    assertTimeoutPreemptively(
        Duration.ofSeconds(120 + iterations / 5),
        () -> {
          for (int i = 0; i < iterations && failures.size() < 10; i++) {
            Random r = new Random(seed * 31 + i);
            byte[] input = Mutator.mutate(original, r, others);
            if (!raw) {
              input = FuzzChecksums.fix(kind, input, r);
            }
            boolean publicPath = i % 10 == 9;
            String failure = reads.check(kind, name, input, raw, publicPath);
            if (failure != null) {
              failures.add(save(kind, flavour, seed, i, input) + ": " + failure);
            }
          }
        });
    assertTrue(
        failures.isEmpty(),
        failures.size() + " failures (seed " + seed + "):\n" + String.join("\n", failures));
  }

  private static String save(String kind, String flavour, long seed, int i, byte[] input)
      throws IOException {
    Path dir = Path.of("target", "fuzz-failures");
    Files.createDirectories(dir);
    Path f = dir.resolve(kind + "-" + flavour + "-" + seed + "-" + i + ".bin");
    Files.write(f, input);
    return "iteration " + i + " (" + f + ")";
  }

  /** Checksums recomputed after a mutation, and mutations inside one WAL record's body. */
  static final class FuzzChecksums {
    private FuzzChecksums() {}

    static byte[] fix(String kind, byte[] b, Random r) {
      return switch (kind) {
        case "wal" -> fixWal(r.nextBoolean() ? mutateOneRecord(b, r) : b);
        case "segment" -> fixFooter(b, SegmentFile.END);
        case "deletions" -> fixFooter(b, DeletionFile.END);
        default -> fixFooter(r.nextBoolean() ? mutateManifestJson(b, r) : b, Manifest.END);
      };
    }

    static byte[] fixFooter(byte[] b, String end) {
      if (b.length < 16) {
        return b;
      }
      ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      bb.putInt(b.length - 8, WalFormat.crc(b, 0, b.length - 8));
      bb.put(b.length - 4, end.getBytes(StandardCharsets.US_ASCII));
      return b;
    }

    /** Recomputes the header's checksum and, record by record, the length and body checksums. */
    static byte[] fixWal(byte[] b) {
      if (b.length < WalFormat.HEADER) {
        return b;
      }
      ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      bb.putInt(16, WalFormat.crc(b, 0, 16));
      int pos = WalFormat.HEADER;
      while (pos + WalFormat.RECORD_HEADER <= b.length) {
        int len = bb.getInt(pos);
        if (len < WalFormat.MIN_BODY || len > b.length - pos - WalFormat.RECORD_HEADER) {
          break;
        }
        bb.putInt(pos + 4, WalFormat.crc(b, pos, 4));
        bb.putInt(pos + 8, WalFormat.crc(b, pos + WalFormat.RECORD_HEADER, len));
        pos += WalFormat.RECORD_HEADER + len;
      }
      return b;
    }

    /** Mutates the body of one record of an intact WAL file, keeping its length field true. */
    static byte[] mutateOneRecord(byte[] b, Random r) {
      List<int[]> records = new ArrayList<>();
      ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      for (int pos = WalFormat.HEADER; pos + WalFormat.RECORD_HEADER <= b.length; ) {
        int len = bb.getInt(pos);
        if (len < WalFormat.MIN_BODY || len > b.length - pos - WalFormat.RECORD_HEADER) {
          break;
        }
        records.add(new int[] {pos, len});
        pos += WalFormat.RECORD_HEADER + len;
      }
      if (records.isEmpty()) {
        return b;
      }
      int[] rec = records.get(r.nextInt(records.size()));
      int bodyStart = rec[0] + WalFormat.RECORD_HEADER;
      byte[] body = java.util.Arrays.copyOfRange(b, bodyStart, bodyStart + rec[1]);
      // Keep the LSN (the first 8 bytes) most of the time, so the record's content is what is read.
      byte[] mutated = Mutator.mutate(body, r, List.of());
      if (r.nextInt(4) > 0 && mutated.length >= 8) {
        System.arraycopy(body, 0, mutated, 0, 8);
      }
      ByteBuffer out =
          ByteBuffer.allocate(b.length - rec[1] + mutated.length).order(ByteOrder.LITTLE_ENDIAN);
      out.put(b, 0, rec[0]).putInt(mutated.length).putInt(0).putInt(0).put(mutated);
      out.put(b, bodyStart + rec[1], b.length - bodyStart - rec[1]);
      return out.array();
    }

    /** Replaces the manifest's JSON with a mutated one (valid length prefix). */
    static byte[] mutateManifestJson(byte[] b, Random r) {
      if (b.length < 20) {
        return b;
      }
      ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      int len = bb.getInt(8);
      if (len < 0 || len > b.length - 20) {
        return b;
      }
      String json = new String(b, 12, len, StandardCharsets.UTF_8);
      String[] numbers = {"-1", "0", "2147483648", "9223372036854775807", "1e400", "\"x\"", "null"};
      String mutated =
          switch (r.nextInt(4)) {
            case 0 ->
                json.replaceFirst(
                    ":(-?[0-9.]+)(?=[,}])",
                    ":" + numbers[r.nextInt(numbers.length)]); // first number only
            case 1 ->
                json.replaceAll(
                    "\"("
                        + pick(r, "count", "id", "deletedGeneration", "lsn", "nextSegmentId")
                        + ")\":"
                        + "(-?[0-9]+)",
                    "\"$1\":" + numbers[r.nextInt(numbers.length)]);
            case 2 ->
                json.replace(
                    "\"" + pick(r, "config", "segments", "name", "metric", "dimension") + "\"",
                    "\"renamed\"");
            default ->
                new String(
                    Mutator.mutate(json.getBytes(StandardCharsets.UTF_8), r, List.of()),
                    StandardCharsets.UTF_8);
          };
      byte[] j = mutated.getBytes(StandardCharsets.UTF_8);
      ByteBuffer out = ByteBuffer.allocate(20 + j.length).order(ByteOrder.LITTLE_ENDIAN);
      out.put(b, 0, 8).putInt(j.length).put(j).putInt(0).putInt(0);
      return out.array();
    }

    private static String pick(Random r, String... options) {
      return options[r.nextInt(options.length)];
    }
  }
}
