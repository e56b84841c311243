package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.Quantization;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.index.VectorPages;
import dev.vectorizer.internal.storage.FileOpener;
import dev.vectorizer.internal.storage.SegmentFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at random moments, reopens the store, and checks that
 * every acknowledged operation survived and the store is consistent. The default run does 20 kills;
 * {@code mvn verify -Pstress} does many more ({@code -Dvectorizer.crash.kills=N}).
 */
class CrashRecoveryTest {
  @TempDir Path dir;

  @Test
  void acknowledgedWritesSurviveSigkill() throws Exception {
    run(Integer.getInteger("vectorizer.crash.kills", 20), 20261124L, List.of());
  }

  /**
   * The same with product quantization, and segments small enough to get codes: sealed and merged
   * segments the child wrote before each kill are read back with their codes and searched on them.
   */
  @Test
  void quantizedSegmentsSurviveSigkill() throws Exception {
    // Segments of a few points get codes, in the child and in this JVM (whose reopen-and-close
    // after each kill seals the head too).
    String property = "vectorizer.quantization.minPoints";
    String before = System.getProperty(property);
    System.setProperty(property, "64");
    try {
      run(8, 20261203L, List.of("-Dvectorizer.crash.quantization=pq", "-D" + property + "=64"));
      Path data = dir.resolve("data");
      try (VectorStore store = CrashChild.open(data)) {
        store.collection("crash");
        store.checkpoint(); // whatever the last child left in its log is sealed, with codes
      }
      assertTrue(pqSegments(data) > 0, "segment files hold PQ codes");
      try (VectorStore store = CrashChild.open(data)) {
        Collection c = store.collection("crash");
        assertEquals(Quantization.PQ, c.config().quantization());
        for (String id : c.ids().stream().limit(20).toList()) {
          float[] v = c.get(id).orElseThrow().vector();
          assertEquals(id, c.search(SearchRequest.of(v).limit(1)).get(0).id(), "finds " + id);
        }
      }
    } finally {
      if (before == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, before);
      }
    }
  }

  private static int pqSegments(Path data) throws Exception {
    int withCodes = 0;
    try (var files = Files.walk(data)) {
      for (Path seg : files.filter(f -> f.toString().endsWith(".vzs")).toList()) {
        String name = seg.getFileName().toString();
        SegmentFile.Contents c =
            SegmentFile.read(
                FileOpener.DIRECT,
                seg,
                Long.parseLong(name.substring(4, name.length() - 4)),
                Metric.EUCLIDEAN,
                CrashChild.DIM,
                VectorPages.vectorsPerPage(CrashChild.DIM));
        if (c.quantization() == Quantization.PQ) {
          withCodes++;
        }
      }
    }
    return withCodes;
  }

  private void run(int kills, long seed, List<String> childProperties) throws Exception {
    Random timing = new Random(seed);
    Map<String, float[]> model = new HashMap<>();
    long nextOp = 0;
    Path data = dir.resolve("data");
    for (int cycle = 0; cycle < kills; cycle++) {
      long acked =
          KilledChild.run(
              CrashChild.class,
              childProperties,
              dir.resolve("acks-" + cycle),
              nextOp,
              30 + timing.nextInt(400),
              data.toString(),
              Long.toString(seed),
              Long.toString(nextOp));
      for (long i = nextOp; i <= acked; i++) {
        apply(model, CrashChild.op(seed, i));
      }
      CrashChild.Op inFlight = CrashChild.op(seed, acked + 1);
      try (VectorStore store = CrashChild.open(data)) {
        Collection c = store.collection("crash");
        resolveInFlight(c, model, inFlight);
        verify(c, model, "after kill " + (cycle + 1));
      }
      nextOp = acked + 2;
    }
    assertTrue(nextOp > kills * 2L, "the child made progress: " + nextOp + " operations");
  }

  /** The unacknowledged operation may or may not have been applied; learn which. */
  private static void resolveInFlight(
      Collection c, Map<String, float[]> model, CrashChild.Op inFlight) {
    Optional<Point> actual = c.get(inFlight.id());
    boolean applied =
        inFlight.vector() == null
            ? actual.isEmpty()
            : actual.isPresent() && Arrays.equals(actual.get().vector(), inFlight.vector());
    if (applied) {
      apply(model, inFlight);
    }
  }

  private static void apply(Map<String, float[]> model, CrashChild.Op op) {
    if (op.vector() == null) {
      model.remove(op.id());
    } else {
      model.put(op.id(), op.vector());
    }
  }

  private static void verify(Collection c, Map<String, float[]> model, String when) {
    assertEquals(model.size(), c.count(), when + ": count");
    for (int k = 0; k < CrashChild.IDS; k++) {
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
    List<String> ids = new ArrayList<>(model.keySet());
    for (int i = 0; i < Math.min(20, ids.size()); i++) {
      String id = ids.get(i);
      List<Hit> hits = c.search(SearchRequest.of(model.get(id)).limit(1).exact(true));
      assertEquals(id, hits.get(0).id(), when + ": exact search for " + id);
      assertEquals(id, c.search(SearchRequest.of(model.get(id)).limit(1)).get(0).id(), when);
    }
  }
}
