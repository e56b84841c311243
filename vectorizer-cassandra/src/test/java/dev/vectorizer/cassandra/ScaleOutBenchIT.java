package dev.vectorizer.cassandra;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Hit;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures of docs/scale-out.md: insert rate, single-thread search QPS and recall@10 of the
 * embedded durable store and of Cassandra on the same data, side by side in one run. Runs only when
 * given a data set directory ({@code base.fvecs}, {@code query.fvecs}, {@code groundtruth.ivecs}):
 *
 * <pre>
 * mvn -B verify -Pit-cassandra -pl vectorizer-cassandra -am -Dit.test=ScaleOutBenchIT \
 *     -Dvectorizer.bench.data=/path/to/debian-minilm-10k
 * </pre>
 *
 * Prints a table to the test output (target/failsafe-reports/*-output.txt).
 */
class ScaleOutBenchIT {
  @TempDir Path tmp;

  @Test
  void embeddedAndCassandraSideBySide() throws IOException {
    String data = System.getProperty("vectorizer.bench.data");
    assumeTrue(data != null && !data.isBlank(), "no -Dvectorizer.bench.data");
    float[][] base = vectors(Path.of(data, "base.fvecs"));
    float[][] queries = vectors(Path.of(data, "query.fvecs"));
    int[][] truth = ints(Path.of(data, "groundtruth.ivecs"));
    List<String> rows = new ArrayList<>();
    rows.add("| store | insert (points/s) | search QPS, 1 thread (median of 3) | recall@10 |");
    rows.add("|---|---|---|---|");
    try (VectorStore embedded =
        VectorStore.builder(tmp.resolve("store")).durability(Durability.FSYNC).open()) {
      rows.add(measure("embedded (durable, fsync per batch)", embedded, base, queries, truth));
    }
    try (VectorStore cassandra = CassandraVectorStore.open(CassandraNode.shared().uri("bench"))) {
      rows.add(measure("Cassandra 5.0.9, 1 node, LOCAL_QUORUM", cassandra, base, queries, truth));
    }
    System.out.println(
        "scale-out figures: "
            + base.length
            + " base vectors, "
            + queries.length
            + " queries, "
            + Runtime.getRuntime().availableProcessors()
            + " cores\n"
            + String.join("\n", rows));
  }

  private static String measure(
      String name, VectorStore store, float[][] base, float[][] queries, int[][] truth) {
    Collection c = store.createCollection("bench", CollectionConfig.of(base[0].length));
    long t0 = System.nanoTime();
    for (int from = 0; from < base.length; from += 500) {
      List<Point> batch = new ArrayList<>();
      for (int i = from; i < Math.min(base.length, from + 500); i++) {
        batch.add(Point.of(Integer.toString(i), base[i]));
      }
      c.upsert(batch);
    }
    double insert = base.length / ((System.nanoTime() - t0) / 1e9);
    double recall = 0;
    for (int q = 0; q < queries.length; q++) { // untimed warm-up, and the recall
      recall += overlap(c.search(SearchRequest.of(queries[q]).limit(10)), truth[q]);
    }
    double[] qps = new double[3];
    for (int round = 0; round < 3; round++) {
      long s = System.nanoTime();
      for (float[] q : queries) {
        c.search(SearchRequest.of(q).limit(10).includePayload(false));
      }
      qps[round] = queries.length / ((System.nanoTime() - s) / 1e9);
    }
    Arrays.sort(qps);
    return String.format(
        java.util.Locale.ROOT,
        "| %s | %.0f | %.0f (%.0f-%.0f) | %.3f |",
        name,
        insert,
        qps[1],
        qps[0],
        qps[2],
        recall / (queries.length * 10.0));
  }

  private static int overlap(List<Hit> hits, int[] truth) {
    Set<String> top = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      top.add(Integer.toString(truth[i]));
    }
    int n = 0;
    for (Hit h : hits) {
      n += top.contains(h.id()) ? 1 : 0;
    }
    return n;
  }

  private static float[][] vectors(Path file) throws IOException {
    List<float[]> out = new ArrayList<>();
    for (ByteBuffer row : rows(file)) {
      float[] v = new float[row.remaining() / 4];
      row.asFloatBuffer().get(v);
      out.add(v);
    }
    return out.toArray(new float[0][]);
  }

  private static int[][] ints(Path file) throws IOException {
    List<int[]> out = new ArrayList<>();
    for (ByteBuffer row : rows(file)) {
      int[] v = new int[row.remaining() / 4];
      row.asIntBuffer().get(v);
      out.add(v);
    }
    return out.toArray(new int[0][]);
  }

  private static List<ByteBuffer> rows(Path file) throws IOException {
    List<ByteBuffer> rows = new ArrayList<>();
    try (DataInputStream in =
        new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      byte[] header = new byte[4];
      while (in.read(header) == 4) {
        int dim = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] body = new byte[dim * 4];
        in.readFully(body);
        rows.add(ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN));
      }
    }
    return rows;
  }
}
