package dev.vectorizer.storage;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionSnapshot;
import dev.vectorizer.Filter;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.ExpectedState;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The child JVM of {@link SigkillStressTest}: runs a deterministic sequence of operations (imports,
 * upserts, deletes, deletes by filter, checkpoints, snapshots) on a durable store until it is
 * killed, appending {@code A <step> <compactions>} to an acknowledgement file after each operation
 * returns. Two store shapes: {@code merge} (tiny segments, so seals and merges run all the time)
 * and {@code compact} (a head that never seals by size, with delete-heavy work, so the head is
 * rebuilt).
 */
public final class StressChild {
  static final int DIM = 8;
  static final int IDS = 2_000;
  static final String COLLECTION = "stress";

  private StressChild() {}

  /** What an operation does. */
  enum Kind {
    IMPORT,
    UPSERT,
    DELETE_BATCH,
    DELETE,
    DELETE_WHERE,
    CHECKPOINT,
    SNAPSHOT
  }

  /**
   * One step: {@code ids} with {@code vectors} for upserts, {@code ids} alone for deletes, {@code
   * batch} as the filter value for deletes by filter. Upserts store {@code {"batch": step, "n":
   * size}}.
   */
  record Op(long step, Kind kind, List<String> ids, List<float[]> vectors, long batch) {
    List<Point> points() {
      List<Point> out = new ArrayList<>(ids.size());
      for (int i = 0; i < ids.size(); i++) {
        out.add(
            Point.of(
                ids.get(i), vectors.get(i), Map.of(ExpectedState.BATCH, step, "n", ids.size())));
      }
      return out;
    }
  }

  /** The options of a store shape. */
  static VectorStore open(Path dir, String mode) {
    return mode.equals("merge")
        ? VectorStore.builder(dir).sealThreshold(48).maxSegments(2).open()
        : VectorStore.builder(dir).sealThreshold(1_000_000).maxSegments(4).open();
  }

  static Op op(long seed, long step, String mode) {
    Random r = new Random(seed * 1_000_003 + step);
    int roll = r.nextInt(100);
    boolean compact = mode.equals("compact");
    Kind kind;
    if (roll < (compact ? 30 : 25)) {
      kind = Kind.IMPORT;
    } else if (roll < 50) {
      kind = Kind.UPSERT;
    } else if (roll < (compact ? 75 : 62)) {
      kind = Kind.DELETE_BATCH;
    } else if (roll < 82) {
      kind = Kind.DELETE;
    } else if (roll < 88) {
      kind = Kind.DELETE_WHERE;
    } else if (roll < 95) {
      kind = Kind.CHECKPOINT;
    } else {
      kind = Kind.SNAPSHOT;
    }
    int n =
        switch (kind) {
          case IMPORT -> 50 + r.nextInt(250);
          case DELETE_BATCH -> compact ? 50 + r.nextInt(250) : 5 + r.nextInt(60);
          case UPSERT, DELETE -> 1;
          default -> 0;
        };
    Set<String> ids = new LinkedHashSet<>();
    while (ids.size() < n) {
      ids.add("k" + r.nextInt(IDS));
    }
    List<float[]> vectors = new ArrayList<>();
    if (kind == Kind.IMPORT || kind == Kind.UPSERT) {
      for (int i = 0; i < n; i++) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
          v[d] = (float) r.nextGaussian();
        }
        vectors.add(v);
      }
    }
    long batch = kind == Kind.DELETE_WHERE ? Math.max(0, step - 1 - r.nextInt(30)) : step;
    return new Op(step, kind, List.copyOf(ids), vectors, batch);
  }

  /**
   * Runs the child.
   *
   * @param args data directory, seed, first step, acknowledgement file, mode (merge or compact)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    long step = Long.parseLong(args[2]);
    String mode = args[4];
    // Unbuffered: what reached the kernel before the kill is what the parent reads back.
    PrintStream acks = new PrintStream(new FileOutputStream(args[3], true), true);
    VectorStore store = open(dir, mode);
    Collection c =
        store.getOrCreateCollection(
            COLLECTION,
            CollectionConfig.builder(DIM)
                .metric(Metric.EUCLIDEAN)
                .maxDegree(8)
                .beamWidth(16)
                .exactSearchThreshold(0)
                .build());
    System.out.println("READY");
    System.out.flush();
    while (true) {
      Op op = op(seed, step, mode);
      switch (op.kind()) {
        case IMPORT, UPSERT -> c.upsert(op.points());
        case DELETE_BATCH, DELETE -> c.delete(op.ids());
        case DELETE_WHERE -> c.deleteWhere(Filter.eq(ExpectedState.BATCH, op.batch()));
        case CHECKPOINT -> store.checkpoint();
        case SNAPSHOT -> {
          try (CollectionSnapshot s = c.snapshot()) {
            for (Path f : s.files().values()) {
              Files.size(f); // the pinned files are there while the snapshot is open
            }
          }
        }
      }
      acks.println("A " + step + " " + c.stats().compactions());
      step++;
    }
  }
}
