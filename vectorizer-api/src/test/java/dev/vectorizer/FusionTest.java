package dev.vectorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fusion as pure functions: hand-computed cases, properties, and bad input. */
class FusionTest {
  private static Hit hit(String id, double score) {
    return Hit.of(id, (float) score, Map.of(), null);
  }

  private static List<String> ids(List<Fusion.Fused<Hit>> fused) {
    return fused.stream().map(f -> f.item().id()).toList();
  }

  @Test
  void rrfSumsReciprocalRanksWithTheRankConstant() {
    List<Hit> a = List.of(hit("x", 9), hit("y", 8), hit("z", 7));
    List<Hit> b = List.of(hit("y", 0.9), hit("w", 0.5));
    List<Fusion.Fused<Hit>> f = Fusion.rrf().fuseHits(List.of(a, b), 10);
    assertEquals(List.of("y", "x", "w", "z"), ids(f));
    assertEquals(1.0 / 62 + 1.0 / 61, f.get(0).score(), 1e-12);
    assertEquals(1.0 / 61, f.get(1).score(), 1e-12);
    assertEquals(2, f.get(0).rank(0));
    assertEquals(1, f.get(0).rank(1));
    assertEquals(0, f.get(1).rank(1), "x is not in the second list");
    assertTrue(Double.isNaN(f.get(1).score(1)));
    assertEquals(9.0, f.get(1).score(0), 1e-6);
    // k = 0: the top of each list weighs 1, 1/2, ...
    assertEquals(1.0 + 0.5, Fusion.rrf(0).fuseHits(List.of(a, b), 1).get(0).score(), 1e-12);
  }

  @Test
  void weightsScaleEachListsContribution() {
    List<Hit> dense = List.of(hit("d1", 0.9), hit("k1", 0.1));
    List<Hit> keyword = List.of(hit("k1", 20), hit("d1", 1));
    assertEquals(
        "d1",
        Fusion.rrf().withWeights(3, 1).fuseHits(List.of(dense, keyword), 1).get(0).item().id());
    assertEquals(
        "k1",
        Fusion.rrf().withWeights(1, 3).fuseHits(List.of(dense, keyword), 1).get(0).item().id());
    Fusion.Fused<Hit> top = Fusion.weighted(0.7, 0.3).fuseHits(List.of(dense, keyword), 2).get(0);
    assertEquals("d1", top.item().id());
    assertEquals(0.7 * 1 + 0.3 * 0, top.score(), 1e-9);
    // a zero weight switches a list off
    assertEquals(
        List.of("k1", "d1"), ids(Fusion.weighted(0, 1).fuseHits(List.of(dense, keyword), 2)));
  }

  @Test
  void dbsfNormalisesByMeanAndThreeSampleStandardDeviations() {
    List<Hit> a = List.of(hit("p", 3), hit("q", 2), hit("r", 1));
    // mean 2, sample sd 1: low = -1, range 6
    List<Fusion.Fused<Hit>> f = Fusion.dbsf().fuseHits(List.of(a), 3);
    assertEquals(4.0 / 6, f.get(0).score(), 1e-9);
    assertEquals(3.0 / 6, f.get(1).score(), 1e-9);
    assertEquals(2.0 / 6, f.get(2).score(), 1e-9);
    // one hit, or equal scores: 0.5 each, as Qdrant
    assertEquals(0.5, Fusion.dbsf().fuseHits(List.of(List.of(hit("s", 42))), 1).get(0).score());
    List<Hit> flat = List.of(hit("s", 1), hit("t", 1));
    assertEquals(0.5, Fusion.dbsf().fuseHits(List.of(flat), 2).get(1).score());
    // scores on different scales count alike once normalised
    List<Hit> cos = List.of(hit("a", 0.91), hit("b", 0.90), hit("c", 0.10));
    List<Hit> bm25 = List.of(hit("b", 31), hit("c", 30), hit("a", 1));
    assertEquals("b", Fusion.dbsf().fuseHits(List.of(cos, bm25), 1).get(0).item().id());
  }

  @Test
  void fusionIsDeterministicAndKeepsEveryItemOnce() {
    Random r = new Random(7);
    for (Fusion fusion : List.of(Fusion.rrf(), Fusion.dbsf(), Fusion.weighted())) {
      for (int round = 0; round < 50; round++) {
        List<Hit> a = new java.util.ArrayList<>();
        List<Hit> b = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
          a.add(hit("i" + r.nextInt(30), 20 - i));
          b.add(hit("i" + r.nextInt(30), 1.0 / (i + 1)));
        }
        List<Fusion.Fused<Hit>> f1 = fusion.fuseHits(List.of(a, b), 100);
        List<Fusion.Fused<Hit>> f2 = fusion.fuseHits(List.of(a, b), 100);
        assertEquals(ids(f1), ids(f2));
        assertEquals(f1.size(), ids(f1).stream().distinct().count(), "no duplicates");
        long expected =
            java.util.stream.Stream.concat(a.stream(), b.stream()).map(Hit::id).distinct().count();
        assertEquals(expected, f1.size(), "every item once");
        for (int i = 1; i < f1.size(); i++) {
          assertTrue(f1.get(i - 1).score() >= f1.get(i).score(), "sorted");
        }
        assertEquals(5, fusion.fuseHits(List.of(a, b), 5).size());
      }
    }
  }

  @Test
  void tiesGoToTheBestRankThenTheFirstSeen() {
    List<Hit> a = List.of(hit("a1", 1), hit("a2", 1));
    List<Hit> b = List.of(hit("b1", 1), hit("b2", 1));
    assertEquals(List.of("a1", "b1", "a2", "b2"), ids(Fusion.rrf().fuseHits(List.of(a, b), 4)));
  }

  @Test
  void emptyListsAndGenericItems() {
    assertEquals(List.of(), Fusion.rrf().fuseHits(List.of(List.of(), List.of()), 3));
    List<Fusion.Fused<String>> f =
        Fusion.rrf()
            .fuse(List.of(List.of("a", "b"), List.of("B", "c")), s -> s.toLowerCase(), s -> 0, 2);
    assertEquals("b", f.get(0).item(), "the key joins b and B; the first seen is kept");
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Fusion.rrf().withWeights(0.7, -0.3));
    assertTrue(e.getMessage().contains("-0.3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Fusion.weighted(Double.NaN));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Fusion.weighted(Double.POSITIVE_INFINITY, 1));
    assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Fusion.weighted(1, 2, 3).fuseHits(List.of(List.of(), List.of()), 1));
    assertTrue(e.getMessage().contains("3 weights for 2 lists"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Fusion.parse("borda"));
    assertTrue(e.getMessage().contains("rrf, dbsf, weighted"), e.getMessage());
    assertEquals(Fusion.Method.DBSF, Fusion.parse(" DBSF ").method());
    assertThrows(IllegalArgumentException.class, () -> Fusion.rrf(-1));
    assertThrows(IllegalArgumentException.class, () -> Fusion.rrf().fuseHits(List.of(), 0));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Fusion.dbsf().fuse(List.of(List.of(1.0)), x -> x, x -> Double.NaN, 1));
    assertTrue(e.getMessage().contains("not finite"), e.getMessage());
  }

  @Test
  void modesAndQueriesRejectBadValues() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SearchMode.parse("semantic"));
    assertTrue(e.getMessage().contains("dense, keyword, hybrid"), e.getMessage());
    assertEquals(SearchMode.HYBRID, SearchMode.parse("Hybrid"));
    assertThrows(IllegalArgumentException.class, () -> TextQuery.of("  \t"));
    assertThrows(IllegalArgumentException.class, () -> TextQuery.of(null));
    assertThrows(IllegalArgumentException.class, () -> TextQuery.of("x").limit(0));
    assertEquals(50, TextQuery.of("x").limit(5).effectiveCandidates());
    assertEquals(200, TextQuery.of("x").limit(100).effectiveCandidates());
    assertEquals(7, TextQuery.of("x").limit(7).candidates(3).effectiveCandidates());
    e = assertThrows(IllegalArgumentException.class, () -> KeywordConfig.Analyzer.parse("klingon"));
    assertTrue(e.getMessage().contains("english, standard, as-written"), e.getMessage());
    assertEquals(KeywordConfig.Analyzer.AS_WRITTEN, KeywordConfig.Analyzer.parse("as-written"));
    assertThrows(IllegalArgumentException.class, () -> KeywordConfig.builder().b(1.5f));
    assertThrows(IllegalArgumentException.class, () -> KeywordConfig.builder().k1(Float.NaN));
  }
}
