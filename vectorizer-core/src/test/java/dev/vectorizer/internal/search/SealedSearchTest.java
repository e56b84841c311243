package dev.vectorizer.internal.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.KeywordConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.index.Segment;
import dev.vectorizer.internal.kernels.Kernels;
import dev.vectorizer.internal.keyword.AnalyzedText;
import dev.vectorizer.internal.keyword.PostingList;
import dev.vectorizer.internal.keyword.Postings;
import dev.vectorizer.testing.TestVectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sealing renumbers a head's ordinals in graph order and stores the vectors contiguously: every
 * point must keep its id, vector, payload, liveness and edges under the new numbers, searches over
 * the sealed segment must return exactly what the same searches over the head return. (The segment
 * file's round trip is {@code dev.vectorizer.engine.ReopenedSearchTest}.)
 */
class SealedSearchTest {
  private static final int N = 3_000;
  private static final int DIM = 24;

  @ParameterizedTest
  @EnumSource(Metric.class)
  void sealingRenumbersWithoutChangingAnything(Metric metric) {
    float[][] base = TestVectors.clustered(7, N, DIM, 12);
    CollectionConfig config =
        CollectionConfig.builder(DIM).metric(metric).keyword(KeywordConfig.defaults()).build();
    HeadSegment head = new HeadSegment(config);
    int[] ords = new int[N];
    for (int i = 0; i < N; i++) {
      ords[i] = head.allocate("p" + (i % 2_800), base[i], Map.of("i", i), terms(i));
    }
    IntStream.of(ords).parallel().forEach(head::index);
    for (int ord : ords) {
      head.publish(ord); // p0..p199 are replaced by their second version: 200 retired ordinals
    }
    for (int i = 0; i < N; i += 37) {
      head.remove("p" + (i % 2_800), -1);
    }
    SealedSegment sealed =
        head.seal(1, p -> p.toString().getBytes(StandardCharsets.UTF_8), json -> Map.of());

    int[] headOf = headOrdinals(head, sealed);
    for (int ord = 0; ord < N; ord++) {
      int h = headOf[ord];
      assertEquals(head.id(h), sealed.id(ord));
      assertEquals(head.isLive(h), sealed.isLive(ord), "liveness of " + sealed.id(ord));
      assertEquals(
          head.payload(h).toString(), new String(sealed.payloadJson(ord), StandardCharsets.UTF_8));
      if (metric == Metric.COSINE) {
        assertEquals(head.inverseNorm(h), sealed.inverseNorm(ord));
      }
      assertArrayEquals(
          neighbors(head.graphAccess(), 0, h),
          map(neighbors(sealed.graphAccess(), 0, ord), headOf),
          "edges of " + sealed.id(ord));
    }
    assertEquals(head.liveCount(), sealed.liveCount());
    assertPostingsRenumbered(head, sealed, headOf);
    assertTrue(sealed.graph().maxLevel() >= 1, "the test needs a hierarchical graph");
    for (SealedSegment.UpperLevel u : sealed.graph().upper()) {
      // Upper-level nodes are numbered first: each level is the ordinals 0..n-1.
      assertArrayEquals(IntStream.range(0, u.nodes().length).toArray(), u.nodes());
    }
    assertEquals(head.graphAccess().entryNode(), headOf[sealed.graphAccess().entryNode()]);

    float[][] queries = TestVectors.clustered(8, 50, DIM, 12);
    for (int beam : new int[] {10, 50}) {
      for (float[] q : queries) {
        assertEquals(
            ids(head, search(head, metric, q, beam)),
            ids(sealed, search(sealed, metric, q, beam)),
            "beam " + beam);
      }
    }

    head.close();
  }

  /** Point i's terms: its own word, a word shared by a tenth of the points, and a common one. */
  private static AnalyzedText terms(int i) {
    return new AnalyzedText(
        new String[] {"own" + i, "tenth" + (i % 10), "common"}, new int[] {1, 2, 1 + i % 3}, 4);
  }

  /**
   * The sealed postings are the head's, renumbered with the points, without retired ordinals: the
   * renumbering is not the identity here, so postings left in arrival order would name other
   * points.
   */
  private static void assertPostingsRenumbered(
      HeadSegment head, SealedSegment sealed, int[] headOf) {
    assertTrue(
        IntStream.range(0, headOf.length).anyMatch(o -> headOf[o] != o),
        "the test needs a renumbering that is not the identity");
    Postings hp = head.postings();
    Postings sp = sealed.postings();
    List<String> terms = new java.util.ArrayList<>(List.of("common"));
    for (int i = 0; i < 10; i++) {
      terms.add("tenth" + i);
    }
    for (int i = 0; i < N; i += 7) {
      terms.add("own" + i);
    }
    for (String term : terms) {
      Map<Integer, Integer> want = new HashMap<>(); // head ordinal -> frequency, live ones
      PostingList hl = hp.postings(term);
      for (int k = 0; k < hl.size(); k++) {
        if (head.isLive(hl.docs()[k])) {
          want.put(hl.docs()[k], hl.freqs()[k]);
        }
      }
      Map<Integer, Integer> got = new HashMap<>();
      PostingList sl = sp.postings(term);
      for (int k = 0; sl != null && k < sl.size(); k++) {
        assertTrue(k == 0 || sl.docs()[k - 1] < sl.docs()[k], term + ": not ascending");
        got.put(headOf[sl.docs()[k]], sl.freqs()[k]);
      }
      if (!want.equals(got)) { // without the maps: they run to thousands of entries
        int wanted = want.size();
        want.entrySet().removeAll(got.entrySet());
        throw new AssertionError(
            "postings of "
                + term
                + ": "
                + want.size()
                + " of "
                + wanted
                + " live head entries"
                + " are not in the sealed postings under their new ordinals ("
                + got.size()
                + " there)");
      }
    }
    long liveDocs = 0;
    for (int ord = 0; ord < headOf.length; ord++) {
      int h = headOf[ord];
      assertEquals(head.isLive(h) ? hp.norm(h) : 0, sp.norm(ord), "norm of sealed " + ord);
      liveDocs += head.isLive(h) ? 1 : 0;
    }
    assertEquals(liveDocs, sp.docCount());
  }

  /** Each sealed ordinal's head ordinal: the one with the same id and the same vector. */
  private static int[] headOrdinals(HeadSegment head, SealedSegment sealed) {
    Map<String, List<Integer>> byId = new HashMap<>();
    for (int h = 0; h < head.ordinalBound(); h++) {
      byId.computeIfAbsent(head.id(h), k -> new java.util.ArrayList<>()).add(h);
    }
    int[] out = new int[sealed.ordinalBound()];
    boolean[] used = new boolean[head.ordinalBound()];
    for (int ord = 0; ord < out.length; ord++) {
      float[] v = sealed.vector(ord);
      int found = -1;
      for (int h : byId.get(sealed.id(ord))) {
        if (Arrays.equals(head.vector(h), v)) {
          found = h;
        }
      }
      assertTrue(found >= 0 && !used[found], "no unique head ordinal for sealed " + ord);
      used[found] = true;
      out[ord] = found;
    }
    return out;
  }

  private static int[] neighbors(GraphAccess g, int level, int node) {
    GraphAccess.Neighbors n = g.neighbors(level, node, new GraphAccess.Neighbors(4));
    return Arrays.copyOf(n.nodes, n.size);
  }

  private static int[] map(int[] ords, int[] to) {
    return Arrays.stream(ords).map(o -> to[o]).toArray();
  }

  private static int[] search(Segment s, Metric metric, float[] q, int beam) {
    TopK top = new TopK(beam);
    GraphSearcher.forCurrentThread()
        .search(s.graphAccess(), new QueryScorer(metric, Kernels.get(), s, q), s::isLive, top);
    int[] nodes = new int[top.size()];
    top.drainBestFirst(nodes, new float[nodes.length]);
    return nodes;
  }

  private static List<String> ids(Segment s, int[] ords) {
    return Arrays.stream(ords).mapToObj(s::id).toList();
  }
}
