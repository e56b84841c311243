package dev.vectorizer;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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
 *   <li>{@code contains}: a string field containing the text (case-sensitive).
 * </ul>
 *
 * <p>Filters are immutable values and thread-safe. They are records, so callers can also inspect
 * them with pattern matching.
 */
public sealed interface Filter
    permits Filter.And,
        Filter.Or,
        Filter.Not,
        Filter.Eq,
        Filter.In,
        Filter.Range,
        Filter.Exists,
        Filter.Contains {

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
    return new In(field, List.of(values));
  }

  /**
   * Matches when the field equals one of the values.
   *
   * @param field the payload path
   * @param values Strings, Booleans or Numbers; at least one
   * @return the condition
   */
  static Filter in(String field, List<?> values) {
    return new In(field, List.copyOf(values));
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
    /** Checks the arguments. */
    public Eq {
      checkField(field);
      checkScalar(field, value);
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
      for (Object v : values) {
        checkScalar(field, v);
      }
      values = List.copyOf(values);
    }
  }

  /**
   * A numeric range; a null bound is absent.
   *
   * @param field the payload path
   * @param gt exclusive lower bound
   * @param gte inclusive lower bound
   * @param lt exclusive upper bound
   * @param lte inclusive upper bound
   */
  record Range(String field, Double gt, Double gte, Double lt, Double lte) implements Filter {
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

  private static void checkField(String field) {
    if (field == null || field.isEmpty()) {
      throw new IllegalArgumentException("filter field is " + (field == null ? "null" : "empty"));
    }
    if (field.startsWith(".") || field.endsWith(".") || field.contains("..")) {
      throw new IllegalArgumentException("filter field '" + field + "' has an empty path segment");
    }
  }

  private static void checkScalar(String field, Object value) {
    if (value instanceof String || value instanceof Boolean) {
      return;
    }
    if (value instanceof Number n) {
      if (!Double.isFinite(n.doubleValue())) {
        throw new IllegalArgumentException(
            "filter on '" + field + "' has a non-finite number: " + value);
      }
      return;
    }
    throw new IllegalArgumentException(
        "filter on '"
            + field
            + "' compares with "
            + (value == null ? "null" : value.getClass().getName() + " " + value)
            + ": use a String, Boolean or Number (use exists/not for absent fields)");
  }
}
