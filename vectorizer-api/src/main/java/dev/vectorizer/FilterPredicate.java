package dev.vectorizer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A {@link Filter} compiled into a test over payload maps, with the semantics documented on {@link
 * Filter}: a field path walks nested maps; a list anywhere on the path matches when any element
 * matches; a missing field (or a null payload) matches nothing; numbers compare by value. The one
 * evaluator of filters on payloads: the embedded engine and the stores that filter client-side use
 * it. Immutable and thread-safe.
 */
final class FilterPredicate implements Predicate<Map<String, Object>> {
  private final Node root;

  private FilterPredicate(Node root) {
    this.root = root;
  }

  static FilterPredicate compile(Filter filter) {
    return new FilterPredicate(node(filter));
  }

  @Override
  public boolean test(Map<String, Object> payload) {
    return root.test(payload);
  }

  private interface Node {
    boolean test(Map<String, Object> payload);
  }

  private static Node node(Filter filter) {
    return switch (filter) {
      case Filter.And and -> {
        Node[] children = and.filters().stream().map(FilterPredicate::node).toArray(Node[]::new);
        yield p -> {
          for (Node c : children) {
            if (!c.test(p)) {
              return false;
            }
          }
          return true;
        };
      }
      case Filter.Or or -> {
        Node[] children = or.filters().stream().map(FilterPredicate::node).toArray(Node[]::new);
        yield p -> {
          for (Node c : children) {
            if (c.test(p)) {
              return true;
            }
          }
          return false;
        };
      }
      case Filter.Not not -> {
        Node child = node(not.filter());
        yield p -> !child.test(p);
      }
      case Filter.Eq eq -> leaf(eq.field(), v -> scalarEquals(v, eq.value()));
      case Filter.In in -> {
        List<Object> values = new ArrayList<>(in.values());
        yield leaf(
            in.field(),
            v -> {
              for (Object candidate : values) {
                if (scalarEquals(v, candidate)) {
                  return true;
                }
              }
              return false;
            });
      }
      case Filter.Range r -> leaf(r.field(), v -> v instanceof Number n && inRange(n, r));
      case Filter.StringRange r -> leaf(r.field(), v -> v instanceof String s && inRange(s, r));
      case Filter.Exists e -> leaf(e.field(), v -> true);
      case Filter.Contains c -> leaf(c.field(), v -> v instanceof String s && s.contains(c.text()));
    };
  }

  private static Node leaf(String field, Predicate<Object> test) {
    String[] path = field.split("\\.", -1);
    return p -> anyMatch(p, path, 0, test);
  }

  private static boolean anyMatch(Object node, String[] path, int depth, Predicate<Object> test) {
    if (node instanceof List<?> list) {
      for (Object element : list) {
        if (anyMatch(element, path, depth, test)) {
          return true;
        }
      }
      return false;
    }
    if (depth == path.length) {
      return test.test(node);
    }
    if (node instanceof Map<?, ?> map) {
      Object child = map.get(path[depth]);
      return child != null && anyMatch(child, path, depth + 1, test);
    }
    return false;
  }

  private static boolean scalarEquals(Object payloadValue, Object filterValue) {
    if (payloadValue instanceof Number a && filterValue instanceof Number b) {
      return compareNumbers(a, b) == 0;
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

  private static int compareNumbers(Number a, Number b) {
    if (isIntegral(a) && isIntegral(b)) {
      return Long.compare(a.longValue(), b.longValue());
    }
    if (a instanceof BigInteger
        || a instanceof BigDecimal
        || b instanceof BigInteger
        || b instanceof BigDecimal) {
      return toBigDecimal(a).compareTo(toBigDecimal(b));
    }
    double x = a.doubleValue();
    double y = b.doubleValue();
    return x == y ? 0 : (x < y ? -1 : 1);
  }

  private static boolean isIntegral(Number n) {
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
  }

  private static BigDecimal toBigDecimal(Number n) {
    if (n instanceof BigDecimal bd) {
      return bd;
    }
    if (n instanceof BigInteger bi) {
      return new BigDecimal(bi);
    }
    if (isIntegral(n)) {
      return BigDecimal.valueOf(n.longValue());
    }
    return BigDecimal.valueOf(n.doubleValue());
  }
}
