package dev.vectorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The filter factories as Java, Kotlin and Scala callers reach them. */
class FilterTest {

  @Test
  void rangeBoundsAcceptAnyNumberType() {
    Filter.Range fromDouble = Filter.range("year").gte(2020).lt(2030.5);
    Filter.Range fromNumbers =
        Filter.range("year").gte(Integer.valueOf(2020)).lt(new BigDecimal("2030.5"));
    assertEquals(fromDouble, fromNumbers);
    Filter.Range fromLong = Filter.range("t").gt(Long.valueOf(1_700_000_000_000L)).lte(5L);
    assertEquals(1.7e12, fromLong.gt());
    assertEquals(5.0, fromLong.lte());
    assertEquals(2.5, Filter.range("x").gt(new ScalaLikeDecimal("2.5")).gt());
  }

  @Test
  void rangeBoundsRejectNullAndNonFiniteNumbersNamingTheField() {
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> Filter.range("year").gte(Double.valueOf(0.0 / 0)));
    assertTrue(nan.getMessage().contains("range(\"year\")"), nan.getMessage());
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, () -> Filter.range("year").lt((Number) null));
    assertTrue(none.getMessage().contains("bound is null"), none.getMessage());
  }

  @Test
  void isInIsTheSameFilterAsIn() {
    assertEquals(Filter.in("lang", "en", "de"), Filter.isIn("lang", "en", "de"));
    assertEquals(Filter.in("lang", List.of("en", 1)), Filter.isIn("lang", List.of("en", 1)));
    assertEquals(Filter.in("lang", "en", "de"), Filter.in("lang", List.of("en", "de")));
  }

  @Test
  void aCollectionPassedAsOneValueIsRejectedWithAdvice() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Filter.in("lang", (Object) List.of("en", "de")));
    assertTrue(e.getMessage().contains("filter on 'lang'"), e.getMessage());
    assertTrue(e.getMessage().contains("List overload"), e.getMessage());
  }

  @Test
  void aScalaValueIsRejectedWithScalaAdvice() throws Exception {
    // A class in a scala.* package stands in for a Scala collection (no Scala on this class path).
    Object scalaList = new scala.FakeSeq();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Filter.in("lang", scalaList));
    assertTrue(e.getMessage().contains(".asJava"), e.getMessage());
    assertTrue(e.getMessage().contains("values*"), e.getMessage());
  }

  @Test
  void nullValuesAreNamedNotNullPointerExceptions() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Filter.in("lang", "en", null));
    assertTrue(e.getMessage().contains("compares with null"), e.getMessage());
  }

  @Test
  void otherNumberTypesBecomeBigDecimal() {
    Filter.Eq eq = (Filter.Eq) Filter.eq("price", new ScalaLikeDecimal("9.99"));
    assertEquals(new BigDecimal("9.99"), eq.value());
    Filter.In in = (Filter.In) Filter.in("n", new AtomicLong(3), 4);
    assertEquals(List.of(new BigDecimal("3"), 4), in.values());
    assertInstanceOf(Integer.class, in.values().get(1));
  }

  /** A Number outside the JDK's own types, like scala.math.BigDecimal. */
  static final class ScalaLikeDecimal extends Number {
    private static final long serialVersionUID = 1L;
    private final BigDecimal value;

    ScalaLikeDecimal(String text) {
      this.value = new BigDecimal(text);
    }

    @Override
    public int intValue() {
      return value.intValue();
    }

    @Override
    public long longValue() {
      return value.longValue();
    }

    @Override
    public float floatValue() {
      return value.floatValue();
    }

    @Override
    public double doubleValue() {
      return value.doubleValue();
    }

    @Override
    public String toString() {
      return value.toPlainString();
    }
  }
}
