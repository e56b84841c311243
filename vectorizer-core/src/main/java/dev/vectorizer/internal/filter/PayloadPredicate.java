package dev.vectorizer.internal.filter;

import dev.vectorizer.Filter;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A {@link Filter} compiled once for a search or a delete: {@link Filter#asPredicate()} (the one
 * evaluator, in the API module) held under the engine's name for it. Immutable and thread-safe.
 */
public final class PayloadPredicate {
  private final Predicate<Map<String, Object>> test;

  private PayloadPredicate(Predicate<Map<String, Object>> test) {
    this.test = test;
  }

  /**
   * Compiles a filter.
   *
   * @param filter the filter
   * @return the predicate
   */
  public static PayloadPredicate compile(Filter filter) {
    return new PayloadPredicate(filter.asPredicate());
  }

  /**
   * Tests a payload.
   *
   * @param payload the payload (an empty map when the point has none)
   * @return whether it matches
   */
  public boolean test(Map<String, Object> payload) {
    return test.test(payload);
  }
}
