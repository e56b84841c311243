package dev.vectorizer.bench.jmh;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.bench.VectorFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Search on an in-memory collection of 50k clustered 128-d vectors: unfiltered, and filtered at
 * several selectivities (per mille of points matching), through the public API.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar vectorizer-bench/target/vectorizer-bench.jar \
 *   jmh SearchBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SearchBenchmark {
  /** Per mille of points matching the filter; 1000 means no filter. */
  @Param({"1000", "500", "100", "10", "1"})
  int perMille;

  private VectorStore store;
  private Collection collection;
  private float[][] queries;
  private int next;

  /** Loads the collection. */
  @Setup(Level.Trial)
  public void setUp() {
    float[][] base = VectorFiles.clustered(42, 50_000, 128, 64);
    queries = VectorFiles.clustered(42, 1000, 256, 128, 64);
    store = VectorStore.inMemory();
    collection =
        store.createCollection(
            "bench", CollectionConfig.builder(128).metric(Metric.EUCLIDEAN).build());
    List<Point> batch = new ArrayList<>();
    for (int i = 0; i < base.length; i++) {
      batch.add(Point.of(Integer.toString(i), base[i], Map.of("bucket", i % 1000)));
    }
    collection.upsert(batch);
  }

  /** Closes the store. */
  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
  }

  /**
   * One top-10 search.
   *
   * @return the hits
   */
  @Benchmark
  public List<Hit> search() {
    SearchRequest r = SearchRequest.of(queries[next++ % queries.length]).limit(10);
    if (perMille < 1000) {
      r = r.filter(Filter.range("bucket").lt(perMille));
    }
    return collection.search(r);
  }
}
