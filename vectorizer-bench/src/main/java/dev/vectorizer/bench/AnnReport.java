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
import java.util.Locale;
import java.util.Map;

/**
 * The ANN harness's results as a console summary, Markdown tables and JSON: QPS at recall levels
 * (median and spread over repetitions), and ratios computed repetition by repetition: every series
 * against the fastest float Lucene engine of that repetition ({@code lucene}, {@code lucene-m32}),
 * every quantized vectorizer series against each quantized Lucene engine ({@code lucene-int8},
 * {@code lucene-bbq}), and every multi-threaded series against its single-threaded one.
 */
final class AnnReport {
  /** The float32 HNSW anchors; the quantized ones are compared separately. */
  static final List<String> FLOAT_LUCENE = List.of("lucene", "lucene-m32");

  /** The quantized HNSW anchors, each compared with every quantized vectorizer engine. */
  static final List<String> QUANTIZED_LUCENE = List.of("lucene-int8", "lucene-bbq");

  private static final List<String> QUANTIZED_VECTORIZER =
      List.of("vectorizer-pq", "vectorizer-nvq", "vectorizer-binary", "vectorizer-int8");

  private final List<AnnHarness.EngineResult> results;
  private final int reps;

  AnnReport(List<AnnHarness.EngineResult> results, int reps) {
    this.results = results;
    this.reps = reps;
  }

  /** A ratio's median and spread over repetitions, by wall-clock or CPU-time QPS. */
  record Ratio(String name, double target, boolean cpu, double median, double min, double max) {
    String clock() {
      return cpu ? "cpu" : "wall";
    }
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /**
   * QPS (wall clock, or per CPU-second) at a recall level in one repetition (-1: the median over
   * repetitions), or null when not reached.
   */
  static Double qpsAtRecall(List<AnnHarness.Point> points, double target, int rep, boolean cpu) {
    List<double[]> rq = new ArrayList<>(); // {recall, qps}
    for (AnnHarness.Point p : points) {
      double[] reps = p.reps(cpu);
      rq.add(new double[] {p.recall(), rep < 0 ? median(reps) : reps[rep]});
    }
    rq.sort((x, y) -> Double.compare(x[0], y[0]));
    double[] below = null;
    for (double[] p : rq) {
      if (p[0] >= target) {
        if (below == null || p[0] == below[0]) {
          double best = 0;
          for (double[] o : rq) {
            if (o[0] >= target) {
              best = Math.max(best, o[1]);
            }
          }
          return best;
        }
        double t = (target - below[0]) / (p[0] - below[0]);
        return below[1] + t * (p[1] - below[1]);
      }
      below = p;
    }
    return null;
  }

  static Double qpsAtRecall(List<AnnHarness.Point> points, double target) {
    return qpsAtRecall(points, target, -1, false);
  }

  /**
   * Mean distance computations per query at a recall level, interpolated between the two nearest
   * beams (the smallest beam's when it already reaches the level), or null when the level is not
   * reached or the engine does not report them.
   */
  static Double distancesAtRecall(List<AnnHarness.Point> points, double target) {
    List<AnnHarness.Point> byRecall =
        points.stream()
            .sorted(java.util.Comparator.comparingDouble(AnnHarness.Point::recall))
            .toList();
    AnnHarness.Point below = null;
    for (AnnHarness.Point p : byRecall) {
      if (p.distances() < 0) {
        return null;
      }
      if (p.recall() >= target) {
        if (below == null || p.recall() == below.recall()) {
          return p.distances();
        }
        double t = (target - below.recall()) / (p.recall() - below.recall());
        return below.distances() + t * (p.distances() - below.distances());
      }
      below = p;
    }
    return null;
  }

  List<Ratio> ratios(double target) {
    List<Ratio> out = new ArrayList<>(ratios(target, false));
    out.addAll(ratios(target, true).stream().filter(r -> !r.name().contains("@")).toList());
    return out;
  }

  /** Per-repetition ratios at a recall level. */
  private List<Ratio> ratios(double target, boolean cpu) {
    List<Ratio> out = new ArrayList<>();
    for (AnnHarness.EngineResult r : results) {
      String engine = baseName(r.name());
      List<AnnHarness.EngineResult> lucene =
          results.stream()
              .filter(
                  o ->
                      FLOAT_LUCENE.contains(baseName(o.name()))
                          && o.queryThreads() == r.queryThreads())
              .toList();
      if (!FLOAT_LUCENE.contains(engine) && !lucene.isEmpty()) {
        ratio(r.name() + " / fastest of " + names(lucene), target, cpu, r, lucene)
            .ifPresent(out::add);
      }
      if (QUANTIZED_VECTORIZER.contains(engine)) {
        for (AnnHarness.EngineResult q : results) {
          if (QUANTIZED_LUCENE.contains(baseName(q.name()))
              && q.queryThreads() == r.queryThreads()) {
            ratio(r.name() + " / " + q.name(), target, cpu, r, List.of(q)).ifPresent(out::add);
          }
        }
      }
      if (!engine.equals(r.name())) {
        results.stream()
            .filter(o -> o.name().equals(engine))
            .findFirst()
            .flatMap(one -> ratio(r.name() + " / " + engine, target, cpu, r, List.of(one)))
            .ifPresent(out::add);
      }
    }
    return out;
  }

  private static String names(List<AnnHarness.EngineResult> rs) {
    return String.join(",", rs.stream().map(AnnHarness.EngineResult::name).toList());
  }

  private static String baseName(String series) {
    int at = series.indexOf('@');
    return at < 0 ? series : series.substring(0, at);
  }

  private java.util.Optional<Ratio> ratio(
      String name,
      double target,
      boolean cpu,
      AnnHarness.EngineResult num,
      List<AnnHarness.EngineResult> dens) {
    double[] v = new double[reps];
    for (int rep = 0; rep < reps; rep++) {
      Double n = qpsAtRecall(num.points(), target, rep, cpu);
      double best = 0;
      for (AnnHarness.EngineResult d : dens) {
        Double q = qpsAtRecall(d.points(), target, rep, cpu);
        best = Math.max(best, q == null ? 0 : q);
      }
      if (n == null || best == 0) {
        return java.util.Optional.empty();
      }
      v[rep] = n / best;
    }
    return java.util.Optional.of(
        new Ratio(
            name,
            target,
            cpu,
            median(v),
            Arrays.stream(v).min().orElse(0),
            Arrays.stream(v).max().orElse(0)));
  }

  private String spreadAt(AnnHarness.EngineResult r, double target, boolean cpu) {
    Double med = qpsAtRecall(r.points(), target, -1, cpu);
    if (med == null) {
      return "-";
    }
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (int rep = 0; rep < reps; rep++) {
      Double q = qpsAtRecall(r.points(), target, rep, cpu);
      if (q != null) {
        lo = Math.min(lo, q);
        hi = Math.max(hi, q);
      }
    }
    return String.format(Locale.ROOT, "%.0f (%.0f-%.0f)", med, lo, hi);
  }

  void print() {
    System.out.println();
    System.out.printf(
        "%-22s %8s %8s %12s %22s %12s %22s%n",
        "engine",
        "build s",
        "threads",
        "QPS@0.90",
        "QPS@0.95 (min-max)",
        "QPS@0.99",
        "CPU-QPS@0.95 (min-max)");
    for (AnnHarness.EngineResult r : results) {
      System.out.printf(
          "%-22s %8.1f %8d %12s %22s %12s %22s%n",
          r.name(),
          r.buildSeconds(),
          r.queryThreads(),
          fmt(qpsAtRecall(r.points(), 0.90)),
          spreadAt(r, 0.95, false),
          fmt(qpsAtRecall(r.points(), 0.99)),
          spreadAt(r, 0.95, true));
    }
    System.out.println("\ndistance computations per query at recall 0.90 / 0.95 / 0.99:");
    for (AnnHarness.EngineResult r : results) {
      if (r.queryThreads() == results.get(0).queryThreads()) {
        System.out.printf(
            "  %-22s %8s %8s %8s%n",
            r.name(),
            fmt(distancesAtRecall(r.points(), 0.90)),
            fmt(distancesAtRecall(r.points(), 0.95)),
            fmt(distancesAtRecall(r.points(), 0.99)));
      }
    }
    System.out.printf(
        "%nratios of QPS at equal recall, per repetition: median (min-max) of %d%n", reps);
    for (double t : TARGETS_FOR_RATIOS) {
      for (Ratio x : ratios(t)) {
        System.out.printf(
            Locale.ROOT,
            "  @%.2f  %-4s %-50s %.2f (%.2f-%.2f)%n",
            t,
            x.clock(),
            x.name(),
            x.median(),
            x.min(),
            x.max());
      }
    }
  }

  private static final double[] TARGETS_FOR_RATIOS = {0.90, 0.95, 0.99};

  /** The summary, the ratios and the points as Markdown, for docs/benchmarks.md. */
  String markdown() {
    StringBuilder s = new StringBuilder();
    s.append("| engine | build s | build threads | query threads | QPS @ recall 0.90 |")
        .append(" 0.95 (min-max over repetitions) | 0.99 | per CPU-second @ 0.95 |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (AnnHarness.EngineResult r : results) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %d | %d | %s | %s | %s | %s |%n",
              r.name(),
              r.buildSeconds(),
              r.threads(),
              r.queryThreads(),
              fmt(qpsAtRecall(r.points(), 0.90)),
              spreadAt(r, 0.95, false),
              fmt(qpsAtRecall(r.points(), 0.99)),
              spreadAt(r, 0.95, true)));
    }
    s.append("\n| ratio of QPS at equal recall | recall | clock | median | min | max |\n");
    s.append("|---|---:|---|---:|---:|---:|\n");
    for (double t : TARGETS_FOR_RATIOS) {
      for (Ratio x : ratios(t)) {
        s.append(
            String.format(
                Locale.ROOT,
                "| %s | %.2f | %s | %.2f | %.2f | %.2f |%n",
                x.name(),
                t,
                x.clock(),
                x.median(),
                x.min(),
                x.max()));
      }
    }
    s.append(
        "\n| engine | beam | recall | distances/query | QPS (median) | min | max | p50 ms | p99 ms"
            + " |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (AnnHarness.EngineResult r : results) {
      for (AnnHarness.Point p : r.points()) {
        s.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %.4f | %.0f | %.0f | %.0f | %.0f | %.3f | %.3f |%n",
                r.name(),
                p.beam(),
                p.recall(),
                p.distances(),
                p.qps(),
                p.qpsMin(),
                p.qpsMax(),
                p.p50Ms(),
                p.p99Ms()));
      }
    }
    return s.toString();
  }

  private static String fmt(Double d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%.0f", d);
  }

  /**
   * Writes the results as JSON: {@code dataset}, {@code machine}, {@code engines.NAME} with {@code
   * build_seconds}, {@code threads} (build), {@code query_threads}, {@code points} (beam, recall,
   * qps = median, qps_min, qps_max, qps_reps, cpu_qps (queries per CPU-second, median),
   * cpu_qps_reps, p50_ms, p99_ms, distances: mean distance computations per query, -1 when not
   * reported), {@code qps_at_recall} and {@code distances_at_recall}; {@code ratios} (clock wall or
   * cpu); {@code repetitions}; {@code graph}.
   */
  void writeJson(
      Path out, int baseCount, int queryCount, int dim, Metric metric, int k, CollectionConfig g)
      throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    ObjectNode ds = root.putObject("dataset");
    ds.put("base", baseCount);
    ds.put("queries", queryCount);
    ds.put("dim", dim);
    ds.put("metric", metric.name().toLowerCase(Locale.ROOT));
    ds.put("k", k);
    ObjectNode machine = root.putObject("machine");
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.version"));
    machine.put("kernels", Kernels.get().name());
    root.put("repetitions", reps);
    ObjectNode graph = root.putObject("graph");
    graph.put("degree", g.maxDegree());
    graph.put("build_beam", g.beamWidth());
    graph.put("alpha", g.alpha());
    graph.put("overflow", g.neighborOverflow());
    ObjectNode engines = root.putObject("engines");
    for (AnnHarness.EngineResult r : results) {
      ObjectNode e = engines.putObject(r.name());
      e.put("build_seconds", r.buildSeconds());
      e.put("threads", r.threads());
      e.put("query_threads", r.queryThreads());
      ArrayNode pts = e.putArray("points");
      for (AnnHarness.Point p : r.points()) {
        ObjectNode n = pts.addObject();
        n.put("beam", p.beam());
        n.put("recall", p.recall());
        n.put("distances", p.distances());
        n.put("qps", p.qps());
        n.put("qps_min", p.qpsMin());
        n.put("qps_max", p.qpsMax());
        ArrayNode each = n.putArray("qps_reps");
        for (double q : p.qpsReps()) {
          each.add(q);
        }
        n.put("cpu_qps", median(p.cpuQpsReps()));
        ArrayNode cpuEach = n.putArray("cpu_qps_reps");
        for (double q : p.cpuQpsReps()) {
          cpuEach.add(q);
        }
        n.put("p50_ms", p.p50Ms());
        n.put("p99_ms", p.p99Ms());
      }
      ObjectNode at = e.putObject("qps_at_recall");
      Map<String, Double> levels = new LinkedHashMap<>();
      for (double t : AnnHarness.TARGETS) {
        levels.put(String.format(Locale.ROOT, "%.2f", t), qpsAtRecall(r.points(), t));
      }
      ObjectNode work = e.putObject("distances_at_recall");
      for (double t : AnnHarness.TARGETS) {
        Double d = distancesAtRecall(r.points(), t);
        String key = String.format(Locale.ROOT, "%.2f", t);
        if (d == null) {
          work.putNull(key);
        } else {
          work.put(key, d);
        }
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
    ArrayNode ratios = root.putArray("ratios");
    for (double t : TARGETS_FOR_RATIOS) {
      for (Ratio x : ratios(t)) {
        ObjectNode n = ratios.addObject();
        n.put("name", x.name());
        n.put("recall", t);
        n.put("clock", x.clock());
        n.put("median", x.median());
        n.put("min", x.min());
        n.put("max", x.max());
      }
    }
    Files.writeString(out, json.writeValueAsString(root));
    System.out.println("wrote " + out);
  }
}
