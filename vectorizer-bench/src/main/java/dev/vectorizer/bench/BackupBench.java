package dev.vectorizer.bench;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import dev.vectorizer.backup.BackupInfo;
import dev.vectorizer.backup.BackupManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Backup throughput: full backup MB/s with and without compression, the size of an incremental
 * backup after changing 1% of the points relative to a full one, and restore MB/s.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar vectorizer-bench/target/vectorizer-bench.jar \
 *   backup --n 200000 --dim 128
 * </pre>
 */
final class BackupBench {
  private BackupBench() {}

  static void run(Args a) throws IOException {
    int n = a.integer("n", 200_000);
    int dim = a.integer("dim", 128);
    Path dir = Files.createTempDirectory("vectorizer-backup-bench");
    try (VectorStore store =
        VectorStore.builder(dir.resolve("data")).durability(Durability.NONE).open()) {
      float[][] base = VectorFiles.clustered(42, n, dim, 64);
      Collection c = store.createCollection("bench", CollectionConfig.of(dim));
      List<Point> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(Point.of(Integer.toString(i), base[i], Map.of("i", i)));
        if (batch.size() == 10_000) {
          c.upsert(batch);
          batch.clear();
        }
      }
      c.upsert(batch);
      store.checkpoint();
      long dataBytes = StorageBenchSize.of(dir.resolve("data"));
      BackupManager m = new BackupManager(store, Clock.systemUTC());
      Path backups = Files.createDirectories(dir.resolve("backups"));
      System.out.printf("collection: %d x %d, %.1f MB on disk%n", n, dim, dataBytes / 1e6);

      long t0 = System.nanoTime();
      BackupInfo gz = m.full("bench", backups.resolve("full.tar.gz"), true);
      double gzS = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      BackupInfo tar = m.full("bench", backups.resolve("full.tar"), false);
      double tarS = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "full backup, gzip:  %.2f s, %.0f MB/s of data, archive %.1f MB%n",
          gzS, dataBytes / 1e6 / gzS, gz.sizeBytes() / 1e6);
      System.out.printf(
          "full backup, plain: %.2f s, %.0f MB/s of data, archive %.1f MB%n",
          tarS, dataBytes / 1e6 / tarS, tar.sizeBytes() / 1e6);

      float[][] changed = VectorFiles.clustered(43, n / 100, dim, 64);
      List<Point> updates = new ArrayList<>();
      for (int i = 0; i < changed.length; i++) {
        updates.add(Point.of(Integer.toString(i * 100), changed[i], Map.of("i", i, "v", 2)));
      }
      c.upsert(updates);
      BackupInfo inc =
          m.incremental(
              "bench", backups.resolve("inc.tar.gz"), backups.resolve("full.tar.gz"), true);
      System.out.printf(
          "incremental after changing 1%% of the points: %.2f MB = %.1f%% of the full backup%n",
          inc.sizeBytes() / 1e6, 100.0 * inc.sizeBytes() / gz.sizeBytes());

      t0 = System.nanoTime();
      m.restore(backups.resolve("full.tar.gz"), "restored-gz", false);
      double rGz = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      m.restore(backups.resolve("full.tar"), "restored-tar", false);
      double rTar = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "restore (verify, extract, import, open): gzip %.2f s (%.0f MB/s), plain %.2f s (%.0f MB/s)%n",
          rGz, dataBytes / 1e6 / rGz, rTar, dataBytes / 1e6 / rTar);
    } finally {
      StorageBench.deleteTree(dir);
    }
  }

  /** Sizes of directory trees. */
  static final class StorageBenchSize {
    static long of(Path dir) throws IOException {
      try (var s = Files.walk(dir)) {
        return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
    }
  }
}
