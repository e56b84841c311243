package dev.vectorizer.bench;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.Quantization;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Storage benchmarks, side by side in one run.
 *
 * <ul>
 *   <li>{@code ingest}: see {@link IngestBench}
 *   <li>{@code open}: builds a collection once, then times opening it and measures heap bytes per
 *       vector: {@code java --add-modules jdk.incubator.vector -Xmx8g -jar
 *       vectorizer-bench/target/vectorizer-bench.jar open --n 1000000 --dim 128}
 * </ul>
 */
final class StorageBench {
  private StorageBench() {}

  static float[][] data(Args a) throws IOException {
    if (a.has("base")) {
      return VectorFiles.readFvecs(Path.of(a.required("base")));
    }
    return VectorFiles.clustered(42, a.integer("n", 100_000), a.integer("dim", 128), 64);
  }

  /** Loads all rows in batches; returns seconds. */
  static double load(
      VectorStore store, CollectionConfig config, float[][] base, int batch, boolean quiet) {
    Collection c = store.createCollection("bench", config);
    long t0 = System.nanoTime();
    List<Point> points = new ArrayList<>(batch);
    for (int i = 0; i < base.length; i++) {
      points.add(Point.of(Integer.toString(i), base[i]));
      if (points.size() == batch) {
        c.upsert(points);
        points.clear();
      }
    }
    if (!points.isEmpty()) {
      c.upsert(points);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  static void open(Args a) throws IOException {
    int n = a.integer("n", 1_000_000);
    int dim = a.integer("dim", 128);
    Path dir =
        a.has("dir") ? Path.of(a.required("dir")) : Files.createTempDirectory("vectorizer-open");
    boolean keep = a.has("dir");
    try {
      // --base FILE: real vectors (cosine) instead of clustered synthetic ones (euclidean).
      float[][] real = a.has("base") ? VectorFiles.readFvecs(Path.of(a.required("base"))) : null;
      if (real != null) {
        n = Math.min(n, real.length);
        dim = real[0].length;
      }
      Metric metric = real != null ? Metric.COSINE : Metric.EUCLIDEAN;
      Quantization quantization = Quantization.parse(a.get("quantization", "none"));
      if (!Files.exists(dir.resolve("collections/bench"))) {
        float[][] base =
            real != null ? Arrays.copyOf(real, n) : VectorFiles.clustered(42, n, dim, 64);
        long t0 = System.nanoTime();
        try (VectorStore store =
            VectorStore.builder(dir)
                .durability(Durability.NONE)
                .sealThreshold(250_000)
                .maxSegments(64)
                .open()) {
          load(
              store,
              CollectionConfig.builder(dim)
                  .metric(metric)
                  .quantization(quantization)
                  .maxDegree(a.integer("degree", 32))
                  .beamWidth(a.integer("build-beam", 100))
                  .build(),
              base,
              10_000,
              true);
          store.checkpoint();
        }
        System.out.printf(
            "built %d x %d (%s, quantization %s) in %.1f s (Durability.NONE, then checkpoint)%n",
            n, dim, metric, quantization, (System.nanoTime() - t0) / 1e9);
        if (a.has("build-only")) {
          return;
        }
      }
      long onDisk = size(dir);
      float[] query = real != null ? real[0] : VectorFiles.clustered(7, 1, dim, 64)[0];
      for (int run = 1; run <= 3; run++) {
        long heapBefore = usedHeap();
        long t0 = System.nanoTime();
        try (VectorStore store = VectorStore.open(dir)) {
          Collection c = store.collection("bench"); // collections load on first use
          c.count();
          double openSeconds = (System.nanoTime() - t0) / 1e9;
          long t1 = System.nanoTime();
          c.search(SearchRequest.of(query).limit(10));
          double firstQueryMs = (System.nanoTime() - t1) / 1e6;
          long heap = usedHeap() - heapBefore;
          System.out.printf(
              "open run %d: %.2f s for %d points in %d segments; first query %.1f ms;"
                  + " heap %.0f bytes/vector (raw vector %d bytes); files %.0f bytes/vector;"
                  + " max heap %d MB%n",
              run,
              openSeconds,
              c.count(),
              c.stats().segments(),
              firstQueryMs,
              (double) heap / c.count(),
              dim * 4,
              (double) onDisk / c.count(),
              Runtime.getRuntime().maxMemory() >> 20);
        }
      }
    } finally {
      if (!keep) {
        deleteTree(dir);
      }
    }
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
