package dev.vectorizer.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionExistsException;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.Quantization;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupTest {
  private static final int DIM = 16;
  @TempDir Path dir;
  VectorStore store;
  BackupManager backups;
  Path out;

  @BeforeEach
  void open() throws IOException {
    store = VectorStore.builder(dir.resolve("data")).sealThreshold(300).open();
    backups = new BackupManager(store, Clock.systemUTC());
    out = Files.createDirectories(dir.resolve("backups"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  static float[] vector(long seed) {
    Random r = new Random(seed);
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  private Collection populated(String name, int n) {
    Collection c =
        store.createCollection(
            name,
            CollectionConfig.builder(DIM).metric(Metric.EUCLIDEAN).exactSearchThreshold(0).build());
    List<Point> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(Point.of("p" + i, vector(i), Map.of("i", i, "tag", i % 3 == 0 ? "a" : "b")));
    }
    c.upsert(batch);
    return c;
  }

  /** Everything a collection holds, by id. */
  static Map<String, Point> contents(Collection c, int maxId) {
    Map<String, Point> m = new HashMap<>();
    for (int i = 0; i < maxId; i++) {
      c.get("p" + i).ifPresent(p -> m.put(p.id(), p));
    }
    return m;
  }

  static List<List<String>> answers(Collection c) {
    List<List<String>> out = new ArrayList<>();
    for (int q = 0; q < 20; q++) {
      out.add(
          c.search(SearchRequest.of(vector(10_000 + q)).limit(10)).stream().map(Hit::id).toList());
    }
    return out;
  }

  @Test
  void fullBackupRoundTripsExactly() {
    Collection c = populated("docs", 1000);
    c.delete(List.of("p1", "p2", "p3"));
    c.upsert(Point.of("p5", vector(99), Map.of("moved", true)));
    Path archive = out.resolve("docs-full.tar.gz");
    BackupInfo info = backups.full("docs", archive, true);
    assertEquals("full", info.type());
    assertEquals(997, info.points());
    assertEquals(1, BackupManager.verify(archive).size());

    Collection restored = backups.restore(archive, "copy", false);
    assertEquals(c.config(), restored.config());
    assertEquals(c.count(), restored.count());
    Map<String, Point> want = contents(c, 1000);
    Map<String, Point> got = contents(restored, 1000);
    assertEquals(want.keySet(), got.keySet());
    for (Map.Entry<String, Point> e : want.entrySet()) {
      assertArrayEquals(e.getValue().vector(), got.get(e.getKey()).vector(), e.getKey());
      assertEquals(e.getValue().payload(), got.get(e.getKey()).payload(), e.getKey());
    }
    assertEquals(answers(c), answers(restored));
    assertThrows(CollectionExistsException.class, () -> backups.restore(archive, "copy", false));
  }

  @Test
  void aQuantizedCollectionRestoresWithItsCodes() throws IOException {
    Path data = dir.resolve("quantized");
    try (VectorStore qs = VectorStore.builder(data).sealThreshold(1_500).open()) {
      Collection c =
          qs.createCollection(
              "q",
              CollectionConfig.builder(DIM)
                  .metric(Metric.EUCLIDEAN)
                  .quantization(Quantization.PQ)
                  .exactSearchThreshold(0)
                  .build());
      List<Point> batch = new ArrayList<>();
      for (int i = 0; i < 3_000; i++) {
        batch.add(Point.of("p" + i, vector(i)));
      }
      c.upsert(batch);
      qs.checkpoint(); // sealed segments of 1,500+ points, each with PQ codes
      BackupManager mgr = new BackupManager(qs, Clock.systemUTC());
      Path archive = out.resolve("q-full.tar");
      mgr.full("q", archive, false);
      Collection restored = mgr.restore(archive, "copy", false);
      assertEquals(Quantization.PQ, restored.config().quantization());
      assertEquals(answers(c), answers(restored));
      List<Path> source = segmentFiles(data.resolve("collections").resolve("q"));
      assertTrue(!source.isEmpty(), "sealed segments " + source);
      for (Path seg : source) {
        Path copy = data.resolve("collections").resolve("copy").resolve(seg.getFileName());
        assertArrayEquals(
            Files.readAllBytes(seg), Files.readAllBytes(copy), "codes travel in " + seg);
      }
    }
  }

  private static List<Path> segmentFiles(Path collectionDir) throws IOException {
    try (var files = Files.list(collectionDir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".vzs")).sorted().toList();
    }
  }

  @Test
  void anIncrementalChainOfThreeRestoresExactly() {
    Collection c = populated("docs", 900);
    Path full = out.resolve("1-full.tar.gz");
    backups.full("docs", full, true);
    c.delete(List.of("p10", "p11"));
    c.upsert(Point.of("p900", vector(900), Map.of("i", 900)));
    Path inc1 = out.resolve("2-inc.tar.gz");
    BackupInfo i1 = backups.incremental("docs", inc1, full, true);
    c.upsert(Point.of("p12", vector(1234), Map.of("changed", 1)));
    c.delete("p500");
    for (int i = 901; i < 909; i++) {
      c.upsert(Point.of("p" + i, vector(i), Map.of("i", i)));
    }
    Path inc2 = out.resolve("3-inc.tar");
    BackupInfo i2 = backups.incremental("docs", inc2, inc1, false);
    assertEquals(i1.id(), i2.parent());
    assertTrue(
        i2.sizeBytes() < 0.5 * full.toFile().length() * 3,
        "incremental " + i2.sizeBytes() + " vs full " + full.toFile().length());
    Map<String, Point> want = contents(c, 1000);
    long count = c.count();
    c.upsert(Point.of("p1", vector(-1), Map.of("after", "backup"))); // not in the backups

    assertEquals(3, BackupManager.verify(inc2).size());
    Collection restored = backups.restore(inc2, "docs", true);
    assertEquals(count, restored.count());
    Map<String, Point> got = contents(restored, 1000);
    assertEquals(want.keySet(), got.keySet());
    for (Map.Entry<String, Point> e : want.entrySet()) {
      assertArrayEquals(e.getValue().vector(), got.get(e.getKey()).vector(), e.getKey());
      assertEquals(e.getValue().payload(), got.get(e.getKey()).payload(), e.getKey());
    }
    assertEquals(3, BackupManager.list(out).size());
  }

  @Test
  void aBackupTakenWhileFourThreadsWriteHoldsAConsistentCut() throws Exception {
    Collection c =
        store.createCollection(
            "live", CollectionConfig.builder(DIM).metric(Metric.EUCLIDEAN).build());
    int writers = 4;
    List<Thread> threads = new ArrayList<>();
    Map<Integer, List<String>> logs = new ConcurrentHashMap<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    long deadline = System.nanoTime() + 2_000_000_000L;
    for (int w = 0; w < writers; w++) {
      int writer = w;
      List<String> log = new ArrayList<>();
      logs.put(w, log);
      threads.add(
          new Thread(
              () -> {
                try {
                  for (int seq = 0; System.nanoTime() < deadline; seq++) {
                    // writer w cycles over its own 50 ids; each op records its sequence number
                    String id = "w" + writer + "-" + (seq % 50);
                    if (seq % 7 == 6) {
                      c.delete(id);
                    } else {
                      c.upsert(Point.of(id, vector(writer * 1_000_000L + seq), Map.of("seq", seq)));
                    }
                    log.add(id);
                  }
                } catch (Throwable t) {
                  failures.add(t);
                }
              }));
    }
    threads.forEach(Thread::start);
    Thread.sleep(700);
    Path archive = out.resolve("during.tar.gz");
    BackupInfo info = backups.full("live", archive, true);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(List.of(), failures);

    Collection restored = backups.restore(archive, "restored", false);
    assertEquals(info.points(), restored.count());
    // Per writer, the restored state must be exactly the state after some prefix of its ops.
    for (int w = 0; w < writers; w++) {
      int maxSeq = -1;
      for (int k = 0; k < 50; k++) {
        var p = restored.get("w" + w + "-" + k);
        if (p.isPresent()) {
          maxSeq = Math.max(maxSeq, ((Number) p.get().payload().get("seq")).intValue());
        }
      }
      int prefix = maxSeq; // ops 0..prefix applied (a trailing delete may follow; checked below)
      for (int extra = 0; extra <= 1; extra++) {
        int upto = prefix + extra;
        if (stateMatches(restored, w, upto)) {
          prefix = -2;
          break;
        }
      }
      assertEquals(-2, prefix, "writer " + w + ": the restored state is not a prefix of its ops");
    }
  }

  private static boolean stateMatches(Collection restored, int w, int upto) {
    Map<String, Integer> expected = new HashMap<>();
    for (int seq = 0; seq <= upto; seq++) {
      String id = "w" + w + "-" + (seq % 50);
      if (seq % 7 == 6) {
        expected.remove(id);
      } else {
        expected.put(id, seq);
      }
    }
    for (int k = 0; k < 50; k++) {
      String id = "w" + w + "-" + k;
      var p = restored.get(id);
      Integer want = expected.get(id);
      if (want == null ? p.isPresent() : p.isEmpty()) {
        return false;
      }
      if (want != null) {
        if (((Number) p.get().payload().get("seq")).intValue() != want) {
          return false;
        }
        if (!java.util.Arrays.equals(p.get().vector(), vector(w * 1_000_000L + want))) {
          return false;
        }
      }
    }
    return true;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"flipped byte", "truncated", "format version", "path traversal", "symlink"})
  void badArchivesAreRefusedAndTheLiveCollectionIsUntouched(String damage) throws Exception {
    Collection c = populated("docs", 400);
    Path good = out.resolve("good.tar");
    backups.full("docs", good, false);
    c.upsert(Point.of("p0", vector(4242), Map.of("live", true)));
    List<List<String>> liveAnswers = answers(c);
    long liveCount = c.count();
    Path bad = out.resolve("bad.tar");
    switch (damage) {
      case "flipped byte" -> {
        Files.copy(good, bad);
        try (RandomAccessFile raf = new RandomAccessFile(bad.toFile(), "rw")) {
          long at = raf.length() / 2;
          raf.seek(at);
          int b = raf.read();
          raf.seek(at);
          raf.write(b ^ 0x01);
        }
      }
      case "truncated" -> {
        byte[] bytes = Files.readAllBytes(good);
        Files.write(bad, java.util.Arrays.copyOf(bytes, bytes.length / 2));
      }
      case "format version" -> rewrite(good, bad, "\"format\" : 1", "\"format\" : 99", null, false);
      case "path traversal" -> rewrite(good, bad, null, null, "../../evil", false);
      default -> rewrite(good, bad, null, null, "files/link", true);
    }
    BackupException e =
        assertThrows(BackupException.class, () -> backups.restore(bad, "docs", true));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    String expected =
        switch (damage) {
          case "format version" -> "format version 99 is not supported";
          case "path traversal" -> "unsafe path";
          case "symlink" -> "is a link";
          default -> bad.toString();
        };
    assertTrue(e.getMessage().contains(expected), damage + ": " + e.getMessage());
    assertThrows(BackupException.class, () -> BackupManager.verify(bad));
    assertEquals(liveCount, c.count());
    assertEquals(liveAnswers, answers(c));
    assertEquals(Map.of("live", true), c.get("p0").orElseThrow().payload());
  }

  @Test
  void aFlippedByteAnywhereInACompressedArchiveIsRefused() throws Exception {
    populated("docs", 300);
    Path good = out.resolve("good.tar.gz");
    backups.full("docs", good, true);
    byte[] bytes = Files.readAllBytes(good);
    for (int percent = 5; percent < 100; percent += 10) {
      byte[] damaged = bytes.clone();
      int at = Math.min(bytes.length - 1, bytes.length * percent / 100);
      damaged[at] ^= 0x01;
      Path bad = out.resolve("bad-" + percent + ".tar.gz");
      Files.write(bad, damaged);
      assertThrows(
          BackupException.class, () -> BackupManager.verify(bad), "byte " + at + " flipped");
    }
  }

  /** Copies an archive, optionally editing the manifest and adding a hostile entry. */
  private static void rewrite(
      Path from, Path to, String find, String replace, String extraEntry, boolean symlink)
      throws IOException {
    try (var in =
            new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                Archive.decompressed(from));
        OutputStream os = Files.newOutputStream(to);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
      TarArchiveEntry e;
      byte[] editedManifest = null;
      while ((e = in.getNextEntry()) != null) {
        byte[] body = in.readAllBytes();
        if (e.getName().equals(Archive.MANIFEST) && find != null) {
          String text = new String(body, StandardCharsets.UTF_8);
          assertTrue(text.contains(find), text);
          body = text.replace(find, replace).getBytes(StandardCharsets.UTF_8);
          editedManifest = body;
        }
        if (e.getName().equals(Archive.MANIFEST_SUM) && editedManifest != null) {
          body =
              java.util.HexFormat.of()
                  .formatHex(Archive.sha256().digest(editedManifest))
                  .getBytes(StandardCharsets.US_ASCII);
        }
        TarArchiveEntry copy = new TarArchiveEntry(e.getName());
        copy.setSize(body.length);
        tar.putArchiveEntry(copy);
        tar.write(body);
        tar.closeArchiveEntry();
        if (e.getName().equals(Archive.MANIFEST_SUM) && extraEntry != null) {
          TarArchiveEntry hostile;
          if (symlink) {
            hostile = new TarArchiveEntry(extraEntry, TarArchiveEntry.LF_SYMLINK);
            hostile.setLinkName("/etc/passwd");
            tar.putArchiveEntry(hostile);
          } else {
            hostile = new TarArchiveEntry(extraEntry, true);
            byte[] evil = "evil".getBytes(StandardCharsets.UTF_8);
            hostile.setSize(evil.length);
            tar.putArchiveEntry(hostile);
            tar.write(evil);
          }
          tar.closeArchiveEntry();
        }
      }
    }
  }
}
