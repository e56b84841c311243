package dev.vectorizer.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Filter;
import dev.vectorizer.cassandra.internal.CqlFilter;
import dev.vectorizer.cassandra.internal.CqlFilter.IndexedColumn;
import dev.vectorizer.cassandra.internal.Names;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which filters become CQL on indexed columns and which stay on the client. */
class CqlFilterTest {
  private static final String LANG = Names.fieldColumn("lang");
  private static final String YEAR = Names.fieldColumn("year");
  private static final String DRAFT = Names.fieldColumn("meta.draft");
  private static final Map<String, IndexedColumn> INDEXED =
      Map.of(
          "lang", new IndexedColumn(LANG, IndexedField.Type.TEXT),
          "year", new IndexedColumn(YEAR, IndexedField.Type.NUMBER),
          "meta.draft", new IndexedColumn(DRAFT, IndexedField.Type.BOOLEAN));

  private static CqlFilter plan(Filter f) {
    return CqlFilter.plan(f, INDEXED);
  }

  @Test
  void equalityAndRangesOnIndexedFieldsBecomeCql() {
    CqlFilter p =
        plan(
            Filter.and(
                Filter.eq("lang", "en"),
                Filter.range("year").gte(2020).lt(2025),
                Filter.eq("meta.draft", false)));
    assertEquals(
        LANG + " = ? AND " + YEAR + " >= ? AND " + YEAR + " < ? AND " + DRAFT + " = ?", p.where());
    assertEquals(List.of("en", 2020.0, 2025.0, false), p.values());
    assertFalse(p.residual());
    assertFalse(p.matchesNothing());
  }

  @Test
  void numbersAreBoundAsDoublesAndTheTighterBoundWins() {
    CqlFilter p = plan(Filter.and(Filter.eq("year", 2024), Filter.range("year").gt(5).gte(7)));
    assertEquals(YEAR + " = ? AND " + YEAR + " >= ?", p.where());
    assertEquals(List.of(2024.0, 7.0), p.values());
    assertEquals(YEAR + " > ?", plan(Filter.range("year").gt(7).gte(7)).where());
    assertEquals(YEAR + " <= ?", plan(Filter.range("year").lt(9).lte(8)).where());
  }

  @Test
  void whatSaiCannotEvaluateStaysOnTheClient() {
    for (Filter f :
        List.of(
            Filter.eq("title", "x"),
            Filter.or(Filter.eq("lang", "en"), Filter.eq("lang", "de")),
            Filter.not(Filter.eq("lang", "en")),
            Filter.in("lang", "en", "de"),
            Filter.exists("lang"),
            Filter.contains("lang", "e"),
            Filter.range("year"))) {
      CqlFilter p = plan(f);
      assertTrue(p.residual(), f.toString());
      assertEquals("", p.where(), f.toString());
      assertFalse(p.matchesNothing(), f.toString());
    }
  }

  @Test
  void aConjunctionIsSplitBetweenCassandraAndTheClient() {
    CqlFilter p =
        plan(Filter.and(Filter.eq("lang", "en"), Filter.and(Filter.contains("title", "JVM"))));
    assertEquals(LANG + " = ?", p.where());
    assertTrue(p.residual());
    CqlFilter one = plan(Filter.in("lang", "en"));
    assertEquals(LANG + " = ?", one.where());
    assertFalse(one.residual());
  }

  @Test
  void valuesNoIndexedColumnCanHoldMatchNothing() {
    assertTrue(plan(Filter.eq("year", "2024")).matchesNothing());
    assertTrue(plan(Filter.eq("lang", 7)).matchesNothing());
    assertTrue(plan(Filter.range("lang").gt(1)).matchesNothing());
    assertTrue(plan(Filter.and(Filter.eq("lang", "en"), Filter.or())).matchesNothing());
    assertFalse(plan(Filter.or(Filter.eq("year", "x"), Filter.eq("lang", "en"))).matchesNothing());
    assertEquals(CqlFilter.NONE, plan(null));
    assertEquals("", plan(Filter.and()).where());
    assertFalse(plan(Filter.and()).residual());
  }

  @Test
  void theClientSideMatcherFollowsTheFilterSemantics() {
    Map<String, Object> p =
        Map.of(
            "lang",
            "en",
            "year",
            2024,
            "tags",
            List.of("java", "db"),
            "meta",
            Map.of("author", "ann", "n", List.of(Map.of("k", 1.5))));
    assertTrue(Filter.eq("year", 2024.0).asPredicate().test(p));
    assertTrue(Filter.eq("tags", "db").asPredicate().test(p));
    assertTrue(Filter.eq("meta.author", "ann").asPredicate().test(p));
    assertTrue(Filter.range("meta.n.k").gt(1).lt(2).asPredicate().test(p));
    assertTrue(Filter.not(Filter.exists("missing")).asPredicate().test(p));
    assertFalse(Filter.eq("missing.deeper", "x").asPredicate().test(p));
    assertFalse(Filter.contains("lang", "E").asPredicate().test(p));
    assertFalse(Filter.eq("lang.x", "en").asPredicate().test(p));
    assertFalse(Filter.range("lang").asPredicate().test(p));
    assertTrue(Filter.in("year", "x", 2024L).asPredicate().test(p));
    assertFalse(Filter.or().asPredicate().test(p));
    assertTrue(Filter.and().asPredicate().test(p));
    assertTrue(Filter.stringRange("meta.author").gte("a").lt("b").asPredicate().test(p));
    assertFalse(Filter.stringRange("meta.author").gt("ann").asPredicate().test(p));
    assertFalse(Filter.stringRange("year").gte("0").asPredicate().test(p));
  }
}
