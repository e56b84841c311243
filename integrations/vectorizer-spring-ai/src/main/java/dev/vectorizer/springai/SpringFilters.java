package dev.vectorizer.springai;

import dev.vectorizer.Filter;
import java.util.List;
import org.springframework.ai.vectorstore.filter.Filter.Expression;
import org.springframework.ai.vectorstore.filter.Filter.Group;
import org.springframework.ai.vectorstore.filter.Filter.Key;
import org.springframework.ai.vectorstore.filter.Filter.Operand;
import org.springframework.ai.vectorstore.filter.Filter.Value;

/**
 * Spring AI filter expressions as Vectorizer filters. {@code !=} and {@code NIN} match documents
 * without the key (they are {@code not(eq)} and {@code not(in)}); comparisons with a string are
 * lexicographic; {@code IS NULL} is "has no such key" (payloads hold no nulls).
 */
final class SpringFilters {
  private SpringFilters() {}

  static Filter map(Operand operand) {
    if (operand instanceof Group group) {
      return map(group.content());
    }
    if (!(operand instanceof Expression e)) {
      throw new IllegalArgumentException("not a filter expression: " + operand);
    }
    return switch (e.type()) {
      case AND -> Filter.and(map(e.left()), map(e.right()));
      case OR -> Filter.or(map(e.left()), map(e.right()));
      case NOT -> Filter.not(map(e.left()));
      case EQ -> Filter.eq(key(e), value(e));
      case NE -> Filter.not(Filter.eq(key(e), value(e)));
      case IN -> Filter.in(key(e), values(e));
      case NIN -> Filter.not(Filter.in(key(e), values(e)));
      case ISNULL -> Filter.not(Filter.exists(key(e)));
      case ISNOTNULL -> Filter.exists(key(e));
      case GT, GTE, LT, LTE -> range(e);
    };
  }

  private static String key(Expression e) {
    if (!(e.left() instanceof Key k)) {
      throw new IllegalArgumentException("the left side of " + e.type() + " must be a key: " + e);
    }
    String key = k.key();
    if (key.length() >= 2
        && (key.charAt(0) == '\'' || key.charAt(0) == '"')
        && key.charAt(key.length() - 1) == key.charAt(0)) {
      key = key.substring(1, key.length() - 1);
    }
    return key;
  }

  private static Object value(Expression e) {
    if (!(e.right() instanceof Value v) || v.value() == null) {
      throw new IllegalArgumentException(
          "the right side of " + e.type() + " must be a value: " + e);
    }
    return v.value();
  }

  private static List<?> values(Expression e) {
    Object v = value(e);
    return v instanceof List<?> list ? list : List.of(v);
  }

  private static Filter range(Expression e) {
    String key = key(e);
    Object v = value(e);
    if (v instanceof Number n) {
      Filter.Range r = Filter.range(key);
      return switch (e.type()) {
        case GT -> r.gt(n);
        case GTE -> r.gte(n);
        case LT -> r.lt(n);
        default -> r.lte(n);
      };
    }
    if (v instanceof String s) {
      Filter.StringRange r = Filter.stringRange(key);
      return switch (e.type()) {
        case GT -> r.gt(s);
        case GTE -> r.gte(s);
        case LT -> r.lt(s);
        default -> r.lte(s);
      };
    }
    throw new IllegalArgumentException(
        e.type() + " on '" + key + "' compares with " + v + ": use a number or a string");
  }
}
