package dev.vectorizer.bench;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code rebuild-pause}: how long searches (and writes) stall while a collection's head segment is
 * rebuilt because its deleted points outnumber its live ones, under a steady query load.
 *
 * <p>Setup: a durable store ({@code Durability.NONE}, no sealing) gets {@code n} points "a-i" (the
 * rows of {@code --base}) and {@code n} noisy copies "b-i", all through upserts, so its head graph
 * holds 2n nodes. Query threads then search back to back (top 10, a random row as the query) and
 * one writer upserts a new point every 10 ms, for a baseline window; then every "b-i" and a few
 * "a-i" are deleted, the last delete call making the deleted points outnumber the live ones, which
 * rebuilds the head of about n live points. The rebuild window runs from just before that call
 * until {@code stats().compactions()} counts the rebuild, plus one second.
 *
 * <p>Reported per window: searches, p50 / p99 / max latency, and the longest gap between two
 * consecutive search completions of one thread (what a client sees as a pause); the same for the
 * writer. The class uses the public API only, so the same command measures an older build.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx6g -jar vectorizer-bench/target/vectorizer-bench.jar \
 *   rebuild-pause --base base.fvecs --n 100000 --metric cosine [--query-threads 1] [--baseline 10]
 * </pre>
 */
final class RebuildPauseBench {
  private RebuildPauseBench() {}

  /** Latencies recorded by one thread: start and end nanos of each operation. */
  private static final class Recorder {
    long[] starts = new long[1 << 16];
    long[] ends = new long[1 << 16];
    int n;

    void add(long start, long end) {
      if (n == starts.length) {
        starts = Arrays.copyOf(starts, n * 2);
        ends = Arrays.copyOf(ends, n * 2);
      }
      starts[n] = start;
      ends[n++] = end;
    }
  }

  static void run(Args a) throws IOException, InterruptedException {
    float[][] rows = StorageBench.data(a);
    int n = Math.min(a.integer("n", rows.length), rows.length);
    Metric metric = Metric.parse(a.get("metric", "euclidean"));
    int queryThreads = a.integer("query-threads", 1);
    double baselineSeconds = a.integer("baseline", 10);
    CollectionConfig config = CollectionConfig.builder(rows[0].length).metric(metric).build();
    Path dir = Files.createTempDirectory("vectorizer-rebuild-pause");
    System.out.printf(
        Locale.ROOT,
        "rebuild-pause: n = %d (head of 2n points, then n deleted) x %d, %s, %d query threads +"
            + " 1 writer, %d cores, %s%n",
        n,
        rows[0].length,
        metric,
        queryThreads,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    try (VectorStore store =
        VectorStore.builder(dir)
            .durability(Durability.NONE)
            .sealThreshold(Integer.MAX_VALUE)
            .open()) {
      Collection c = store.createCollection("bench", config);
      long t0 = System.nanoTime();
      load(c, rows, n);
      System.out.printf(
          Locale.ROOT,
          "  loaded %d points through upserts in %.1f s; %s%n",
          2 * n,
          (System.nanoTime() - t0) / 1e9,
          c.stats());

      AtomicBoolean stop = new AtomicBoolean();
      List<Recorder> searches = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < queryThreads; t++) {
        Recorder r = new Recorder();
        searches.add(r);
        Random random = new Random(t);
        threads.add(
            new Thread(
                () -> {
                  while (!stop.get()) {
                    float[] q = rows[random.nextInt(n)];
                    long s = System.nanoTime();
                    c.search(SearchRequest.of(q).limit(10));
                    r.add(s, System.nanoTime());
                  }
                },
                "query-" + t));
      }
      Recorder writes = new Recorder();
      threads.add(
          new Thread(
              () -> {
                Random random = new Random(99);
                for (int i = 0; !stop.get(); i++) {
                  long s = System.nanoTime();
                  c.upsert(Point.of("c-" + i, rows[random.nextInt(n)]));
                  writes.add(s, System.nanoTime());
                  sleep(10);
                }
              },
              "writer"));
      threads.forEach(Thread::start);
      sleep(5_000); // warm-up, not reported
      long baselineStart = System.nanoTime();
      sleep((long) (baselineSeconds * 1000));
      long baselineEnd = System.nanoTime();

      long compactions = c.stats().compactions();
      List<String> doomed = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        doomed.add("b-" + i);
      }
      long d0 = System.nanoTime();
      int last = Math.max(0, doomed.size() - 1000);
      for (int i = 0; i < last; i += 1000) {
        c.delete(doomed.subList(i, Math.min(last, i + 1000)));
      }
      List<String> trigger = new ArrayList<>(doomed.subList(last, doomed.size()));
      // After this call: deleted n + k, live count - (n - last) - k; the writer's points are live.
      long k = Math.max(1, (c.count() - (n - last) - n) / 2 + 50);
      for (int i = 0; i < k; i++) {
        trigger.add("a-" + i);
      }
      System.out.printf(
          Locale.ROOT,
          "  deleted %d points in %.1f s; the last delete call makes them outnumber the live ones%n",
          last,
          (System.nanoTime() - d0) / 1e9);
      long rebuildStart = System.nanoTime();
      c.delete(trigger);
      long triggerReturned = System.nanoTime();
      while (c.stats().compactions() == compactions) {
        sleep(5);
      }
      long rebuilt = System.nanoTime();
      sleep(1_000);
      long rebuildEnd = System.nanoTime();
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      System.out.printf(
          Locale.ROOT,
          "  the triggering delete (%d points) returned after %.0f ms; the rebuilt head was in"
              + " place after %.1f s; %s%n",
          trigger.size(),
          (triggerReturned - rebuildStart) / 1e6,
          (rebuilt - rebuildStart) / 1e9,
          c.stats());
      System.out.printf(
          Locale.ROOT,
          "%n  %-22s %-8s %9s %9s %9s %9s %12s%n",
          "window",
          "what",
          "ops",
          "p50 ms",
          "p99 ms",
          "max ms",
          "max gap ms");
      report("baseline", "search", searches, baselineStart, baselineEnd);
      report("during the rebuild", "search", searches, rebuildStart, rebuildEnd);
      report("baseline", "upsert", List.of(writes), baselineStart, baselineEnd);
      report("during the rebuild", "upsert", List.of(writes), rebuildStart, rebuildEnd);
    } finally {
      StorageBench.deleteTree(dir);
    }
  }

  /** n rows as "a-i" and n noisy copies as "b-i", in batches of 1,000. */
  private static void load(Collection c, float[][] rows, int n) {
    Random noise = new Random(5);
    List<Point> batch = new ArrayList<>(1000);
    for (int i = 0; i < 2 * n; i++) {
      float[] v = rows[i % n];
      if (i >= n) {
        v = v.clone();
        for (int d = 0; d < v.length; d++) {
          v[d] += (float) (noise.nextGaussian() * 0.05 / Math.sqrt(v.length));
        }
      }
      batch.add(Point.of((i < n ? "a-" : "b-") + (i % n), v));
      if (batch.size() == 1000) {
        c.upsert(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      c.upsert(batch);
    }
  }

  /** Operations that ended in [from, to): latency percentiles and the longest completion gap. */
  private static void report(
      String window, String what, List<Recorder> recorders, long from, long to) {
    List<Long> latencies = new ArrayList<>();
    long maxGap = 0;
    for (Recorder r : recorders) {
      long previousEnd = -1;
      for (int i = 0; i < r.n; i++) {
        if (r.ends[i] < from || r.ends[i] >= to) {
          continue;
        }
        latencies.add(r.ends[i] - r.starts[i]);
        long since =
            previousEnd < 0 ? r.ends[i] - Math.max(from, r.starts[i]) : r.ends[i] - previousEnd;
        maxGap = Math.max(maxGap, since);
        previousEnd = r.ends[i];
      }
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "  %-22s %-8s %9d %9.2f %9.2f %9.1f %12.1f%n",
        window,
        what,
        sorted.length,
        percentile(sorted, 0.50) / 1e6,
        percentile(sorted, 0.99) / 1e6,
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
        maxGap / 1e6);
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)];
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
