package dev.vectorizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A condition on payloads, used to restrict searches and deletes. Build filters with the static
 * factories ({@link #eq}, {@link #in}, {@link #range}, {@link #exists}, {@link #contains}) and
 * combine them with {@link #and}, {@link #or} and {@link #not}.
 *
 * <p>Fields are paths into the payload: {@code "lang"} or, for nested objects, {@code
 * "meta.author"}. Payloads have no schema, so a field that a point's payload lacks simply does not
 * match (and {@code not(...)} of it does); it never throws. When the payload value is a list, a
 * condition matches if any element matches.
 *
 * <ul>
 *   <li>{@code eq}: strings and booleans compare exactly; numbers compare by value ({@code 2024}
 *       equals {@code 2024.0}).
 *   <li>{@code range}: numeric fields only, with any of {@code gt}, {@code gte}, {@code lt}, {@code
 *       lte}.
 *   <li>{@code stringRange}: string fields only, compared with {@link String#compareTo} (UTF-16
 *       code units, case-sensitive), with the same four bounds.
 *   <li>{@code contains}: a string field containing the text (case-sensitive).
 * </ul>
 *
 * <p>Filters are immutable values and thread-safe. They are records, so callers can also inspect
 * them with pattern matching.
 *
 * <p>From Kotlin, {@code in} is a keyword: call {@link #isIn(String, Object...)}, the same filter.
 * From Scala, pass a sequence to a varargs factory with {@code values*} ({@code :_*} in Scala 2),
 * or convert it with {@code .asJava}; a Scala collection passed as one value is rejected with that
 * advice.
 */
public sealed interface Filter
    permits Filter.And,
        Filter.Or,
        Filter.Not,
        Filter.Eq,
        Filter.In,
        Filter.Range,
        Filter.StringRange,
        Filter.Exists,
        Filter.Contains {

  /**
   * This filter as a test over payloads, evaluated exactly as the store evaluates it (the rules
   * above), for code that holds payloads of its own: adapters that filter client-side, tests.
   * Compile once and reuse: the predicate is immutable and thread-safe. A null payload matches
   * nothing, as an empty one does (except under {@code not}).
   *
   * @return the predicate
   */
  default java.util.function.Predicate<java.util.Map<String, Object>> asPredicate() {
    return FilterPredicate.compile(this);
  }

  /**
   * Matches when every filter matches; {@code and()} with no filters matches everything.
   *
   * @param filters the conditions
   * @return the conjunction
   */
  static Filter and(Filter... filters) {
    return new And(List.of(filters));
  }

  /**
   * Matches when at least one filter matches; {@code or()} with no filters matches nothing.
   *
   * @param filters the conditions
   * @return the disjunction
   */
  static Filter or(Filter... filters) {
    return new Or(List.of(filters));
  }

  /**
   * Matches when the filter does not.
   *
   * @param filter the condition
   * @return the negation
   */
  static Filter not(Filter filter) {
    return new Not(filter);
  }

  /**
   * Matches when the field equals the value.
   *
   * @param field the payload path
   * @param value a String, Boolean or Number
   * @return the condition
   */
  static Filter eq(String field, Object value) {
    return new Eq(field, value);
  }

  /**
   * Matches when the field equals one of the values.
   *
   * @param field the payload path
   * @param values Strings, Booleans or Numbers; at least one
   * @return the condition
   */
  static Filter in(String field, Object... values) {
    return new In(field, Arrays.asList(values));
  }

  /**
   * Matches when the field equals one of the values.
   *
   * @param field the payload path
   * @param values Strings, Booleans or Numbers; at least one
   * @return the condition
   */
  static Filter in(String field, List<?> values) {
    return new In(field, new ArrayList<>(values));
  }

  /**
   * The same as {@link #in(String, Object...)}, under a name that is not a Kotlin keyword.
   *
   * @param field the payload path
   * @param values Strings, Booleans or Numbers; at least one
   * @return the condition
   */
  static Filter isIn(String field, Object... values) {
    return in(field, values);
  }

  /**
   * The same as {@link #in(String, List)}, under a name that is not a Kotlin keyword.
   *
   * @param field the payload path
   * @param values Strings, Booleans or Numbers; at least one
   * @return the condition
   */
  static Filter isIn(String field, List<?> values) {
    return in(field, values);
  }

  /**
   * A numeric range on a field with no bounds yet: add them with {@link Range#gt}, {@link
   * Range#gte}, {@link Range#lt} and {@link Range#lte}. With no bounds it matches any number.
   *
   * @param field the payload path
   * @return the range
   */
  static Range range(String field) {
    return new Range(field, null, null, null, null);
  }

  /**
   * A range of strings on a field, compared with {@link String#compareTo}, with no bounds yet: add
   * them with {@link StringRange#gt}, {@link StringRange#gte}, {@link StringRange#lt} and {@link
   * StringRange#lte}. With no bounds it matches any string. Numbers and other values never match.
   *
   * @param field the payload path
   * @return the range
   */
  static StringRange stringRange(String field) {
    return new StringRange(field, null, null, null, null);
  }

  /**
   * Matches when the payload has the field (with any value).
   *
   * @param field the payload path
   * @return the condition
   */
  static Filter exists(String field) {
    return new Exists(field);
  }

  /**
   * Matches when the string field contains the text (case-sensitive).
   *
   * @param field the payload path
   * @param text a non-empty text
   * @return the condition
   */
  static Filter contains(String field, String text) {
    return new Contains(field, text);
  }

  /**
   * All of the filters.
   *
   * @param filters the conditions
   */
  record And(List<Filter> filters) implements Filter {
    /** Checks the arguments. */
    public And {
      filters = List.copyOf(filters);
    }
  }

  /**
   * Any of the filters.
   *
   * @param filters the conditions
   */
  record Or(List<Filter> filters) implements Filter {
    /** Checks the arguments. */
    public Or {
      filters = List.copyOf(filters);
    }
  }

  /**
   * The negation of a filter.
   *
   * @param filter the condition
   */
  record Not(Filter filter) implements Filter {
    /** Checks the arguments. */
    public Not {
      Objects.requireNonNull(filter, "filter");
    }
  }

  /**
   * Equality.
   *
   * @param field the payload path
   * @param value a String, Boolean or Number
   */
  record Eq(String field, Object value) implements Filter {
    /** Checks the arguments; numbers of other types (Scala's, atomics) become BigDecimal. */
    public Eq {
      checkField(field);
      value = checkScalar(field, value);
    }
  }

  /**
   * Membership.
   *
   * @param field the payload path
   * @param values Strings, Booleans or Numbers
   */
  record In(String field, List<Object> values) implements Filter {
    /** Checks the arguments. */
    public In {
      checkField(field);
      if (values == null || values.isEmpty()) {
        throw new IllegalArgumentException("in(\"" + field + "\") needs at least one value");
      }
      Object[] checked = new Object[values.size()];
      for (int i = 0; i < checked.length; i++) {
        checked[i] = checkScalar(field, values.get(i));
      }
      values = List.of(checked);
    }
  }

  /**
   * A numeric range; a null bound is absent. Bounds are doubles: a {@code long} bound beyond
   * 2<sup>53</sup> is rounded to the nearest double.
   *
   * <p>Each bound has a {@code double} and a {@link Number} overload, so that {@code gte(2020)}
   * compiles in Java, Kotlin ({@code Int}, {@code Long}) and Scala alike.
   *
   * @param field the payload path
   * @param gt exclusive lower bound
   * @param gte inclusive lower bound
   * @param lt exclusive upper bound
   * @param lte inclusive upper bound
   */
  record Range(
      String field,
      @Nullable Double gt,
      @Nullable Double gte,
      @Nullable Double lt,
      @Nullable Double lte)
      implements Filter {
    /** Checks the arguments. */
    public Range {
      checkField(field);
      for (Double bound : Arrays.asList(gt, gte, lt, lte)) {
        if (bound != null && bound.isNaN()) {
          throw new IllegalArgumentException("range(\"" + field + "\") bound is NaN");
        }
      }
    }

    /**
     * Adds an exclusive lower bound.
     *
     * @param value the bound
     * @return a new range
     */
    public Range gt(double value) {
      return new Range(field, value, gte, lt, lte);
    }

    /**
     * Adds an inclusive lower bound.
     *
     * @param value the bound
     * @return a new range
     */
    public Range gte(double value) {
      return new Range(field, gt, value, lt, lte);
    }

    /**
     * Adds an exclusive upper bound.
     *
     * @param value the bound
     * @return a new range
     */
    public Range lt(double value) {
      return new Range(field, gt, gte, value, lte);
    }

    /**
     * Adds an inclusive upper bound.
     *
     * @param value the bound
     * @return a new range
     */
    public Range lte(double value) {
      return new Range(field, gt, gte, lt, value);
    }

    /**
     * Adds an exclusive lower bound given as any number ({@code Int}, {@code Long}, {@code
     * BigDecimal}...).
     *
     * @param value the bound
     * @return a new range
     */
    public Range gt(Number value) {
      return gt(bound(field, value));
    }

    /**
     * Adds an inclusive lower bound given as any number.
     *
     * @param value the bound
     * @return a new range
     */
    public Range gte(Number value) {
      return gte(bound(field, value));
    }

    /**
     * Adds an exclusive upper bound given as any number.
     *
     * @param value the bound
     * @return a new range
     */
    public Range lt(Number value) {
      return lt(bound(field, value));
    }

    /**
     * Adds an inclusive upper bound given as any number.
     *
     * @param value the bound
     * @return a new range
     */
    public Range lte(Number value) {
      return lte(bound(field, value));
    }

    private static double bound(String field, @Nullable Number value) {
      if (value == null) {
        throw new IllegalArgumentException("range(\"" + field + "\") bound is null");
      }
      double d = value.doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(
            "range(\"" + field + "\") bound is not a finite number: " + value);
      }
      return d;
    }
  }

  /**
   * A range of strings in {@link String#compareTo} order; a null bound is absent.
   *
   * @param field the payload path
   * @param gt exclusive lower bound
   * @param gte inclusive lower bound
   * @param lt exclusive upper bound
   * @param lte inclusive upper bound
   */
  record StringRange(
      String field,
      @Nullable String gt,
      @Nullable String gte,
      @Nullable String lt,
      @Nullable String lte)
      implements Filter {
    /** Checks the arguments. */
    public StringRange {
      checkField(field);
    }

    /**
     * Adds an exclusive lower bound.
     *
     * @param value the bound
     * @return a new range
     */
    public StringRange gt(String value) {
      return new StringRange(field, bound(field, value), gte, lt, lte);
    }

    /**
     * Adds an inclusive lower bound.
     *
     * @param value the bound
     * @return a new range
     */
    public StringRange gte(String value) {
      return new StringRange(field, gt, bound(field, value), lt, lte);
    }

    /**
     * Adds an exclusive upper bound.
     *
     * @param value the bound
     * @return a new range
     */
    public StringRange lt(String value) {
      return new StringRange(field, gt, gte, bound(field, value), lte);
    }

    /**
     * Adds an inclusive upper bound.
     *
     * @param value the bound
     * @return a new range
     */
    public StringRange lte(String value) {
      return new StringRange(field, gt, gte, lt, bound(field, value));
    }

    private static String bound(String field, @Nullable String value) {
      if (value == null) {
        throw new IllegalArgumentException("stringRange(\"" + field + "\") bound is null");
      }
      return value;
    }
  }

  /**
   * Presence of a field.
   *
   * @param field the payload path
   */
  record Exists(String field) implements Filter {
    /** Checks the arguments. */
    public Exists {
      checkField(field);
    }
  }

  /**
   * Substring match on a string field.
   *
   * @param field the payload path
   * @param text the text to find
   */
  record Contains(String field, String text) implements Filter {
    /** Checks the arguments. */
    public Contains {
      checkField(field);
      if (text == null || text.isEmpty()) {
        throw new IllegalArgumentException(
            "contains(\"" + field + "\") needs a non-empty text, got " + text);
      }
    }
  }

  private static void checkField(@Nullable String field) {
    if (field == null || field.isEmpty()) {
      throw new IllegalArgumentException("filter field is " + (field == null ? "null" : "empty"));
    }
    if (field.startsWith(".") || field.endsWith(".") || field.contains("..")) {
      throw new IllegalArgumentException("filter field '" + field + "' has an empty path segment");
    }
  }

  private static Object checkScalar(String field, @Nullable Object value) {
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number n) {
      if (!Double.isFinite(n.doubleValue())) {
        throw new IllegalArgumentException(
            "filter on '" + field + "' has a non-finite number: " + value);
      }
      return Payloads.javaNumber(n, "filter on '" + field + "'");
    }
    throw new IllegalArgumentException(
        "filter on '"
            + field
            + "' compares with "
            + (value == null ? "null" : value.getClass().getName() + " " + value)
            + ": use a String, Boolean or Number (use exists/not for absent fields)"
            + Payloads.collectionAdvice(value));
  }
}
