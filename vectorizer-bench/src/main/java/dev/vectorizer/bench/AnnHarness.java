package dev.vectorizer.bench;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.internal.kernels.Kernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The ANN recall/QPS harness: builds every engine on the same data in one JVM, warms each one until
 * a full sweep over the beams takes a stable time, then measures every (engine, beam, query
 * threads) point in a shuffled order, several repetitions, and reports the median QPS with its
 * spread, recall@k, p50/p99 latency, QPS interpolated at recall 0.90, 0.95 and 0.99, and each
 * engine's QPS ratio to the fastest float Lucene engine, repetition by repetition.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar vectorizer-bench/target/vectorizer-bench.jar ann \
 *   --base B.fvecs --query Q.fvecs [--gt G.ivecs] [--n 20000] --k 10 --metric cosine|dot|euclidean \
 *   [--engines vectorizer,vectorizer-mapped,vectorizer-heap,jvector,lucene,lucene-m32,lucene-int8,
 *              lucene-bbq,exact]   (vectorizer:degree=24:alpha=1.4: other graph settings, side by side)
 *   [--beams 10,16,24,...] [--reps 5] [--threads 1|1,2] [--repeat PASSES] [--seed 1]
 *   [--degree 32 --alpha 1.2 --build-beam 100 --overflow 1.2] [--out results.json]
 *   [--plot recall-qps.svg] [--markdown table.md] [--jfr profile.jfr] [--warmup-max 8]
 * </pre>
 *
 * <p>Why this order: the machine is shared and noisy, so every engine's points are spread over the
 * whole run instead of measured in one block, and a ratio is taken within each repetition, where
 * both engines saw the same noise. Why the warm-up: a JIT that has not compiled an engine's search
 * path yet makes its first beams look slow (the harness used to measure Lucene's beam 10 as fast as
 * its beam 32 for that reason).
 */
final class AnnHarness {
  static final double[] TARGETS = {0.90, 0.95, 0.99};

  private AnnHarness() {}

  /**
   * One measured beam of one series.
   *
   * @param qps the median over repetitions
   * @param qpsReps QPS of each repetition, in repetition order
   * @param cpuQpsReps queries per CPU-second of each repetition
   * @param distances mean distance computations per query (-1: the engine does not report them)
   */
  record Point(
      int beam,
      double recall,
      double distances,
      double qps,
      double qpsMin,
      double qpsMax,
      double p50Ms,
      double p99Ms,
      double[] qpsReps,
      double[] cpuQpsReps) {
    double[] reps(boolean cpu) {
      return cpu ? cpuQpsReps : qpsReps;
    }
  }

  /** One engine at one number of query threads. */
  record EngineResult(
      String name, double buildSeconds, int threads, int queryThreads, List<Point> points) {}

  static void run(Args a) throws Exception {
    Path basePath = Path.of(a.required("base"));
    Path queryPath = Path.of(a.required("query"));
    int k = a.integer("k", 10);
    Metric metric = Metric.parse(a.required("metric"));
    List<String> engineNames =
        Arrays.asList(a.get("engines", "vectorizer,jvector,lucene,lucene-m32,exact").split(","));
    int[] beams = ints(a.get("beams", "10,16,24,32,48,64,96,128,192,256,384"));
    int[] threadCounts = ints(a.get("threads", "1"));
    int reps = a.integer("reps", 5);
    float[][] base = VectorFiles.readFvecs(basePath);
    if (a.has("n")) {
      base = Arrays.copyOf(base, Math.min(base.length, a.integer("n", base.length)));
    }
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
    int passes = a.integer("repeat", Math.max(1, 2000 / queries.length));
    System.out.printf(
        "dataset: %d base x %d dims, %d queries, k=%d, %s; kernels %s; %d cores; java %s%n",
        base.length,
        base[0].length,
        queries.length,
        k,
        metric,
        Kernels.get().name(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    CollectionConfig config = graphConfig(a, base[0].length, metric);
    System.out.println("graph: " + config);

    List<AnnEngine> engines = new ArrayList<>();
    List<Double> buildSeconds = new ArrayList<>();
    int maxThreads = Arrays.stream(threadCounts).max().orElse(1);
    try (QueryRunner runner = new QueryRunner(maxThreads)) {
      for (String name : engineNames) {
        AnnEngine engine = Engines.create(name.trim(), metric, config);
        engines.add(engine);
        long t0 = System.nanoTime();
        engine.build(base);
        double took = (System.nanoTime() - t0) / 1e9;
        buildSeconds.add(engine.buildSeconds() >= 0 ? engine.buildSeconds() : took);
        System.out.printf("%s: built in %.1f s%n", engine.name(), buildSeconds.getLast());
      }
      for (AnnEngine engine : engines) {
        warmUp(runner, engine, queries, k, engine.sweeps() ? beams : new int[] {k}, a);
      }
      jdk.jfr.Recording recording = startRecording(a);
      List<EngineResult> results =
          measure(
              runner,
              engines,
              buildSeconds,
              queries,
              truth,
              k,
              beams,
              threadCounts,
              reps,
              passes,
              a.integer("seed", 1));
      if (recording != null) {
        recording.stop(); // writes the file
        recording.close();
        System.out.println("wrote " + a.required("jfr"));
      }
      AnnReport report = new AnnReport(results, reps);
      report.print();
      if (a.has("out")) {
        report.writeJson(
            Path.of(a.required("out")),
            base.length,
            queries.length,
            base[0].length,
            metric,
            k,
            config);
      }
      if (a.has("plot")) {
        Plot.svg(Path.of(a.required("plot")), results, k);
      }
      if (a.has("markdown")) {
        Files.writeString(Path.of(a.required("markdown")), report.markdown());
      }
    } finally {
      for (AnnEngine e : engines) {
        e.close();
      }
    }
  }

  /**
   * With {@code --jfr FILE}, a Java Flight Recorder recording (the JDK's "profile" settings) of the
   * measured repetitions only: builds and warm-up are not in it. See scripts/jfr-hot.sh.
   */
  private static jdk.jfr.Recording startRecording(Args a) throws Exception {
    if (!a.has("jfr")) {
      return null;
    }
    jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
    r.setDestination(Path.of(a.required("jfr")));
    r.start();
    return r;
  }

  static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
  }

  private static CollectionConfig graphConfig(Args a, int dim, Metric metric) {
    CollectionConfig d = CollectionConfig.builder(dim).metric(metric).build();
    return d.toBuilder()
        .maxDegree(a.integer("degree", d.maxDegree()))
        .beamWidth(a.integer("build-beam", d.beamWidth()))
        .alpha(Float.parseFloat(a.get("alpha", Float.toString(d.alpha()))))
        .neighborOverflow(Float.parseFloat(a.get("overflow", Float.toString(d.neighborOverflow()))))
        .build();
  }

  /** Full untimed sweeps until one takes within 5% of the time of the one before (2 to 8). */
  private static void warmUp(
      QueryRunner runner, AnnEngine engine, float[][] queries, int k, int[] beams, Args a)
      throws IOException {
    int max = Math.max(2, a.integer("warmup-max", 8));
    double previous = Double.NaN;
    StringBuilder times = new StringBuilder();
    for (int sweep = 1; sweep <= max; sweep++) {
      double seconds = 0;
      for (int beam : beams) {
        seconds += runner.run(engine, queries, k, beam, 1, 1).seconds();
      }
      times.append(String.format(java.util.Locale.ROOT, " %.2f", seconds));
      if (sweep >= 2 && Math.abs(seconds - previous) <= 0.05 * previous) {
        break;
      }
      previous = seconds;
    }
    System.out.printf("%s: warm-up sweeps (s):%s%n", engine.name(), times);
  }

  private record Task(int series, int beamIndex) {}

  private static List<EngineResult> measure(
      QueryRunner runner,
      List<AnnEngine> engines,
      List<Double> buildSeconds,
      float[][] queries,
      int[][] truth,
      int k,
      int[] beams,
      int[] threadCounts,
      int reps,
      int passes,
      long seed)
      throws IOException {
    List<AnnEngine> seriesEngine = new ArrayList<>();
    List<String> seriesName = new ArrayList<>();
    List<Integer> seriesThreads = new ArrayList<>();
    List<Double> seriesBuild = new ArrayList<>();
    for (int e = 0; e < engines.size(); e++) {
      for (int t : threadCounts) {
        AnnEngine engine = engines.get(e);
        seriesEngine.add(engine);
        seriesName.add(t == threadCounts[0] ? engine.name() : engine.name() + "@" + t + "t");
        seriesThreads.add(t);
        seriesBuild.add(buildSeconds.get(e));
      }
    }
    int s = seriesEngine.size();
    double[][][] qps = new double[s][beams.length][reps];
    double[][][] cpuQps = new double[s][beams.length][reps];
    double[][] recall = new double[s][beams.length];
    double[][] distances = new double[s][beams.length];
    List<List<long[]>> latencies = new ArrayList<>();
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < s; i++) {
      List<long[]> perBeam = new ArrayList<>();
      int n = seriesEngine.get(i).sweeps() ? beams.length : 1;
      for (int b = 0; b < n; b++) {
        tasks.add(new Task(i, b));
        perBeam.add(new long[0]);
      }
      latencies.add(perBeam);
    }
    Random random = new Random(seed);
    for (int r = 0; r < reps; r++) {
      Collections.shuffle(tasks, random);
      for (Task t : tasks) {
        AnnEngine engine = seriesEngine.get(t.series());
        int beam = engine.sweeps() ? beams[t.beamIndex()] : k;
        QueryRunner.Sample sample =
            runner.run(engine, queries, k, beam, passes, seriesThreads.get(t.series()));
        qps[t.series()][t.beamIndex()][r] = sample.qps();
        cpuQps[t.series()][t.beamIndex()][r] = sample.cpuQps();
        long[] old = latencies.get(t.series()).get(t.beamIndex());
        long[] all = Arrays.copyOf(old, old.length + sample.latencyNanos().length);
        System.arraycopy(sample.latencyNanos(), 0, all, old.length, sample.latencyNanos().length);
        latencies.get(t.series()).set(t.beamIndex(), all);
        if (r == 0) {
          double sum = 0;
          for (int q = 0; q < queries.length; q++) {
            sum += recall(truth[q], sample.firstPass()[q]);
          }
          recall[t.series()][t.beamIndex()] = sum / queries.length;
          distances[t.series()][t.beamIndex()] = sample.meanDistances();
        }
      }
      System.out.printf("repetition %d of %d done%n", r + 1, reps);
    }
    List<EngineResult> results = new ArrayList<>();
    for (int i = 0; i < s; i++) {
      List<Point> points = new ArrayList<>();
      AnnEngine engine = seriesEngine.get(i);
      for (int b = 0; b < latencies.get(i).size(); b++) {
        long[] lat = latencies.get(i).get(b);
        Arrays.sort(lat);
        double[] q = qps[i][b];
        points.add(
            new Point(
                engine.sweeps() ? beams[b] : k,
                recall[i][b],
                distances[i][b],
                AnnReport.median(q),
                Arrays.stream(q).min().orElse(0),
                Arrays.stream(q).max().orElse(0),
                lat[lat.length / 2] / 1e6,
                lat[Math.min(lat.length - 1, (int) Math.ceil(lat.length * 0.99) - 1)] / 1e6,
                q.clone(),
                cpuQps[i][b].clone()));
      }
      results.add(
          new EngineResult(
              seriesName.get(i),
              seriesBuild.get(i),
              engine.buildThreads(),
              seriesThreads.get(i),
              points));
    }
    return results;
  }

  private static int[][] groundTruth(
      Args a, float[][] base, float[][] queries, int k, Metric metric) throws IOException {
    if (a.has("gt")) {
      Path gtPath = Path.of(a.required("gt"));
      if (a.has("n")) {
        throw new IllegalArgumentException(
            "--gt " + gtPath + " was computed for the whole base file; drop it with --n");
      }
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
    java.util.stream.IntStream.range(0, queries.length)
        .parallel()
        .forEach(i -> gt[i] = GroundTruth.topK(Kernels.get(), metric, base, queries[i], k));
    System.out.printf("ground truth by exact search in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    return gt;
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
}
