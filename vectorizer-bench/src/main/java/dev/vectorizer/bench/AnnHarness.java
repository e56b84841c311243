package dev.vectorizer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.internal.kernels.Kernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ANN recall/QPS harness: builds every engine on the same data in one run, then, with one query
 * thread, sweeps the search beam and records recall@k, QPS and p50/p99 latency per point, plus QPS
 * interpolated at recall 0.90, 0.95 and 0.99.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar vectorizer-bench/target/vectorizer-bench.jar ann \
 *   --base B.fvecs --query Q.fvecs [--gt G.ivecs] --k 10 --metric cosine|dot|euclidean \
 *   [--engines vectorizer,jvector,lucene,exact] [--beams 10,20,40,...] [--out results.json] \
 *   [--plot recall-qps.svg]
 * </pre>
 */
final class AnnHarness {
  static final double[] TARGETS = {0.90, 0.95, 0.99};

  private AnnHarness() {}

  record Point(int beam, double recall, double qps, double p50Ms, double p99Ms) {}

  record EngineResult(String name, double buildSeconds, int threads, List<Point> points) {}

  static void run(Args a) throws Exception {
    Path basePath = Path.of(a.required("base"));
    Path queryPath = Path.of(a.required("query"));
    int k = a.integer("k", 10);
    Metric metric = Metric.parse(a.required("metric"));
    List<String> engines =
        Arrays.asList(a.get("engines", "vectorizer,jvector,lucene,exact").split(","));
    int[] beams =
        Arrays.stream(a.get("beams", "10,16,24,32,48,64,96,128,192,256,384").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    float[][] base = VectorFiles.readFvecs(basePath);
    float[][] queries = VectorFiles.readFvecs(queryPath);
    if (queries[0].length != base[0].length) {
      throw new IllegalArgumentException(
          queryPath
              + " has dimension "
              + queries[0].length
              + ", "
              + basePath
              + " has "
              + base[0].length);
    }
    int[][] truth = groundTruth(a, base, queries, k, metric);
    int repeat = a.integer("repeat", Math.max(1, 2000 / queries.length));
    System.out.printf(
        "dataset: %d base x %d dims, %d queries, k=%d, %s; kernels %s; %d cores%n",
        base.length,
        base[0].length,
        queries.length,
        k,
        metric,
        Kernels.get().name(),
        Runtime.getRuntime().availableProcessors());

    CollectionConfig config = CollectionConfig.builder(base[0].length).metric(metric).build();
    List<EngineResult> results = new ArrayList<>();
    for (String name : engines) {
      try (AnnEngine engine = Engines.create(name.trim(), metric, config)) {
        long t0 = System.nanoTime();
        engine.build(base);
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: built in %.1f s%n", engine.name(), buildSeconds);
        List<Point> points = new ArrayList<>();
        int[] sweep = engine.sweeps() ? beams : new int[] {k};
        // Warm-up: let the JIT compile the search path at a middle beam before measuring.
        for (int i = 0; i < Math.max(3, 4000 / queries.length); i++) {
          measure(engine, queries, truth, k, sweep[sweep.length / 2], 1);
        }
        for (int beam : sweep) {
          Point p = measure(engine, queries, truth, k, beam, repeat);
          points.add(p);
          System.out.printf(
              "  beam %4d  recall %.4f  %9.1f q/s  p50 %.3f ms  p99 %.3f ms%n",
              p.beam(), p.recall(), p.qps(), p.p50Ms(), p.p99Ms());
        }
        results.add(new EngineResult(engine.name(), buildSeconds, engine.buildThreads(), points));
      }
    }
    printSummary(results);
    if (a.has("out")) {
      writeJson(Path.of(a.required("out")), base, queries, metric, k, results);
    }
    if (a.has("plot")) {
      Plot.svg(Path.of(a.required("plot")), results, k);
    }
    if (a.has("markdown")) {
      Files.writeString(Path.of(a.required("markdown")), markdown(results));
    }
  }

  /** The summary and the points as Markdown tables, for docs/benchmarks.md. */
  static String markdown(List<EngineResult> results) {
    StringBuilder s = new StringBuilder();
    s.append("| engine | build s | build threads | QPS @ recall 0.90 | 0.95 | 0.99 |\n");
    s.append("|---|---:|---:|---:|---:|---:|\n");
    for (EngineResult r : results) {
      s.append(
          String.format(
              java.util.Locale.ROOT,
              "| %s | %.1f | %d | %s | %s | %s |%n",
              r.name(),
              r.buildSeconds(),
              r.threads(),
              fmt(qpsAtRecall(r.points(), 0.90)),
              fmt(qpsAtRecall(r.points(), 0.95)),
              fmt(qpsAtRecall(r.points(), 0.99))));
    }
    s.append(
        "\n| engine | beam | recall | QPS | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|\n");
    for (EngineResult r : results) {
      for (Point p : r.points()) {
        s.append(
            String.format(
                java.util.Locale.ROOT,
                "| %s | %d | %.4f | %.0f | %.3f | %.3f |%n",
                r.name(),
                p.beam(),
                p.recall(),
                p.qps(),
                p.p50Ms(),
                p.p99Ms()));
      }
    }
    return s.toString();
  }

  private static int[][] groundTruth(
      Args a, float[][] base, float[][] queries, int k, Metric metric) throws IOException {
    if (a.has("gt")) {
      Path gtPath = Path.of(a.required("gt"));
      int[][] gt = VectorFiles.readIvecs(gtPath);
      if (gt.length != queries.length) {
        throw new IllegalArgumentException(
            gtPath + " has " + gt.length + " rows for " + queries.length + " queries");
      }
      int[][] cut = new int[gt.length][];
      for (int i = 0; i < gt.length; i++) {
        if (gt[i].length < k) {
          throw new IllegalArgumentException(
              gtPath + " row " + i + " has " + gt[i].length + " neighbours, k is " + k);
        }
        cut[i] = Arrays.copyOf(gt[i], k);
      }
      return cut;
    }
    long t0 = System.nanoTime();
    int[][] gt = new int[queries.length][];
    for (int i = 0; i < queries.length; i++) {
      gt[i] = GroundTruth.topK(Kernels.get(), metric, base, queries[i], k);
    }
    System.out.printf("ground truth by exact search in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    return gt;
  }

  /** Runs every query {@code repeat} times; recall from the first pass, QPS over all. */
  private static Point measure(
      AnnEngine e, float[][] queries, int[][] truth, int k, int beam, int repeat)
      throws IOException {
    long[] latencies = new long[queries.length * repeat];
    double recall = 0;
    long start = System.nanoTime();
    for (int r = 0; r < repeat; r++) {
      for (int i = 0; i < queries.length; i++) {
        long t0 = System.nanoTime();
        int[] got = e.search(queries[i], k, beam);
        latencies[r * queries.length + i] = System.nanoTime() - t0;
        if (r == 0) {
          recall += recall(truth[i], got);
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(latencies);
    return new Point(
        beam,
        recall / queries.length,
        latencies.length / seconds,
        latencies[latencies.length / 2] / 1e6,
        latencies[Math.min(latencies.length - 1, (int) Math.ceil(latencies.length * 0.99) - 1)]
            / 1e6);
  }

  static double recall(int[] truth, int[] got) {
    int found = 0;
    for (int t : truth) {
      for (int g : got) {
        if (g == t) {
          found++;
          break;
        }
      }
    }
    return (double) found / truth.length;
  }

  /**
   * QPS at a recall level, interpolated linearly between the last point below and the first at or
   * above it (points sorted by recall); null when no point reaches it.
   */
  static Double qpsAtRecall(List<Point> points, double target) {
    List<Point> sorted = new ArrayList<>(points);
    sorted.sort((x, y) -> Double.compare(x.recall(), y.recall()));
    Point below = null;
    for (Point p : sorted) {
      if (p.recall() >= target) {
        if (below == null || p.recall() == below.recall()) {
          return bestAtOrAbove(sorted, target);
        }
        double t = (target - below.recall()) / (p.recall() - below.recall());
        return below.qps() + t * (p.qps() - below.qps());
      }
      below = p;
    }
    return null;
  }

  private static Double bestAtOrAbove(List<Point> sorted, double target) {
    double best = 0;
    for (Point p : sorted) {
      if (p.recall() >= target) {
        best = Math.max(best, p.qps());
      }
    }
    return best;
  }

  private static void printSummary(List<EngineResult> results) {
    System.out.println();
    System.out.printf(
        "%-12s %9s %8s %14s %14s %14s%n",
        "engine", "build s", "threads", "QPS@0.90", "QPS@0.95", "QPS@0.99");
    for (EngineResult r : results) {
      System.out.printf(
          "%-12s %9.1f %8d %14s %14s %14s%n",
          r.name(),
          r.buildSeconds(),
          r.threads(),
          fmt(qpsAtRecall(r.points(), 0.90)),
          fmt(qpsAtRecall(r.points(), 0.95)),
          fmt(qpsAtRecall(r.points(), 0.99)));
    }
  }

  private static String fmt(Double d) {
    return d == null ? "-" : String.format("%.0f", d);
  }

  private static void writeJson(
      Path out, float[][] base, float[][] queries, Metric metric, int k, List<EngineResult> results)
      throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    ObjectNode ds = root.putObject("dataset");
    ds.put("base", base.length);
    ds.put("queries", queries.length);
    ds.put("dim", base[0].length);
    ds.put("metric", metric.name().toLowerCase(java.util.Locale.ROOT));
    ds.put("k", k);
    ObjectNode machine = root.putObject("machine");
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.version"));
    machine.put("kernels", Kernels.get().name());
    ObjectNode engines = root.putObject("engines");
    for (EngineResult r : results) {
      ObjectNode e = engines.putObject(r.name());
      e.put("build_seconds", r.buildSeconds());
      e.put("threads", r.threads());
      ArrayNode pts = e.putArray("points");
      for (Point p : r.points()) {
        ObjectNode n = pts.addObject();
        n.put("beam", p.beam());
        n.put("recall", p.recall());
        n.put("qps", p.qps());
        n.put("p50_ms", p.p50Ms());
        n.put("p99_ms", p.p99Ms());
      }
      ObjectNode at = e.putObject("qps_at_recall");
      Map<String, Double> levels = new LinkedHashMap<>();
      for (double t : TARGETS) {
        levels.put(String.format(java.util.Locale.ROOT, "%.2f", t), qpsAtRecall(r.points(), t));
      }
      levels.forEach(
          (key, v) -> {
            if (v == null) {
              at.putNull(key);
            } else {
              at.put(key, v);
            }
          });
    }
    Files.writeString(out, json.writeValueAsString(root));
    System.out.println("wrote " + out);
  }
}
