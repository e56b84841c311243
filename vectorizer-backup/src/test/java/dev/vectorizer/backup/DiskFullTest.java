package dev.vectorizer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import dev.vectorizer.VectorizerException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up during a backup or a restore (an output that fails after a budget of bytes,
 * as a full file system does): a clean error, no archive or temporary file left behind, the catalog
 * not listing it, and the live data untouched.
 */
class DiskFullTest {
  @TempDir Path dir;
  Path data;
  VectorStore store;
  Collection docs;

  @BeforeEach
  void open() {
    data = dir.resolve("data");
    store = VectorStore.builder(data).sealThreshold(400).open();
    docs = store.createCollection("docs", CollectionConfig.of(32));
    List<Point> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      batch.add(Point.of("p" + i, vector(i), Map.of("i", i)));
    }
    docs.upsert(batch);
  }

  static float[] vector(int i) {
    float[] v = new float[32];
    for (int d = 0; d < 32; d++) {
      v[d] = (float) Math.sin(i * 31 + d);
    }
    return v;
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Files open normally, but the process may write only {@code budget} more bytes in all. */
  static Archive.Output diskWithRoomFor(long budget) {
    AtomicLong left = new AtomicLong(budget);
    return file ->
        new FilterOutputStream(Files.newOutputStream(file)) {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (left.addAndGet(-len) < 0) {
              throw new IOException("No space left on device");
            }
            out.write(b, off, len);
          }
        };
  }

  private static List<String> filesIn(Path d) throws IOException {
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aBackupThatRunsOutOfSpaceLeavesNothingBehind() throws IOException {
    Path folder = dir.resolve("backups");
    long size =
        Files.size(
            new BackupManager(store, Clock.systemUTC())
                .full("docs", dir.resolve("probe.tar.gz"), true)
                .file());
    BackupCatalog catalog = BackupCatalog.of(data);
    for (long budget : new long[] {0, 100, 512, size / 2, size * 9 / 10}) {
      Path out = folder.resolve("full-" + budget + ".tar.gz");
      BackupManager full = new BackupManager(store, Clock.systemUTC(), diskWithRoomFor(budget));
      VectorizerException e =
          assertThrows(VectorizerException.class, () -> full.full("docs", out, true));
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
      assertFalse(Files.exists(out));
      assertEquals(List.of(), filesIn(folder), "budget " + budget);
      assertEquals(1, catalog.list(false).entries().size(), "only the probe is listed");
    }
    assertEquals(1000, docs.count());
    BackupInfo good =
        new BackupManager(store, Clock.systemUTC()).full("docs", folder.resolve("ok.tar.gz"), true);
    assertEquals(
        1000,
        new BackupManager(store, Clock.systemUTC()).restore(good.file(), "copy", false).count());
    assertEquals(List.of("ok.tar.gz"), filesIn(folder));
  }

  @Test
  void aRestoreThatRunsOutOfSpaceLeavesTheLiveCollectionAlone() throws IOException {
    Path archive = dir.resolve("full.tar.gz");
    new BackupManager(store, Clock.systemUTC()).full("docs", archive, true);
    docs.upsert(Point.of("after", vector(-1), Map.of("live", true)));
    List<String> dataFiles = filesIn(data);
    for (long budget : new long[] {0, 4096, 100_000}) {
      BackupManager m = new BackupManager(store, Clock.systemUTC(), diskWithRoomFor(budget));
      VectorizerException e =
          assertThrows(VectorizerException.class, () -> m.restore(archive, "docs", true));
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      assertTrue(e.getMessage().contains("cannot write"), e.getMessage());
      assertTrue(e.getMessage().contains(archive.toString()), e.getMessage());
      assertFalse(e instanceof BackupException, "the archive is fine: " + e.getMessage());
      assertEquals(1001, docs.count());
      assertEquals(Map.of("live", true), docs.get("after").orElseThrow().payload());
      assertEquals(dataFiles, filesIn(data), "no staging directory left");
    }
    assertEquals(
        1000, new BackupManager(store, Clock.systemUTC()).restore(archive, "docs", true).count());
  }
}
