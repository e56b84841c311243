package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.Hit;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.storage.CollectionStorage;
import dev.vectorizer.internal.storage.Manifest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM with SIGKILL while it bulk-loads, replaces points in batches (so that its head
 * is rebuilt in the background again and again) and deletes; reopens the store and checks that
 * every acknowledged operation survived, that the operation in flight was applied whole or not at
 * all, and that nothing the model lacks is there. A quarter of {@code -Dvectorizer.crash.kills}
 * kills (5 by default; the stress profile raises it). The child acknowledges with {@code
 * Durability.NONE}: a killed process keeps what reached the OS.
 */
class LifecycleCrashTest {
  @TempDir Path dir;

  @Test
  void bulkLoadsAndBackgroundRebuildsSurviveSigkill() throws Exception {
    int kills = Math.max(4, Integer.getInteger("vectorizer.crash.kills", 20) / 4);
    long seed = 20261203L;
    Random timing = new Random(seed);
    Map<String, float[]> model = new HashMap<>();
    long nextOp = 0;
    int rebuilds = 0;
    int bulks = 0;
    Path data = dir.resolve("data");
    for (int cycle = 0; cycle < kills; cycle++) {
      Path ackFile = dir.resolve("acks-" + cycle);
      Path log = dir.resolve("log-" + cycle);
      Process child = startChild(data, seed, nextOp, ackFile, log);
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String ready = lines.readLine();
      if (!"READY".equals(ready)) {
        child.destroyForcibly();
        throw new AssertionError(
            "child did not start: "
                + ready
                + " (exit "
                + child.waitFor()
                + ") "
                + Files.readString(log));
      }
      if (cycle == 0) {
        awaitFirstRebuild(log); // later cycles start with a replayed head full of garbage
      }
      Thread.sleep(300 + timing.nextInt(2_500));
      child.destroyForcibly(); // SIGKILL on Unix
      child.waitFor();
      long acked = nextOp - 1;
      for (String line : Files.readAllLines(ackFile)) {
        if (line.startsWith("A ")) {
          acked = Long.parseLong(line.substring(2));
        }
      }
      rebuilds += rebuildsIn(log);
      for (long i = nextOp; i <= acked; i++) {
        LifecycleCrashChild.Op op = LifecycleCrashChild.op(seed, i);
        bulks += op.bulk() ? 1 : 0;
        apply(model, op);
      }
      LifecycleCrashChild.Op inFlight = LifecycleCrashChild.op(seed, acked + 1);
      try (VectorStore store = LifecycleCrashChild.open(data)) {
        Collection c = store.collection("crash");
        if (applied(c, inFlight)) {
          apply(model, inFlight);
        }
        verify(c, model, "after kill " + (cycle + 1) + " (op " + (acked + 1) + " in flight)");
      }
      assertOnlyNamedSegmentFiles(data.resolve("collections/crash"));
      nextOp = acked + 2;
    }
    assertTrue(rebuilds > 0, "the child rebuilt its head in the background");
    assertTrue(bulks > 0, "the child finished bulk loads");
  }

  /** Waits (boundedly) until the child logs a finished background head rebuild. */
  private static void awaitFirstRebuild(Path log) throws Exception {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (rebuildsIn(log) == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the child never rebuilt its head: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
  }

  /** The background head rebuilds a child logged (HeadRebuilder logs each at debug level). */
  private static int rebuildsIn(Path log) throws Exception {
    if (!Files.exists(log)) {
      return 0;
    }
    int n = 0;
    for (String line : Files.readAllLines(log)) {
      n += line.contains("rebuilt the head in the background") ? 1 : 0;
    }
    return n;
  }

  /** Whether the operation in flight was applied (whole: verify checks every id afterwards). */
  private static boolean applied(Collection c, LifecycleCrashChild.Op op) {
    if (op.deleted() != null) {
      return c.get(op.deleted()).isEmpty();
    }
    Map<String, float[]> last = new HashMap<>();
    op.points().forEach(p -> last.put(p.id(), p.vector()));
    Map.Entry<String, float[]> any = last.entrySet().iterator().next();
    Optional<Point> actual = c.get(any.getKey());
    return actual.isPresent() && Arrays.equals(actual.get().vector(), any.getValue());
  }

  private static void apply(Map<String, float[]> model, LifecycleCrashChild.Op op) {
    if (op.deleted() != null) {
      model.remove(op.deleted());
    } else {
      op.points().forEach(p -> model.put(p.id(), p.vector()));
    }
  }

  private static void verify(Collection c, Map<String, float[]> model, String when) {
    for (int k = 0; k < LifecycleCrashChild.IDS; k++) {
      String id = "k" + k;
      float[] expected = model.get(id);
      Optional<Point> actual = c.get(id);
      if (expected == null) {
        assertTrue(actual.isEmpty(), when + ": deleted " + id + " is back");
      } else {
        assertTrue(actual.isPresent(), when + ": acknowledged " + id + " is lost");
        assertArrayEquals(expected, actual.get().vector(), when + ": " + id);
      }
    }
    assertEquals(model.size(), c.count(), when + ": count");
    List<String> ids = new ArrayList<>(model.keySet());
    for (int i = 0; i < Math.min(20, ids.size()); i++) {
      String id = ids.get(i);
      List<Hit> hits = c.search(SearchRequest.of(model.get(id)).limit(1).exact(true));
      assertEquals(id, hits.get(0).id(), when + ": exact search for " + id);
    }
  }

  /** An interrupted bulk load or merge leaves a segment file; the writable open removed it. */
  private static void assertOnlyNamedSegmentFiles(Path collection) throws Exception {
    Manifest m = Manifest.read(collection);
    List<String> expected =
        CollectionStorage.fileNames(
                m.segments().stream()
                    .map(
                        e ->
                            new CollectionStorage.SegmentRef(
                                e.id(), e.count(), e.deletedGeneration(), e.postingsBytes() > 0))
                    .toList())
            .stream()
            .sorted()
            .toList();
    try (Stream<Path> files = Files.list(collection)) {
      List<String> actual =
          files
              .map(p -> p.getFileName().toString())
              .filter(f -> f.startsWith("seg-"))
              .sorted()
              .toList();
      assertEquals(expected, actual, "segment files in " + collection);
    }
  }

  private static Process startChild(Path data, long seed, long firstOp, Path acks, Path log)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("-Xshare:auto");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-Dorg.slf4j.simpleLogger.log.dev.vectorizer.internal.engine.HeadRebuilder=debug");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(LifecycleCrashChild.class.getName());
    cmd.add(data.toString());
    cmd.add(Long.toString(seed));
    cmd.add(Long.toString(firstOp));
    cmd.add(acks.toString());
    return new ProcessBuilder(cmd).redirectError(log.toFile()).start();
  }
}
