package dev.vectorizer.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Embedder;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.VectorStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Search quality on real sentence embeddings made in the test (offline MiniLM over shipped text):
 * Cassandra's recall@10 against exact ground truth, filters on indexed and client-side fields, and
 * a text collection embedding on the client.
 */
class RecallIT {
  private static Embedder embedder;
  private static List<String> base;
  private static List<float[]> baseVectors;
  private static List<float[]> queryVectors;
  private static VectorStore store;

  @BeforeAll
  static void embed() throws IOException {
    embedder = Embedder.byName("minilm");
    base = lines("/text/base.txt.gz");
    baseVectors = embedder.embedAll(base);
    queryVectors = embedder.embedAll(lines("/text/queries.txt.gz"));
    store = CassandraVectorStore.open(CassandraNode.shared().uri("recall"));
  }

  @AfterAll
  static void close() throws Exception {
    store.close();
    if (embedder instanceof AutoCloseable c) {
      c.close();
    }
  }

  static List<String> lines(String resource) throws IOException {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(RecallIT.class.getResourceAsStream(resource)),
                StandardCharsets.UTF_8))) {
      return r.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  @Test
  void recallAtTenIsAtLeastNinetyPercent() {
    CassandraVectorStore cs = (CassandraVectorStore) store;
    Collection c =
        cs.createCollection(
            "minilm",
            CollectionConfig.builder(384).metric(Metric.COSINE).build(),
            List.of(new IndexedField("part", IndexedField.Type.NUMBER)));
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < base.size(); i++) {
      points.add(Point.of("line-" + i, baseVectors.get(i), Map.of("part", i % 4, "n", i)));
    }
    c.upsert(points);
    assertEquals(base.size(), c.count());

    double found = 0;
    double foundFiltered = 0;
    double foundClient = 0;
    for (float[] q : queryVectors) {
      found += overlap(c.search(SearchRequest.of(q).limit(10)), exact(q, i -> true));
      foundFiltered +=
          overlap(
              c.search(SearchRequest.of(q).limit(10).filter(Filter.eq("part", 2))),
              exact(q, i -> i % 4 == 2));
      foundClient +=
          overlap(
              c.search(SearchRequest.of(q).limit(10).filter(Filter.in("part", 1, 3))),
              exact(q, i -> i % 2 == 1));
    }
    double n = queryVectors.size() * 10.0;
    System.out.printf(
        "recall@10 on %d MiniLM vectors: %.3f, SAI filter %.3f, client filter %.3f%n",
        base.size(), found / n, foundFiltered / n, foundClient / n);
    assertTrue(found / n >= 0.9, "recall@10 " + found / n);
    assertTrue(foundFiltered / n >= 0.9, "filtered recall@10 " + foundFiltered / n);
    assertTrue(foundClient / n >= 0.9, "client-filtered recall@10 " + foundClient / n);
  }

  private static int overlap(List<Hit> hits, Set<String> truth) {
    assertEquals(10, hits.size());
    int n = 0;
    for (Hit h : hits) {
      n += truth.contains(h.id()) ? 1 : 0;
    }
    return n;
  }

  private static Set<String> exact(float[] q, java.util.function.IntPredicate keep) {
    List<int[]> order = new ArrayList<>();
    double[] scores = new double[base.size()];
    for (int i = 0; i < base.size(); i++) {
      float[] v = baseVectors.get(i);
      double dot = 0;
      double nv = 0;
      double nq = 0;
      for (int d = 0; d < v.length; d++) {
        dot += v[d] * q[d];
        nv += v[d] * v[d];
        nq += q[d] * q[d];
      }
      scores[i] = dot / Math.sqrt(nv * nq);
      if (keep.test(i)) {
        order.add(new int[] {i});
      }
    }
    order.sort((a, b) -> Double.compare(scores[b[0]], scores[a[0]]));
    Set<String> top = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      top.add("line-" + order.get(i)[0]);
    }
    return top;
  }

  @Test
  void textCollectionsEmbedOnTheClientAndWorkUnchanged() {
    TextCollection notes = store.textCollection("notes", embedder, 200, 40);
    assertEquals(embedder.id(), notes.collection().config().embedder());
    notes.upsert("espresso", "Grind the beans fine and brew espresso at nine bars.", Map.of());
    notes.upsert("tar", "tar -xzf unpacks a gzip compressed archive.", Map.of("kind", "cli"));
    notes.upsert("ssh", "ssh-keygen makes a key pair for logging in without a password.", Map.of());
    List<TextHit> hits = notes.search("how do I extract a .tar.gz file", 3, null);
    assertEquals("tar", hits.get(0).sourceId());
    assertEquals(Map.of("kind", "cli"), hits.get(0).payload());
    assertEquals(
        List.of("espresso"),
        notes.search("coffee", 1, Filter.not(Filter.exists("kind"))).stream()
            .map(TextHit::sourceId)
            .toList());
    assertTrue(notes.delete("tar"));
    assertEquals(2, notes.collection().count());
    // Reopening by name in another store instance sees the same collection and embedder.
    try (VectorStore again = CassandraVectorStore.open(CassandraNode.shared().uri("recall"))) {
      assertEquals(
          "espresso",
          again
              .textCollection("notes", embedder)
              .search("brewing coffee", 1, null)
              .get(0)
              .sourceId());
    }
  }
}
