package dev.vectorizer.cassandra.internal;

import dev.vectorizer.Filter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Evaluates a {@link Filter} on a payload read back from Cassandra, with the semantics documented
 * on {@link Filter}: paths walk nested objects, a list matches when any element does, a missing
 * field matches nothing, numbers compare by value. Stateless.
 */
public final class PayloadMatcher {
  private PayloadMatcher() {}

  /**
   * Tests a payload.
   *
   * @param filter the filter, or null for none
   * @param payload the payload
   * @return whether it matches
   */
  public static boolean matches(Filter filter, Map<String, Object> payload) {
    if (filter == null) {
      return true;
    }
    return switch (filter) {
      case Filter.And and -> and.filters().stream().allMatch(f -> matches(f, payload));
      case Filter.Or or -> or.filters().stream().anyMatch(f -> matches(f, payload));
      case Filter.Not not -> !matches(not.filter(), payload);
      case Filter.Eq eq -> any(payload, eq.field(), v -> sameScalar(v, eq.value()));
      case Filter.In in ->
          any(payload, in.field(), v -> in.values().stream().anyMatch(x -> sameScalar(v, x)));
      case Filter.Range r -> any(payload, r.field(), v -> v instanceof Number n && inRange(n, r));
      case Filter.StringRange r ->
          any(payload, r.field(), v -> v instanceof String s && inRange(s, r));
      case Filter.Exists e -> any(payload, e.field(), v -> true);
      case Filter.Contains c ->
          any(payload, c.field(), v -> v instanceof String s && s.contains(c.text()));
    };
  }

  private static boolean any(Map<String, Object> payload, String field, Predicate<Object> test) {
    return walk(payload, field.split("\\.", -1), 0, test);
  }

  private static boolean walk(Object node, String[] path, int depth, Predicate<Object> test) {
    if (node instanceof List<?> list) {
      for (Object element : list) {
        if (walk(element, path, depth, test)) {
          return true;
        }
      }
      return false;
    }
    if (depth == path.length) {
      return test.test(node);
    }
    return node instanceof Map<?, ?> map
        && map.get(path[depth]) instanceof Object child
        && walk(child, path, depth + 1, test);
  }

  private static boolean sameScalar(Object payloadValue, Object filterValue) {
    if (payloadValue instanceof Number a && filterValue instanceof Number b) {
      return exact(a).compareTo(exact(b)) == 0;
    }
    return payloadValue.equals(filterValue);
  }

  private static boolean inRange(Number n, Filter.Range r) {
    double d = n.doubleValue();
    return (r.gt() == null || d > r.gt())
        && (r.gte() == null || d >= r.gte())
        && (r.lt() == null || d < r.lt())
        && (r.lte() == null || d <= r.lte());
  }

  private static boolean inRange(String s, Filter.StringRange r) {
    return (r.gt() == null || s.compareTo(r.gt()) > 0)
        && (r.gte() == null || s.compareTo(r.gte()) >= 0)
        && (r.lt() == null || s.compareTo(r.lt()) < 0)
        && (r.lte() == null || s.compareTo(r.lte()) <= 0);
  }

  private static BigDecimal exact(Number n) {
    if (n instanceof BigDecimal bd) {
      return bd;
    }
    if (n instanceof BigInteger bi) {
      return new BigDecimal(bi);
    }
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return BigDecimal.valueOf(n.longValue());
    }
    return new BigDecimal(n.doubleValue());
  }
}
