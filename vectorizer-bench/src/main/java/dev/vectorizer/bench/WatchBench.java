package dev.vectorizer.bench;

import dev.vectorizer.Collection;
import dev.vectorizer.VectorStore;
import dev.vectorizer.watch.FileSync;
import dev.vectorizer.watch.WatchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The watcher: initial indexing of a real source tree (files/s, chunks/s), the latency from saving
 * a file to its new text being searchable (p50/p95, debounce 300 ms included), and the restart time
 * of an unchanged tree of many files.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar vectorizer-bench/target/vectorizer-bench.jar \
 *   watch --dir . --embedder hashing --edits 30 --restart-files 10000
 * </pre>
 */
final class WatchBench {
  private WatchBench() {}

  static void run(Args a) throws Exception {
    Path tree = Path.of(a.required("dir")).toAbsolutePath().normalize();
    String embedder = a.get("embedder", "hashing");
    Path work = Files.createTempDirectory("vectorizer-watch-bench");
    try {
      Path copy = work.resolve("tree");
      copyTree(tree, copy);
      try (VectorStore store = VectorStore.open(work.resolve("data"))) {
        WatchConfig c = config(copy, embedder);
        long t0 = System.nanoTime();
        FileSync sync = new FileSync(store, c, work.resolve("data/watch/files.json"), null);
        sync.start();
        sync.awaitIdle(3_600_000);
        double s = (System.nanoTime() - t0) / 1e9;
        Collection col = store.collection("files");
        long files = sync.counters().indexed();
        System.out.printf(
            "initial index of %s with %s: %d files, %d chunks in %.1f s (%.0f files/s, %.0f chunks/s)%n",
            tree, embedder, files, col.count(), s, files / s, col.count() / s);
        int edits = a.integer("edits", 30);
        long[] latency = new long[edits];
        Path target = copy.resolve("bench-edit.txt");
        for (int i = 0; i < edits; i++) {
          String token = "token" + i + "x" + System.nanoTime();
          long start = System.nanoTime();
          Files.writeString(target, "An edited file with the marker " + token + ".");
          while (true) {
            var p = col.get(target + "#0");
            if (p.isPresent() && ((String) p.get().payload().get("text")).contains(token)) {
              break;
            }
            Thread.sleep(2);
          }
          latency[i] = System.nanoTime() - start;
          Thread.sleep(50);
        }
        Arrays.sort(latency);
        System.out.printf(
            "save -> searchable (debounce %d ms): p50 %.0f ms, p95 %.0f ms over %d edits%n",
            c.debounceMs(),
            latency[edits / 2] / 1e6,
            latency[Math.min(edits - 1, (int) Math.ceil(edits * 0.95) - 1)] / 1e6,
            edits);
        sync.close();
      }
      int n = a.integer("restart-files", 10_000);
      Path many = Files.createDirectories(work.resolve("many"));
      for (int i = 0; i < n; i++) {
        Path d = Files.createDirectories(many.resolve("d" + (i % 100)));
        Files.writeString(
            d.resolve("f" + i + ".txt"), "file " + i + " holds a short note number " + i);
      }
      try (VectorStore store = VectorStore.open(work.resolve("data2"))) {
        WatchConfig c = config(many, "hashing");
        long t0 = System.nanoTime();
        try (FileSync sync = new FileSync(store, c, work.resolve("data2/watch/files.json"), null)) {
          sync.start();
          sync.awaitIdle(3_600_000);
        }
        double first = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        long reembedded;
        try (FileSync sync = new FileSync(store, c, work.resolve("data2/watch/files.json"), null)) {
          sync.start();
          sync.awaitIdle(3_600_000);
          reembedded = sync.counters().indexed();
        }
        double restart = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "%d-file tree: first index %.1f s; restart with no changes %.2f s (%d files re-embedded)%n",
            n, first, restart, reembedded);
      }
    } finally {
      StorageBench.deleteTree(work);
    }
  }

  private static WatchConfig config(Path root, String embedder) {
    WatchConfig d = WatchConfig.of(List.of(root), "files");
    return new WatchConfig(
        true,
        List.of(root),
        300,
        true,
        false,
        d.includePatterns(),
        List.of("**/.git/**", "**/node_modules/**", "**/target/**"),
        true,
        1_000_000L,
        "files",
        d.routes(),
        embedder,
        1000,
        200,
        false);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        String rel = from.relativize(p).toString();
        if (rel.contains(".git/")
            || rel.startsWith(".git")
            || rel.contains("target/")
            || rel.startsWith("target")) {
          continue;
        }
        Path dest = to.resolve(rel);
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else if (Files.isRegularFile(p) && Files.size(p) < 1_000_000) {
          Files.createDirectories(dest.getParent());
          Files.copy(p, dest);
        }
      }
    }
  }
}
