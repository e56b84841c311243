package dev.vectorizer.bench;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.index.JVectorSupport;
import dev.vectorizer.internal.kernels.Kernels;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code ingest}: the time to build a searchable, durable index of the same vectors, engine by
 * engine, side by side in one run; engines run in a shuffled order in each of {@code --repeat}
 * rounds, after an untimed warm-up round on the first 10,000 vectors.
 *
 * <ul>
 *   <li>{@code bulk}: a durable store, {@code Collection.bulkLoad} (one sealed segment built with
 *       every core, written and fsynced);
 *   <li>{@code bulk-exact}: the same with construction scored on the float vectors instead of 8-bit
 *       codes ({@code -Dvectorizer.bulkLoad.compactScores=false}, docs/adr/0020);
 *   <li>{@code lucene}: Lucene HNSW ({@code Lucene99HnswVectorsFormat}, M=16, beam 100): one
 *       indexing thread per core, then {@code forceMerge(1)} with one merge worker per core, then
 *       close (commit, fsync);
 *   <li>{@code lucene-1t}: the same from one indexing thread into one segment (2 GB buffer);
 *   <li>{@code upsert}, {@code upsert-nofsync}: a durable store, upserts in batches of {@code
 *       --batch} through the write-ahead log (fsync per batch, or none), then a checkpoint;
 *   <li>{@code memory}: an in-memory store, upserts in batches;
 *   <li>{@code jvector}: raw JVector {@code GraphIndexBuilder.build} with every core (not stored).
 * </ul>
 *
 * <p>With {@code --query Q.fvecs}, the {@code bulk} and {@code lucene*} indexes of the last round
 * are also searched (top 10, beam/ef 100) and their recall@10 against an exact scan reported, so a
 * fast build of a poor graph shows.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx6g -jar vectorizer-bench/target/vectorizer-bench.jar \
 *   ingest --base base.fvecs --metric cosine --engines bulk,lucene,lucene-1t --repeat 3 \
 *   [--query query.fvecs] [--alpha 1.2] [--construction-beam 100] [--overflow 1.2]
 * </pre>
 *
 * <p>{@code --alpha}, {@code --construction-beam} and {@code --overflow} change our collection's
 * graph construction settings (not Lucene's), to measure them.
 */
final class IngestBench {
  private static final int WARM_UP = 10_000;

  private final float[][] base;
  private final Metric metric;
  private final CollectionConfig config;
  private final int batch;
  private final int threads = Runtime.getRuntime().availableProcessors();

  private IngestBench(float[][] base, Metric metric, int batch, Args a) {
    this.base = base;
    this.metric = metric;
    CollectionConfig.Builder b = CollectionConfig.builder(base[0].length).metric(metric);
    if (a.has("alpha")) {
      b.alpha(Float.parseFloat(a.get("alpha", "")));
    }
    if (a.has("construction-beam")) {
      b.beamWidth(a.integer("construction-beam", 100));
    }
    if (a.has("overflow")) {
      b.neighborOverflow(Float.parseFloat(a.get("overflow", "")));
    }
    this.config = b.build();
    this.batch = batch;
  }

  static void run(Args a) throws IOException {
    float[][] base = StorageBench.data(a);
    Metric metric = Metric.parse(a.get("metric", "euclidean"));
    List<String> engines =
        List.of(a.get("engines", "bulk,lucene,lucene-1t,upsert,upsert-nofsync,jvector").split(","));
    int repeat = a.integer("repeat", 3);
    IngestBench bench = new IngestBench(base, metric, a.integer("batch", 1000), a);
    for (String e : engines) {
      bench.check(e);
    }
    System.out.printf(
        Locale.ROOT,
        "ingest: %d x %d, %s, %d cores, engines %s, %d rounds in shuffled order after a warm-up"
            + " on %d vectors; our graph: degree %d, beam %d, overflow %.2f, alpha %.2f; %s%n",
        base.length,
        base[0].length,
        metric,
        bench.threads,
        engines,
        repeat,
        Math.min(WARM_UP, base.length),
        bench.config.maxDegree(),
        bench.config.beamWidth(),
        bench.config.neighborOverflow(),
        bench.config.alpha(),
        Runtime.version());
    IngestBench warm =
        new IngestBench(
            Arrays.copyOf(base, Math.min(WARM_UP, base.length)), metric, bench.batch, a);
    for (String e : engines) {
      warm.build(e, false).close();
    }
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    engines.forEach(e -> seconds.put(e, new ArrayList<>()));
    Random order = new Random(a.integer("seed", 7));
    Map<String, Built> kept = new LinkedHashMap<>();
    for (int round = 1; round <= repeat; round++) {
      List<String> shuffled = new ArrayList<>(engines);
      Collections.shuffle(shuffled, order);
      StringBuilder line = new StringBuilder("  round " + round + ":");
      for (String e : shuffled) {
        System.gc();
        boolean keep = round == repeat && a.has("query");
        Built b = bench.build(e, keep);
        seconds.get(e).add(b.seconds);
        line.append(String.format(Locale.ROOT, "  %s %.1f s", e, b.seconds));
        if (keep) {
          kept.put(e, b);
        } else {
          b.close();
        }
      }
      System.out.println(line);
    }
    String anchor = engines.contains("lucene") ? "lucene" : engines.get(0);
    System.out.printf(
        Locale.ROOT,
        "%n  %-16s %9s %9s %9s %11s  %s%n",
        "engine",
        "median s",
        "min s",
        "max s",
        "vectors/s",
        anchor + " time / engine time (median of rounds, min-max)");
    for (String e : engines) {
      List<Double> s = seconds.get(e);
      double[] ratios = new double[repeat];
      for (int i = 0; i < repeat; i++) {
        ratios[i] = seconds.get(anchor).get(i) / s.get(i);
      }
      double median = median(s);
      System.out.printf(
          Locale.ROOT,
          "  %-16s %9.1f %9.1f %9.1f %11.0f  %.2fx (%.2f-%.2f)%n",
          e,
          median,
          Collections.min(s),
          Collections.max(s),
          base.length / median,
          median(Arrays.stream(ratios).boxed().toList()),
          Arrays.stream(ratios).min().orElse(0),
          Arrays.stream(ratios).max().orElse(0));
    }
    if (!kept.isEmpty()) {
      float[][] queries = VectorFiles.readFvecs(Path.of(a.required("query")));
      int[][] truth = new int[queries.length][];
      for (int q = 0; q < queries.length; q++) {
        truth[q] = GroundTruth.topK(Kernels.get(), metric, base, queries[q], 10);
      }
      for (Built b : kept.values()) {
        if (b.searcher != null) {
          double recall = 0;
          for (int q = 0; q < queries.length; q++) {
            recall += AnnHarness.recall(truth[q], b.searcher.search(queries[q]));
          }
          System.out.printf(
              Locale.ROOT,
              "  recall@10 of %s at beam/ef 100: %.4f (%d queries)%n",
              b.engine,
              recall / queries.length,
              queries.length);
        }
        b.close();
      }
    }
  }

  private void check(String engine) {
    if (!List.of(
            "bulk",
            "bulk-exact",
            "lucene",
            "lucene-1t",
            "upsert",
            "upsert-nofsync",
            "memory",
            "jvector")
        .contains(engine)) {
      throw new IllegalArgumentException(
          "unknown ingest engine '"
              + engine
              + "': use bulk, bulk-exact, lucene, lucene-1t, upsert, upsert-nofsync, memory or jvector");
    }
  }

  /** Searches a built index: top 10 row numbers. */
  interface Searcher {
    int[] search(float[] query) throws IOException;
  }

  /** A timed build; close releases the index and its files. */
  record Built(String engine, double seconds, Searcher searcher, AutoCloseable resource)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        if (resource != null) {
          resource.close();
        }
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }

  private Built build(String engine, boolean keep) throws IOException {
    return switch (engine) {
      case "bulk" -> store(engine, Durability.FSYNC, true, keep);
      case "bulk-exact" -> exact(() -> store(engine, Durability.FSYNC, true, keep));
      case "upsert" -> store(engine, Durability.FSYNC, false, keep);
      case "upsert-nofsync" -> store(engine, Durability.NONE, false, keep);
      case "memory" -> memory(keep);
      case "jvector" -> jvector();
      case "lucene" -> LuceneIngest.build(engine, base, metric, threads, keep);
      case "lucene-1t" -> LuceneIngest.build(engine, base, metric, 1, keep);
      default -> throw new IllegalArgumentException(engine);
    };
  }

  private Built store(String engine, Durability durability, boolean bulk, boolean keep)
      throws IOException {
    Path dir = Files.createTempDirectory("vectorizer-ingest-" + engine);
    VectorStore store =
        VectorStore.builder(dir).durability(durability).sealThreshold(Integer.MAX_VALUE).open();
    AutoCloseable cleanup =
        () -> {
          store.close();
          StorageBench.deleteTree(dir);
        };
    try {
      Collection c = store.createCollection("bench", config);
      long t0 = System.nanoTime();
      if (bulk) {
        c.bulkLoad(points().iterator());
      } else {
        upsertAll(c);
        store.checkpoint();
      }
      double s = (System.nanoTime() - t0) / 1e9;
      if (!keep) {
        cleanup.close();
        return new Built(engine, s, null, null);
      }
      return new Built(engine, s, q -> rows(c, q), cleanup);
    } catch (IOException | RuntimeException e) {
      closeQuietly(cleanup);
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  interface BuildStep {
    Built run() throws IOException;
  }

  /** Runs a build with bulk loads scoring construction on float vectors. */
  private static Built exact(BuildStep step) throws IOException {
    String property = "vectorizer.bulkLoad.compactScores";
    String before = System.getProperty(property);
    System.setProperty(property, "false");
    try {
      return step.run();
    } finally {
      if (before == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, before);
      }
    }
  }

  private Built memory(boolean keep) throws IOException {
    VectorStore store = VectorStore.inMemory();
    Collection c = store.createCollection("bench", config);
    long t0 = System.nanoTime();
    upsertAll(c);
    double s = (System.nanoTime() - t0) / 1e9;
    if (!keep) {
      store.close();
      return new Built("memory", s, null, null);
    }
    return new Built("memory", s, q -> rows(c, q), store);
  }

  private Built jvector() throws IOException {
    List<VectorFloat<?>> vectors = new ArrayList<>(base.length);
    for (float[] v : base) {
      vectors.add(JVectorSupport.VECTORS.createFloatVector(v));
    }
    ListRandomAccessVectorValues ravv = new ListRandomAccessVectorValues(vectors, base[0].length);
    long t0 = System.nanoTime();
    try (GraphIndexBuilder b =
        GraphIndexBuilder.builder(
                ravv, JVectorSupport.similarity(config.metric()), config.maxDegree())
            .withBeamWidth(config.beamWidth())
            .withNeighborOverflow(config.neighborOverflow())
            .withAlpha(config.alpha())
            .build()) {
      b.build(ravv);
    }
    return new Built("jvector", (System.nanoTime() - t0) / 1e9, null, null);
  }

  private List<Point> points() {
    List<Point> points = new ArrayList<>(base.length);
    for (int i = 0; i < base.length; i++) {
      points.add(Point.of(Integer.toString(i), base[i]));
    }
    return points;
  }

  private void upsertAll(Collection c) {
    List<Point> all = points();
    for (int i = 0; i < all.size(); i += batch) {
      c.upsert(all.subList(i, Math.min(all.size(), i + batch)));
    }
  }

  private static int[] rows(Collection c, float[] query) {
    List<Hit> hits = c.search(SearchRequest.of(query).limit(10).beamWidth(100));
    return hits.stream().mapToInt(h -> Integer.parseInt(h.id())).toArray();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // already failing
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
