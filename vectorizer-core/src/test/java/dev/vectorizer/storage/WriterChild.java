package dev.vectorizer.storage;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.TestVectors;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child process of {@link ProcessLockTest}: holds the write lock and upserts {@code w0, w1,
 * ...} in order (with frequent checkpoints), writing each acknowledged index to a file.
 */
public final class WriterChild {
  static final int DIM = 12;

  private WriterChild() {}

  static float[] vector(int i) {
    return TestVectors.random(i, 1, DIM)[0];
  }

  /**
   * Runs the child.
   *
   * @param args data directory, acknowledgement file
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    PrintStream acks = new PrintStream(new FileOutputStream(args[1], true), true);
    try (VectorStore store = VectorStore.builder(Path.of(args[0])).sealThreshold(100).open()) {
      Collection c =
          store.createCollection(
              "live", CollectionConfig.builder(DIM).metric(Metric.EUCLIDEAN).build());
      System.out.println("READY");
      System.out.flush();
      for (int i = 0; ; i++) {
        c.upsert(Point.of("w" + i, vector(i), Map.of("i", i)));
        acks.println(i);
      }
    }
  }
}
