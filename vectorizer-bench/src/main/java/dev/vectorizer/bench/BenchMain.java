package dev.vectorizer.bench;

import java.nio.file.Path;

/**
 * The entry point of {@code vectorizer-bench.jar}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar vectorizer-bench/target/vectorizer-bench.jar COMMAND
 *   ann    --base B.fvecs --query Q.fvecs [--gt G.ivecs] --k 10 --metric cosine|dot|euclidean
 *          [--engines vectorizer,jvector,lucene,exact] [--out results.json] [--plot plot.svg]
 *   ingest [--base B.fvecs | --n 100000 --dim 128] [--metric euclidean] [--repeat 3]
 *          [--engines bulk,lucene,lucene-1t,upsert,upsert-nofsync,memory,jvector] [--batch 1000]
 *          [--query Q.fvecs]   build time side by side (IngestBench)
 *   open   [--n 1000000 --dim 128] [--dir DIR] [--degree 32 --build-beam 100] [--build-only]
 *   rebuild-pause [--base B.fvecs --n 100000] [--metric cosine] [--query-threads 1]
 *          longest search and write pauses during a head rebuild (RebuildPauseBench)
 *   gen    --n N --dim D --out FILE.fvecs [--queries Q --query-out Q.fvecs] [--seed S]
 *   embed  --dir CORPUS --out FILE.fvecs [--embedder minilm] [--chunk-size 500] [--queries 200
 *          --query-out Q.fvecs]
 *   backup [--n 200000 --dim 128]   full backup MB/s (gzip and plain), 1% incremental, restore
 *   watch  --dir TREE [--embedder hashing] [--edits 30] [--restart-files 10000]
 *   ir     --dir CORPUS [--questions FILE] [--embedder minilm] [--data DIR] [--rounds 3]
 *          (render the corpus with scripts/ir-corpus.sh DIR)
 *   http   [--base B.fvecs --query Q.fvecs | --n 20000 --dim 384 --queries 500] [--k 10]
 *          [--rounds 5]   search over HTTP vs in-process: ratio, p50/p99 overhead
 *   jmh    [JMH options and benchmark regexes]
 * </pre>
 */
public final class BenchMain {
  // JVector reports its SIMD provider and thread count through java.util.logging; keep the output
  // clean. The strong reference matters: java.util.logging forgets unreferenced loggers' levels.
  private static final java.util.logging.Logger JVECTOR_LOG =
      java.util.logging.Logger.getLogger("io.github.jbellis.jvector");

  static {
    JVECTOR_LOG.setLevel(java.util.logging.Level.SEVERE);
  }

  private BenchMain() {}

  /**
   * Runs a command.
   *
   * @param args the command and its options
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      System.exit(2);
    }
    try {
      switch (args[0]) {
        case "ingest" -> IngestBench.run(new Args(args, 1));
        case "open" -> StorageBench.open(new Args(args, 1));
        case "rebuild-pause" -> RebuildPauseBench.run(new Args(args, 1));
        case "ann" -> AnnHarness.run(new Args(args, 1));
        case "gen" -> generate(new Args(args, 1));
        case "embed" -> EmbedCorpus.run(new Args(args, 1));
        case "backup" -> BackupBench.run(new Args(args, 1));
        case "watch" -> WatchBench.run(new Args(args, 1));
        case "ir" -> IrBench.run(new Args(args, 1));
        case "http" -> HttpBench.run(new Args(args, 1));
        case "jmh" -> {
          String[] rest = new String[args.length - 1];
          System.arraycopy(args, 1, rest, 0, rest.length);
          org.openjdk.jmh.Main.main(rest);
        }
        default -> {
          System.err.println("unknown command '" + args[0] + "'");
          usage();
          System.exit(2);
        }
      }
    } catch (IllegalArgumentException e) {
      System.err.println("vectorizer-bench: " + e.getMessage());
      System.exit(2);
    } catch (java.io.IOException e) {
      System.err.println("vectorizer-bench: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void generate(Args a) throws Exception {
    int n = a.integer("n", 100_000);
    int dim = a.integer("dim", 128);
    long seed = a.integer("seed", 42);
    VectorFiles.writeFvecs(Path.of(a.required("out")), VectorFiles.clustered(seed, n, dim, 64));
    if (a.has("queries")) {
      VectorFiles.writeFvecs(
          Path.of(a.required("query-out")),
          VectorFiles.clustered(seed, seed + 1000, a.integer("queries", 1000), dim, 64));
    }
  }

  private static void usage() {
    System.err.println(
        "usage: vectorizer-bench ann|ingest|open|rebuild-pause|gen|embed|backup|watch|http|ir|jmh [options] (see the class javadoc of"
            + " dev.vectorizer.bench.BenchMain and docs/benchmarks.md)");
  }
}
