package dev.vectorizer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL a child JVM while it writes a large backup, at random moments: the half-written archive
 * is never listed as a good backup, the next backup of the store removes the temporary file and
 * records the outcome, and every archive the catalog calls good restores. The default run kills 3
 * times; {@code -Pstress} many more ({@code -Dvectorizer.backup.kills=N}).
 */
class KilledBackupTest {
  private static final int POINTS = 10_000;
  @TempDir Path dir;

  @Test
  void aKilledCreateLeavesNothingThatBreaksLaterRuns() throws Exception {
    int kills = Integer.getInteger("vectorizer.backup.kills", 3);
    Random random = new Random(20261203L);
    Path data = dir.resolve("data");
    Path out = dir.resolve("backups");
    try (VectorStore store =
        VectorStore.builder(data).durability(Durability.NONE).sealThreshold(100_000).open()) {
      Collection c = store.createCollection("big", CollectionConfig.builder(48).build());
      List<Point> batch = new ArrayList<>();
      for (int i = 0; i < POINTS; i++) {
        float[] v = new float[48];
        for (int d = 0; d < 48; d++) {
          v[d] = random.nextFloat() - 0.5f;
        }
        batch.add(Point.of("p" + i, v, Map.of("i", i)));
      }
      c.upsert(batch);
      store.checkpoint();
    }
    // One uninterrupted run measures how long a create takes in a child.
    long start = System.nanoTime();
    Process first = child(data, out.resolve("first.tar.gz"));
    assertEquals("done", readUntilDone(first));
    long createNanos = System.nanoTime() - start;

    int killedMidway = 0;
    for (int k = 0; k < kills; k++) {
      Path archive = out.resolve("killed-" + k + ".tar.gz");
      Process p = child(data, archive);
      BufferedReader r = reader(p);
      assertEquals("open", r.readLine());
      Thread.sleep((long) (random.nextDouble() * createNanos / 1_000_000));
      p.destroyForcibly(); // SIGKILL on Unix
      p.waitFor();
      if (!Files.exists(archive)) {
        killedMidway++;
      }
      // Whatever the moment, the catalog never calls an unreadable archive good.
      for (BackupCatalog.Entry e : BackupCatalog.of(data).list(true).entries()) {
        if (e.status() == BackupCatalog.Status.OK) {
          BackupManager.verify(e.file());
        }
      }
      assertTrue(
          BackupManager.list(out).stream().allMatch(b -> Files.exists(b.file())),
          "a partial file is never listed");
    }

    // The next backup cleans up after the killed ones, and everything it lists as good restores.
    try (VectorStore store = VectorStore.open(data)) {
      BackupManager m = new BackupManager(store, Clock.systemUTC());
      m.full("big", out.resolve("after.tar.gz"), true);
      try (Stream<Path> s = Files.list(out)) {
        List<String> partials =
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".partial")).toList();
        assertEquals(List.of(), partials);
      }
      BackupCatalog.Listing l = m.catalog().orElseThrow().list(true);
      assertEquals(List.of(), l.warnings());
      for (BackupCatalog.Entry e : l.entries()) {
        assertEquals(BackupCatalog.Status.OK, e.status(), e.toString());
        BackupManager.verify(e.file());
      }
      assertEquals(POINTS, m.restore(l.entries().get(0).file(), "restored", true).count());
      // Archives that were renamed into place before the kill are recorded; the others are not.
      try (Stream<Path> s = Files.list(out)) {
        assertEquals(s.filter(p -> p.toString().endsWith(".tar.gz")).count(), l.entries().size());
      }
    }
    System.out.println(
        "KilledBackupTest: "
            + kills
            + " kills, "
            + killedMidway
            + " before the archive was in place; a create takes "
            + createNanos / 1_000_000
            + " ms in a child");
  }

  private static BufferedReader reader(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }

  private static String readUntilDone(Process p) throws Exception {
    BufferedReader r = reader(p);
    String line;
    String last = null;
    while ((line = r.readLine()) != null) {
      last = line;
    }
    assertEquals(0, p.waitFor());
    return last;
  }

  private static Process child(Path data, Path archive) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BackupChild.class.getName());
    cmd.add(data.toString());
    cmd.add("big");
    cmd.add(archive.toString());
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
