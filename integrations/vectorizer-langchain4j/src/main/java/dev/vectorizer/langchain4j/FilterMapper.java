package dev.vectorizer.langchain4j;

import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import dev.vectorizer.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * LangChain4j metadata filters as Vectorizer filters, answered by the engine. LangChain4j's
 * semantics carry over: {@code IsNotEqualTo} and {@code IsNotIn} match points without the key (they
 * are {@code not(eq)} and {@code not(in)}); numbers compare by value whatever their type;
 * comparisons with a string are lexicographic ({@link Filter#stringRange}); UUIDs compare as their
 * text for (in)equality.
 */
final class FilterMapper {
  private FilterMapper() {}

  private enum Bound {
    GT,
    GTE,
    LT,
    LTE
  }

  static Filter map(dev.langchain4j.store.embedding.filter.Filter filter, String textKey) {
    if (filter instanceof And and) {
      return Filter.and(map(and.left(), textKey), map(and.right(), textKey));
    }
    if (filter instanceof Or or) {
      return Filter.or(map(or.left(), textKey), map(or.right(), textKey));
    }
    if (filter instanceof Not not) {
      return Filter.not(map(not.expression(), textKey));
    }
    if (filter instanceof IsEqualTo eq) {
      return Filter.eq(field(eq.key()), value(eq.comparisonValue()));
    }
    if (filter instanceof IsNotEqualTo ne) {
      return Filter.not(Filter.eq(field(ne.key()), value(ne.comparisonValue())));
    }
    if (filter instanceof IsIn in) {
      return Filter.in(field(in.key()), values(in.comparisonValues()));
    }
    if (filter instanceof IsNotIn notIn) {
      return Filter.not(Filter.in(field(notIn.key()), values(notIn.comparisonValues())));
    }
    if (filter instanceof ContainsString contains) {
      return Filter.contains(field(contains.key()), contains.comparisonValue());
    }
    if (filter instanceof IsGreaterThan c) {
      return range(c.key(), c.comparisonValue(), Bound.GT);
    }
    if (filter instanceof IsGreaterThanOrEqualTo c) {
      return range(c.key(), c.comparisonValue(), Bound.GTE);
    }
    if (filter instanceof IsLessThan c) {
      return range(c.key(), c.comparisonValue(), Bound.LT);
    }
    if (filter instanceof IsLessThanOrEqualTo c) {
      return range(c.key(), c.comparisonValue(), Bound.LTE);
    }
    throw new IllegalArgumentException(
        "unsupported LangChain4j filter "
            + filter.getClass().getName()
            + " ("
            + filter
            + "): use the comparison (IsEqualTo, IsIn, IsGreaterThan, ContainsString...) and"
            + " logical (And, Or, Not) filters");
  }

  private static String field(String key) {
    return MetadataCodec.encodeKey(key);
  }

  private static Object value(Object value) {
    return value instanceof UUID uuid ? uuid.toString() : value;
  }

  private static List<Object> values(java.util.Collection<?> values) {
    List<Object> out = new ArrayList<>(values.size());
    for (Object v : values) {
      out.add(value(v));
    }
    return out;
  }

  private static Filter range(String key, Comparable<?> bound, Bound which) {
    String field = field(key);
    if (bound instanceof Number n) {
      Filter.Range r = Filter.range(field);
      return switch (which) {
        case GT -> r.gt(n);
        case GTE -> r.gte(n);
        case LT -> r.lt(n);
        case LTE -> r.lte(n);
      };
    }
    if (bound instanceof String s) {
      Filter.StringRange r = Filter.stringRange(field);
      return switch (which) {
        case GT -> r.gt(s);
        case GTE -> r.gte(s);
        case LT -> r.lt(s);
        case LTE -> r.lte(s);
      };
    }
    throw new IllegalArgumentException(
        "cannot compare metadata key '"
            + key
            + "' with "
            + bound.getClass().getName()
            + " "
            + bound
            + ": range filters take numbers or strings");
  }
}
