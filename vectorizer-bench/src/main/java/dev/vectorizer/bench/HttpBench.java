package dev.vectorizer.bench;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.server.ApiRequest;
import dev.vectorizer.server.ServerConfig;
import dev.vectorizer.server.VectorizerApi;
import dev.vectorizer.server.VectorizerServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Search over HTTP against the same search in-process, on the same collection: the server's
 * loopback overhead per query (JSON in and out, the JDK HTTP server, one virtual thread per
 * request) as a ratio and as p50/p99 differences. Two clients are measured side by side: a lean
 * blocking client on one persistent connection ({@link LoopbackHttp}, how load generators measure a
 * server; the target applies to it) and the JDK's {@code HttpClient}, whose own hand-offs add to
 * what an application using it sees. Each query runs in-process and over both clients back to back,
 * in rotating order, after an untimed warm-up of every path.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar vectorizer-bench/target/vectorizer-bench.jar \
 *   http [--base B.fvecs --query Q.fvecs | --n 20000 --dim 384 --queries 500] [--k 10] [--rounds 5] \
 *   [--warmup 30] [--lean-only]
 * </pre>
 */
final class HttpBench {
  private HttpBench() {}

  static void run(Args a) throws Exception {
    float[][] base;
    float[][] queries;
    if (a.has("base")) {
      base = VectorFiles.readFvecs(Path.of(a.required("base")));
      queries = VectorFiles.readFvecs(Path.of(a.required("query")));
    } else {
      int n = a.integer("n", 20_000);
      int dim = a.integer("dim", 384);
      base = VectorFiles.clustered(42, 42, n, dim, 64);
      queries = VectorFiles.clustered(42, 43, a.integer("queries", 500), dim, 64);
    }
    int k = a.integer("k", 10);
    int rounds = a.integer("rounds", 5);
    int dim = base[0].length;
    Path dir = Files.createTempDirectory("vectorizer-http-bench");
    try (VectorStore store =
        VectorStore.builder(dir.resolve("data")).durability(Durability.NONE).open()) {
      Collection c =
          store.createCollection(
              "bench", CollectionConfig.builder(dim).metric(Metric.COSINE).build());
      List<Point> batch = new ArrayList<>();
      for (int i = 0; i < base.length; i++) {
        batch.add(Point.of(Integer.toString(i), base[i], Map.of("i", i)));
        if (batch.size() == 5_000) {
          c.upsert(batch);
          batch.clear();
        }
      }
      c.upsert(batch);
      store.checkpoint();
      try (VectorizerServer server =
              VectorizerServer.start(
                  VectorizerApi.builder(store)
                      .config(ServerConfig.defaults().withPort(0))
                      .dataDirectory(dir.resolve("data"))
                      .build());
          HttpClient client =
              HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
        URI search = server.uri().resolve("/collections/bench/search");
        System.out.printf(
            "collection: %d x %d (cosine), %d queries, k=%d, %d rounds; server %s%n",
            base.length, dim, queries.length, k, rounds, server.uri());
        try (LoopbackHttp lean = new LoopbackHttp(server.address())) {
          measure(
              c,
              server.api(),
              lean,
              a.flag("lean-only") ? null : client,
              search,
              queries,
              k,
              rounds,
              a.integer("warmup", 30));
        }
      }
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * Each query in-process, over HTTP with the lean client and over HTTP with the JDK client, in a
   * rotating order, then through the API without a socket and {@code GET /health} with both
   * clients. Overheads are paired: HTTP minus in-process for the same query.
   */
  private static void measure(
      Collection c,
      VectorizerApi api,
      LoopbackHttp lean,
      HttpClient client,
      URI search,
      float[][] queries,
      int k,
      int rounds,
      int warmup)
      throws IOException, InterruptedException {
    String path = search.getRawPath();
    HttpRequest health = HttpRequest.newBuilder(search.resolve("/health")).build();
    for (int w = 0; w < warmup; w++) { // warm-up of every path (JIT, connections), untimed
      for (float[] q : queries) {
        inProcess(c, q, k);
        viaHandler(api, q, k);
        overLean(lean, path, q, k);
        lean.get("/health");
        if (client != null) {
          overHttp(client, search, q, k);
          client.send(health, HttpResponse.BodyHandlers.ofString());
        }
      }
    }
    int total = queries.length * rounds;
    long[] local = new long[total];
    long[] handler = new long[total];
    long[] leanHttp = new long[total];
    long[] jdkHttp = new long[total];
    long[] leanFloor = new long[total];
    long[] jdkFloor = new long[total];
    int mismatches = 0;
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < queries.length; i++) {
        int at = r * queries.length + i;
        List<Hit> hits = null;
        String leanBody = null;
        String jdkBody = null;
        for (int step = 0; step < 3; step++) {
          long t0 = System.nanoTime();
          switch ((step + at) % 3) {
            case 0 -> {
              hits = inProcess(c, queries[i], k);
              local[at] = System.nanoTime() - t0;
            }
            case 1 -> {
              leanBody = overLean(lean, path, queries[i], k);
              leanHttp[at] = System.nanoTime() - t0;
            }
            default -> {
              if (client != null) {
                jdkBody = overHttp(client, search, queries[i], k);
                jdkHttp[at] = System.nanoTime() - t0;
              }
            }
          }
        }
        String top = "\"id\":\"" + hits.get(0).id() + "\"";
        if (!leanBody.contains(top) || (jdkBody != null && !jdkBody.contains(top))) {
          mismatches++;
        }
        long t0 = System.nanoTime();
        viaHandler(api, queries[i], k);
        handler[at] = System.nanoTime() - t0;
        t0 = System.nanoTime();
        lean.get("/health");
        leanFloor[at] = System.nanoTime() - t0;
        if (client != null) {
          t0 = System.nanoTime();
          client.send(health, HttpResponse.BodyHandlers.ofString());
          jdkFloor[at] = System.nanoTime() - t0;
        }
      }
    }
    long[] leanDiff = new long[total];
    long[] jdkDiff = new long[total];
    for (int i = 0; i < total; i++) {
      leanDiff[i] = leanHttp[i] - local[i];
      jdkDiff[i] = jdkHttp[i] - local[i];
    }
    report("in-process", local);
    report("API, no network", handler);
    report("HTTP, lean client", leanHttp);
    report("GET /health, lean", leanFloor);
    report("overhead, lean", leanDiff);
    if (client != null) {
      report("HTTP, JDK client", jdkHttp);
      report("GET /health, JDK", jdkFloor);
      report("overhead, JDK", jdkDiff);
    }
    System.out.printf(
        Locale.ROOT,
        "ratio HTTP (lean client) / in-process: mean %.2f, p50 %.2f; QPS in-process %.0f, over"
            + " HTTP %.0f%n",
        mean(leanHttp) / mean(local),
        pct(leanHttp, 50) / pct(local, 50),
        1e9 / mean(local),
        1e9 / mean(leanHttp));
    System.out.printf(
        Locale.ROOT,
        "p50 overhead %.3f ms with the lean client (target < 0.3 ms), p99 %.3f ms%s; top hit"
            + " differs in %d of %d queries%n",
        pct(leanDiff, 50) / 1e6,
        pct(leanDiff, 99) / 1e6,
        client == null
            ? ""
            : String.format(
                Locale.ROOT,
                "; with the JDK client p50 %.3f ms, p99 %.3f ms",
                pct(jdkDiff, 50) / 1e6,
                pct(jdkDiff, 99) / 1e6),
        mismatches,
        total);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static List<Hit> inProcess(Collection c, float[] q, int k) {
    return c.search(SearchRequest.of(q).limit(k));
  }

  /**
   * The same request through VectorizerApi.handle: JSON, dispatch, audit and metrics, no socket.
   */
  private static void viaHandler(VectorizerApi api, float[] q, int k) {
    byte[] body = json(q, k).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    var r =
        api.handle(
            new ApiRequest(
                "POST",
                "/collections/bench/search",
                null,
                Map.of(),
                new java.io.ByteArrayInputStream(body),
                body.length,
                "bench"));
    if (r.status() != 200) {
      throw new IllegalStateException("search answered " + r.status());
    }
  }

  private static String json(float[] q, int k) {
    StringBuilder b = new StringBuilder(q.length * 12 + 32).append("{\"vector\":[");
    for (int i = 0; i < q.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(q[i]);
    }
    b.append("],\"limit\":").append(k).append('}');
    return b.toString();
  }

  /** One search with the lean client: the same JSON body, the whole answer read. */
  private static String overLean(LoopbackHttp lean, String path, float[] q, int k)
      throws IOException {
    LoopbackHttp.Response r =
        lean.post(path, json(q, k).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    if (r.status() != 200) {
      throw new IOException("search answered " + r.status() + ": " + r.text());
    }
    return r.text();
  }

  /** One search over HTTP: the client builds the JSON body and reads the whole answer. */
  private static String overHttp(HttpClient client, URI uri, float[] q, int k)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(json(q, k)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("search answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private static void report(String what, long[] nanos) {
    System.out.printf(
        Locale.ROOT,
        "%-18s mean %.3f ms  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms%n",
        what,
        mean(nanos) / 1e6,
        pct(nanos, 50) / 1e6,
        pct(nanos, 90) / 1e6,
        pct(nanos, 99) / 1e6);
  }

  private static double mean(long[] v) {
    return Arrays.stream(v).average().orElse(0);
  }

  private static double pct(long[] v, double p) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
  }
}
