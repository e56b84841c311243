package dev.vectorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Payload values as Java, Kotlin and Scala callers pass them. */
class PointTest {
  private static final float[] V = {1, 2};

  @Test
  void numbersOfOtherTypesAreStoredAsBigDecimal() {
    Point p =
        Point.of(
            "a", V, Map.of("price", new FilterTest.ScalaLikeDecimal("19.90"), "n", 7, "x", 1.5));
    assertEquals(new BigDecimal("19.90"), p.payload().get("price"));
    assertEquals(7, p.payload().get("n"));
    assertEquals(1.5, p.payload().get("x"));
    assertEquals(
        new BigDecimal("3"),
        Point.of("a", V, Map.of("c", new AtomicInteger(3))).payload().get("c"));
  }

  @Test
  void aNumberWhoseTextIsNotDecimalIsNamed() {
    Number odd =
        new Number() {
          private static final long serialVersionUID = 1L;

          @Override
          public int intValue() {
            return 1;
          }

          @Override
          public long longValue() {
            return 1;
          }

          @Override
          public float floatValue() {
            return 1;
          }

          @Override
          public double doubleValue() {
            return 1;
          }

          @Override
          public String toString() {
            return "one";
          }
        };
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Point.of("a", V, Map.of("k", odd)));
    assertTrue(e.getMessage().contains("'one' is not a decimal number"), e.getMessage());
    assertTrue(e.getMessage().contains("at 'k'"), e.getMessage());
  }

  @Test
  void setsAndArraysAreStoredAsLists() {
    LinkedHashSet<String> tags = new LinkedHashSet<>(List.of("b", "a"));
    Point p = Point.of("a", V, Map.of("tags", tags, "codes", new int[] {3, 4}));
    assertEquals(List.of("b", "a"), p.payload().get("tags"));
    assertEquals(List.of(3, 4), p.payload().get("codes"));
  }

  @Test
  void aScalaValueInAPayloadGetsScalaAdvice() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Point.of("a", V, Map.of("tags", new scala.FakeSeq())));
    assertTrue(e.getMessage().contains("scala.FakeSeq at 'tags'"), e.getMessage());
    assertTrue(e.getMessage().contains(".asJava"), e.getMessage());
  }

  @Test
  void nullInsideAListIsNamedWithItsIndex() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Point.of("a", V, Map.of("tags", java.util.Arrays.asList("x", null))));
    assertTrue(e.getMessage().contains("'tags[1]'"), e.getMessage());
  }
}
