package dev.vectorizer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one evaluator of filters on payloads ({@link Filter#asPredicate()}), rule by rule. */
class FilterPredicateTest {
  private static final Map<String, Object> DOC =
      Map.of(
          "lang",
          "en",
          "year",
          2024,
          "score",
          0.5,
          "big",
          new BigDecimal("12345678901234567890.5"),
          "ok",
          true,
          "tags",
          List.of("a", "b"),
          "authors",
          List.of(Map.of("name", "ann"), Map.of("name", "bob")),
          "meta",
          Map.of("source", Map.of("path", "/src/Main.java")));

  private static boolean test(Filter f) {
    return f.asPredicate().test(DOC);
  }

  @Test
  void equalityComparesNumbersByValue() {
    assertTrue(test(Filter.eq("year", 2024)));
    assertTrue(test(Filter.eq("year", 2024.0)));
    assertTrue(test(Filter.eq("year", 2024L)));
    assertFalse(test(Filter.eq("year", "2024")));
    assertTrue(test(Filter.eq("score", 0.5f)));
    assertTrue(test(Filter.eq("big", new BigDecimal("12345678901234567890.5"))));
    assertTrue(test(Filter.eq("ok", true)));
    assertFalse(test(Filter.eq("ok", "true")));
    assertTrue(test(Filter.eq("score", 0.5)));
  }

  @Test
  void pathsWalkNestedObjectsAndLists() {
    assertTrue(test(Filter.eq("meta.source.path", "/src/Main.java")));
    assertTrue(test(Filter.eq("authors.name", "bob")));
    assertTrue(test(Filter.in("tags", "z", "b")));
    assertFalse(test(Filter.eq("meta.source", "x")));
    assertFalse(test(Filter.eq("lang.x", "en")));
    assertTrue(test(Filter.exists("meta.source")));
    assertFalse(test(Filter.exists("meta.missing")));
    assertTrue(test(Filter.contains("meta.source.path", "Main")));
    assertFalse(test(Filter.contains("year", "20")));
  }

  @Test
  void rangesAreInclusiveOrExclusiveAsAsked() {
    assertTrue(test(Filter.range("year").gte(2024).lte(2024)));
    assertFalse(test(Filter.range("year").gt(2024)));
    assertFalse(test(Filter.range("year").lt(2024)));
    assertTrue(test(Filter.range("score").gt(0.25).lt(0.75)));
    assertFalse(test(Filter.range("lang").gt(0)));
    assertTrue(test(Filter.range("year")));
    assertFalse(test(Filter.range("missing").gt(0)));
  }

  @Test
  void booleanCombinators() {
    assertTrue(test(Filter.and(Filter.eq("lang", "en"), Filter.not(Filter.eq("lang", "de")))));
    assertFalse(test(Filter.and(Filter.eq("lang", "en"), Filter.eq("ok", false))));
    assertTrue(test(Filter.or(Filter.eq("lang", "de"), Filter.eq("ok", true))));
    assertTrue(test(Filter.not(Filter.exists("missing"))));
    assertTrue(test(Filter.and()));
    assertFalse(test(Filter.or()));
    assertFalse(Filter.exists("lang").asPredicate().test(Map.of()));
  }

  @Test
  void stringRangesCompareStringsOnly() {
    assertTrue(test(Filter.stringRange("lang").gt("de")));
    assertTrue(test(Filter.stringRange("lang").gte("en").lte("en")));
    assertFalse(test(Filter.stringRange("lang").gt("en")));
    assertFalse(test(Filter.stringRange("lang").lt("en")));
    assertTrue(test(Filter.stringRange("tags").gt("a"))); // "b", any list element
    assertFalse(test(Filter.stringRange("tags").gt("b")));
    assertFalse(test(Filter.stringRange("year").gt(""))); // a number is not a string
    assertFalse(test(Filter.stringRange("missing").gte("")));
    assertTrue(test(Filter.stringRange("authors.name").lt("b")));
    assertTrue(test(Filter.stringRange("lang")));
  }
}
