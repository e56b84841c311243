package dev.vectorizer.storage;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link LifecycleCrashTest}: applies a deterministic sequence of bulk loads,
 * batches of replacements (whose garbage keeps background head rebuilds running), deletes and
 * single upserts from a given index, printing {@code A <index>} after each one returns, until it is
 * killed.
 */
public final class LifecycleCrashChild {
  static final int DIM = 16;
  static final int IDS = 1200;

  private LifecycleCrashChild() {}

  /** One operation: points to upsert (a bulk load when {@code bulk}), or one id to delete. */
  record Op(List<Point> points, String deleted, boolean bulk) {}

  static Op op(long seed, long index) {
    Random r = new Random(seed * 1_000_003 + index);
    int kind = r.nextInt(20);
    if (kind >= 17) {
      return new Op(List.of(), "k" + r.nextInt(IDS), false);
    }
    int n = kind == 0 ? 600 : kind < 12 ? 40 : 1;
    List<Point> points = new ArrayList<>(n);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "k" + r.nextInt(IDS);
      float[] v = new float[DIM];
      for (int d = 0; d < DIM; d++) {
        v[d] = (float) r.nextGaussian();
      }
      if (kind != 0 && ids.contains(id)) {
        continue; // an upsert batch with a repeated id keeps the last one; keep the model simple
      }
      ids.add(id);
      points.add(Point.of(id, v, Map.of("op", index)));
    }
    return new Op(points, null, kind == 0);
  }

  static VectorStore open(Path dir) {
    return VectorStore.builder(dir)
        .durability(Durability.NONE) // a killed process keeps what reached the OS
        .sealThreshold(1_000_000)
        .maxSegments(2)
        .open();
  }

  /**
   * Runs the child.
   *
   * @param args data directory, seed, first operation index, acknowledgement file
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    long index = Long.parseLong(args[2]);
    PrintStream acks = new PrintStream(new FileOutputStream(args[3], true), true);
    PrintStream out = new PrintStream(System.out, true);
    VectorStore store = open(dir);
    Collection c =
        store.getOrCreateCollection(
            "crash", CollectionConfig.builder(DIM).metric(Metric.EUCLIDEAN).build());
    out.println("READY");
    while (true) {
      Op op = op(seed, index);
      if (op.deleted() != null) {
        c.delete(op.deleted());
      } else if (op.bulk()) {
        c.bulkLoad(op.points().iterator());
      } else {
        c.upsert(op.points());
      }
      acks.println("A " + index);
      index++;
    }
  }
}
