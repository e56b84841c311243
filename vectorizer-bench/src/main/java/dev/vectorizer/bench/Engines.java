package dev.vectorizer.bench;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.Quantization;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.index.JVectorSupport;
import dev.vectorizer.internal.kernels.Kernels;
import dev.vectorizer.internal.kernels.VectorKernels;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The engines of the ANN harness, all with the same graph parameters where they have them. */
final class Engines {
  private Engines() {}

  /**
   * Makes an engine by name. The {@code vectorizer} engines take graph settings after colons,
   * overriding the run's {@code --degree --alpha --build-beam --overflow}: {@code
   * vectorizer:degree=24:alpha=1.0:build-beam=200:overflow=1.2}, so that several graphs are
   * measured side by side in one run (the spec is the series' name in the report).
   */
  static AnnEngine create(String name, Metric metric, CollectionConfig config) throws IOException {
    int colon = name.indexOf(':');
    if (colon > 0 && name.startsWith("vectorizer")) { // vectorizer, -mapped, -heap
      String base = name.substring(0, colon);
      CollectionConfig.Builder b = config.toBuilder();
      for (String setting : name.substring(colon + 1).split(":")) {
        String[] kv = setting.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException(
              "engine '" + name + "': '" + setting + "' is not key=value");
        }
        switch (kv[0]) {
          case "degree" -> b.maxDegree(Integer.parseInt(kv[1]));
          case "alpha" -> b.alpha(Float.parseFloat(kv[1]));
          case "build-beam" -> b.beamWidth(Integer.parseInt(kv[1]));
          case "overflow" -> b.neighborOverflow(Float.parseFloat(kv[1]));
          default ->
              throw new IllegalArgumentException(
                  "engine '"
                      + name
                      + "': unknown setting '"
                      + kv[0]
                      + "', use degree, alpha, build-beam or overflow");
        }
      }
      return switch (base) {
        case "vectorizer" -> new Vectorizer(b.build(), "auto", name);
        case "vectorizer-mapped" -> new Vectorizer(b.build(), "true", name);
        case "vectorizer-heap" -> new Vectorizer(b.build(), "false", name);
        default -> throw new IllegalArgumentException("unknown engine '" + name + "'");
      };
    }
    return switch (name) {
      case "vectorizer" -> new Vectorizer(config, "auto", name);
      case "vectorizer-mapped" -> new Vectorizer(config, "true", name);
      case "vectorizer-heap" -> new Vectorizer(config, "false", name);
      case "vectorizer-pq", "vectorizer-nvq", "vectorizer-binary", "vectorizer-int8" ->
          new Vectorizer(
              config.toBuilder()
                  .quantization(Quantization.parse(name.substring("vectorizer-".length())))
                  .build(),
              "true",
              name);
      case "jvector" -> new JVector(config);
      case "exact" -> new Exact(metric);
      default -> {
        if (name.startsWith("lucene")) {
          yield LuceneEngine.create(name, metric);
        }
        throw new IllegalArgumentException(
            "unknown engine '"
                + name
                + "': use vectorizer, vectorizer-mapped, vectorizer-heap, vectorizer-pq,"
                + " vectorizer-nvq, vectorizer-binary, vectorizer-int8, jvector, lucene, lucene-m32,"
                + " lucene-int8, lucene-bbq, exact");
      }
    };
  }

  /**
   * This store through its public API: a durable store in a temporary directory, loaded, sealed,
   * closed and opened again, as a collection is served after a restart: with its vectors where the
   * store puts them by default ({@code vectorizer}: on the heap when it has huge pages and room,
   * else mapped, ADR 0018), mapped from the segment file ({@code vectorizer-mapped}, Java 22+) or
   * read onto the heap ({@code vectorizer-heap}); {@code vectorizer-pq}, {@code -nvq}, {@code
   * -int8} and {@code -binary} are mapped and quantized.
   */
  static final class Vectorizer implements AnnEngine {
    /** Directories built in this run, by graph settings (the harness builds on one thread). */
    private static final java.util.Map<String, Built> BUILT = new java.util.HashMap<>();

    private record Built(Path dir, double seconds) {}

    private final CollectionConfig config;
    private final String mapSegments;
    private final String name;
    private final Path dir;
    private double buildSeconds;
    private VectorStore store;
    private Collection collection;

    Vectorizer(CollectionConfig config, String mapSegments, String name) throws IOException {
      this.config = config;
      this.mapSegments = mapSegments;
      this.name = name;
      this.dir = Files.createTempDirectory("vectorizer-ann");
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void build(float[][] base) throws IOException {
      Built same = BUILT.get(config.toString());
      if (same != null) {
        // The graph build is not deterministic (concurrent insertion): engines with the same
        // settings search one graph, so that what differs between them is what is measured.
        copyTree(same.dir(), dir);
        buildSeconds = same.seconds();
      } else {
        long t0 = System.nanoTime();
        load(base);
        buildSeconds = (System.nanoTime() - t0) / 1e9;
        BUILT.put(config.toString(), new Built(dir, buildSeconds));
      }
      String key = "vectorizer.mapSegments";
      String before = System.getProperty(key);
      System.setProperty(key, mapSegments);
      try {
        store = VectorStore.open(dir);
        collection = store.collection("ann");
        collection.count(); // loads the collection now, under the property
      } finally {
        if (before == null) {
          System.clearProperty(key);
        } else {
          System.setProperty(key, before);
        }
      }
    }

    private void load(float[][] base) {
      store =
          VectorStore.builder(dir)
              .durability(Durability.FSYNC)
              .sealThreshold(Integer.MAX_VALUE)
              .open();
      collection =
          store.createCollection("ann", config.toBuilder().exactSearchThreshold(0).build());
      List<Point> batch = new ArrayList<>(1000);
      for (int i = 0; i < base.length; i++) {
        batch.add(Point.of(Integer.toString(i), base[i]));
        if (batch.size() == 1000) {
          collection.upsert(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        collection.upsert(batch);
      }
      store.checkpoint(); // seal into an immutable segment, as a loaded collection is served
      store.close();
    }

    private static void copyTree(Path from, Path to) throws IOException {
      try (java.util.stream.Stream<Path> files = Files.walk(from)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Path target = to.resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(target);
          } else {
            Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }

    /** Seconds the shared build took (a copy takes none of the graph's work). */
    @Override
    public double buildSeconds() {
      return buildSeconds;
    }

    @Override
    public int buildThreads() {
      return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public int[] search(float[] query, int k, int beam) {
      List<Hit> hits =
          collection.search(SearchRequest.of(query).limit(k).beamWidth(beam).includePayload(false));
      int[] out = new int[hits.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = Integer.parseInt(hits.get(i).id());
      }
      return out;
    }

    /** The graph searcher of this thread counted its scored nodes (one sealed segment). */
    @Override
    public long lastDistanceCount() {
      return dev.vectorizer.internal.search.GraphSearcher.forCurrentThread().lastVisitedCount();
    }

    @Override
    public void close() throws IOException {
      if (store != null) {
        store.close();
      }
      StorageBench.deleteTree(dir);
    }
  }

  /**
   * Raw JVector: GraphIndexBuilder and GraphSearcher (one per query thread) with exact scores. For
   * cosine data the vectors are normalised and compared by dot product, as JVector recommends.
   */
  static final class JVector implements AnnEngine {
    private final CollectionConfig config;
    private ListRandomAccessVectorValues ravv;
    private ImmutableGraphIndex graph;
    private final List<GraphSearcher> searchers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private ThreadLocal<GraphSearcher> searcher;
    private GraphIndexBuilder builder;
    private final ThreadLocal<long[]> visited = ThreadLocal.withInitial(() -> new long[1]);

    JVector(CollectionConfig config) {
      this.config = config;
    }

    @Override
    public String name() {
      return "jvector";
    }

    @Override
    public void build(float[][] base) {
      List<VectorFloat<?>> vs = new ArrayList<>(base.length);
      for (float[] v : base) {
        vs.add(JVectorSupport.VECTORS.createFloatVector(prepare(v)));
      }
      ravv = new ListRandomAccessVectorValues(vs, base[0].length);
      builder =
          GraphIndexBuilder.builder(ravv, similarity(), config.maxDegree())
              .withBeamWidth(config.beamWidth())
              .withNeighborOverflow(config.neighborOverflow())
              .withAlpha(config.alpha())
              .build();
      graph = builder.build(ravv);
      searcher =
          ThreadLocal.withInitial(
              () -> {
                GraphSearcher gs = new GraphSearcher(graph);
                searchers.add(gs);
                return gs;
              });
    }

    private io.github.jbellis.jvector.vector.VectorSimilarityFunction similarity() {
      return config.metric() == Metric.COSINE
          ? io.github.jbellis.jvector.vector.VectorSimilarityFunction.DOT_PRODUCT
          : JVectorSupport.similarity(config.metric());
    }

    private float[] prepare(float[] v) {
      if (config.metric() != Metric.COSINE) {
        return v;
      }
      double sum = 0;
      for (float x : v) {
        sum += (double) x * x;
      }
      float[] out = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = (float) (v[i] / Math.sqrt(sum));
      }
      return out;
    }

    @Override
    public int buildThreads() {
      return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public int[] search(float[] query, int k, int beam) {
      SearchResult r =
          searcher
              .get()
              .search(
                  DefaultSearchScoreProvider.exact(
                      JVectorSupport.VECTORS.createFloatVector(prepare(query)), similarity(), ravv),
                  k,
                  Math.max(k, beam),
                  0f,
                  0f,
                  Bits.ALL);
      visited.get()[0] = r.getVisitedCount();
      SearchResult.NodeScore[] nodes = r.getNodes();
      int[] out = new int[nodes.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = nodes[i].node;
      }
      return out;
    }

    @Override
    public long lastDistanceCount() {
      return visited.get()[0];
    }

    @Override
    public void close() throws IOException {
      for (GraphSearcher gs : searchers) {
        gs.close();
      }
      if (builder != null) {
        builder.close();
      }
    }
  }

  /** An exact scan with this project's kernels. */
  static final class Exact implements AnnEngine {
    private final Metric metric;
    private final VectorKernels kernels = Kernels.get();
    private float[][] base;

    Exact(Metric metric) {
      this.metric = metric;
    }

    @Override
    public String name() {
      return "exact";
    }

    @Override
    public boolean sweeps() {
      return false;
    }

    @Override
    public void build(float[][] base) {
      this.base = base;
    }

    @Override
    public int buildThreads() {
      return 0;
    }

    @Override
    public int[] search(float[] query, int k, int beam) {
      return GroundTruth.topK(kernels, metric, base, query, k);
    }

    @Override
    public long lastDistanceCount() {
      return base.length;
    }

    @Override
    public void close() {}
  }
}
