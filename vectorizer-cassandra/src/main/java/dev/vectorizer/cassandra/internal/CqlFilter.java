package dev.vectorizer.cassandra.internal;

import dev.vectorizer.Filter;
import dev.vectorizer.cassandra.IndexedField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a {@link Filter} into the part Cassandra's Storage-Attached Indexes evaluate and the part
 * the client evaluates. Cassandra 5.0 SAI answers {@code =} on text, numeric and boolean columns
 * and {@code < <= > >=} on numeric ones, combined with {@code AND}; it has no {@code OR}, {@code
 * NOT}, {@code !=}, {@code IN} on indexed regular columns (without ALLOW FILTERING), presence tests
 * or substring matches. So the conjuncts of the filter's top-level AND that are {@code eq}/{@code
 * range} (or a one-value {@code in}) on indexed fields become CQL; everything else stays on the
 * client ({@link #residual()}), which always re-checks the whole filter on the rows it gets.
 *
 * <p>Immutable.
 *
 * @param where the CQL condition ({@code "f_a_1 = ? AND f_b_2 >= ?"}), or empty for none
 * @param values the bind values of {@code where}, in order
 * @param residual whether some of the filter is left to the client
 * @param matchesNothing whether the filter can match no point at all (a type no indexed column can
 *     hold, or an empty {@code or()}); the caller answers without a query
 */
public record CqlFilter(
    String where, List<Object> values, boolean residual, boolean matchesNothing) {

  /** The plan of a search or count without a filter. */
  public static final CqlFilter NONE = new CqlFilter("", List.of(), false, false);

  /** Copies the values. */
  public CqlFilter {
    values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
  }

  /**
   * Plans a filter.
   *
   * @param filter the filter, or null
   * @param indexed the indexed fields by payload path, with their columns
   * @return the plan
   */
  public static CqlFilter plan(Filter filter, Map<String, IndexedColumn> indexed) {
    if (filter == null) {
      return NONE;
    }
    List<Filter> conjuncts = new ArrayList<>();
    flatten(filter, conjuncts);
    List<String> clauses = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    boolean residual = false;
    for (Filter f : conjuncts) {
      Outcome o = translate(f, indexed, clauses, values);
      if (o == Outcome.NOTHING) {
        return new CqlFilter("", List.of(), false, true);
      }
      residual |= o == Outcome.CLIENT;
    }
    return new CqlFilter(String.join(" AND ", clauses), values, residual, false);
  }

  /** A field's column. */
  public record IndexedColumn(String column, IndexedField.Type type) {}

  private enum Outcome {
    CQL,
    CLIENT,
    NOTHING
  }

  private static void flatten(Filter f, List<Filter> out) {
    if (f instanceof Filter.And and) {
      for (Filter child : and.filters()) {
        flatten(child, out);
      }
    } else {
      out.add(f);
    }
  }

  private static Outcome translate(
      Filter f, Map<String, IndexedColumn> indexed, List<String> clauses, List<Object> values) {
    switch (f) {
      case Filter.Or or when or.filters().isEmpty() -> {
        return Outcome.NOTHING;
      }
      case Filter.In in when in.values().size() == 1 -> {
        return translate(new Filter.Eq(in.field(), in.values().get(0)), indexed, clauses, values);
      }
      case Filter.Eq eq -> {
        IndexedColumn c = indexed.get(eq.field());
        if (c == null) {
          return Outcome.CLIENT;
        }
        Object v = eq.value();
        boolean fits =
            switch (c.type()) {
              case TEXT -> v instanceof String;
              case NUMBER -> v instanceof Number;
              case BOOLEAN -> v instanceof Boolean;
            };
        if (!fits) {
          // Every stored value at this field has the column's type, so nothing can be equal.
          return Outcome.NOTHING;
        }
        clauses.add(c.column() + " = ?");
        values.add(v instanceof Number n ? n.doubleValue() : v);
        return Outcome.CQL;
      }
      case Filter.Range r -> {
        IndexedColumn c = indexed.get(r.field());
        if (c == null) {
          return Outcome.CLIENT;
        }
        if (c.type() != IndexedField.Type.NUMBER) {
          return Outcome.NOTHING;
        }
        int before = clauses.size();
        lower(c.column(), r.gt(), r.gte(), clauses, values);
        upper(c.column(), r.lt(), r.lte(), clauses, values);
        // A range without bounds means "is a number": a presence test SAI cannot express.
        return clauses.size() == before ? Outcome.CLIENT : Outcome.CQL;
      }
      default -> {
        return Outcome.CLIENT;
      }
    }
  }

  private static void lower(
      String column, Double gt, Double gte, List<String> clauses, List<Object> values) {
    if (gt != null && (gte == null || gt >= gte)) {
      clauses.add(column + " > ?");
      values.add(gt);
    } else if (gte != null) {
      clauses.add(column + " >= ?");
      values.add(gte);
    }
  }

  private static void upper(
      String column, Double lt, Double lte, List<String> clauses, List<Object> values) {
    if (lt != null && (lte == null || lt <= lte)) {
      clauses.add(column + " < ?");
      values.add(lt);
    } else if (lte != null) {
      clauses.add(column + " <= ?");
      values.add(lte);
    }
  }
}
