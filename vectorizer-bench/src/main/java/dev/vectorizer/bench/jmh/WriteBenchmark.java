package dev.vectorizer.bench.jmh;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import dev.vectorizer.bench.VectorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable writes: a batch of 100 upserts (WAL append, graph insert, and for FSYNC one shared
 * fsync), and the open of a stored 20k-point collection.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar vectorizer-bench/target/vectorizer-bench.jar \
 *   jmh WriteBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class WriteBenchmark {
  @Param({"FSYNC", "NONE"})
  Durability durability;

  private Path dir;
  private Path stored;
  private VectorStore store;
  private Collection collection;
  private float[][] vectors;
  private int next;

  /** Opens a fresh store and builds a stored collection for the open benchmark. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("vectorizer-jmh");
    vectors = VectorFiles.clustered(1, 200_000, 128, 64);
    store = VectorStore.builder(dir.resolve("w")).durability(durability).open();
    collection = store.createCollection("c", CollectionConfig.of(128));
    stored = dir.resolve("stored");
    try (VectorStore s = VectorStore.builder(stored).durability(Durability.NONE).open()) {
      Collection c = s.createCollection("c", CollectionConfig.of(128));
      List<Point> batch = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        batch.add(Point.of("s" + i, vectors[i]));
      }
      c.upsert(batch);
      s.checkpoint();
    }
  }

  /** Deletes the files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** 100 upserts in one call. */
  @Benchmark
  public void upsertBatchOf100() {
    List<Point> batch = new ArrayList<>(100);
    for (int i = 0; i < 100; i++) {
      int n = next++;
      batch.add(Point.of("p" + n, vectors[n % vectors.length]));
    }
    collection.upsert(batch);
  }

  /**
   * Opens (read-only) the stored 20k-point collection.
   *
   * @return the point count
   */
  @Benchmark
  public long open20k() {
    try (VectorStore s = VectorStore.builder(stored).readOnly(true).open()) {
      return s.collection("c").count();
    }
  }
}
