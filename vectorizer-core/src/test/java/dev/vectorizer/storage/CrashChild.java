package dev.vectorizer.storage;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.Quantization;
import dev.vectorizer.VectorStore;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link CrashRecoveryTest}: applies the deterministic operation sequence from
 * a given index, printing {@code A <index>} after each operation returns (is acknowledged), until
 * it is killed.
 */
public final class CrashChild {
  static final int DIM = 16;
  static final int IDS = 300;

  private CrashChild() {}

  /** One operation of the sequence: an upsert (vector != null) or a delete. */
  record Op(String id, float[] vector, Map<String, Object> payload) {}

  static Op op(long seed, long index) {
    Random r = new Random(seed * 1_000_003 + index);
    String id = "k" + r.nextInt(IDS);
    if (r.nextInt(10) < 3) {
      return new Op(id, null, null);
    }
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return new Op(id, v, Map.of("op", index));
  }

  static VectorStore open(Path dir) {
    return VectorStore.builder(dir).sealThreshold(150).open();
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
    // Acknowledgements go to a file, written unbuffered: what reached the kernel before the kill
    // is read back by the parent, unlike a pipe that the JDK closes when the process dies.
    PrintStream acks = new PrintStream(new FileOutputStream(args[3], true), true);
    PrintStream out = new PrintStream(System.out, true);
    VectorStore store = open(dir);
    Collection c =
        store.getOrCreateCollection(
            "crash",
            CollectionConfig.builder(DIM)
                .metric(Metric.EUCLIDEAN)
                .quantization(
                    Quantization.parse(System.getProperty("vectorizer.crash.quantization", "none")))
                .build());
    out.println("READY");
    while (true) {
      Op op = op(seed, index);
      if (op.vector() == null) {
        c.delete(op.id());
      } else {
        c.upsert(Point.of(op.id(), op.vector(), op.payload()));
      }
      acks.println("A " + index);
      index++;
    }
  }
}
