package dev.vectorizer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorizer.Hit;
import java.util.List;

/**
 * Compares search answers: the same ids in the same order, scores equal to a float's rounding.
 * Exact score equality is not a property the engine has across JIT states: the Vector API may sum a
 * register's lanes in a different order before and after a kernel is compiled.
 */
public final class HitAssertions {
  private HitAssertions() {}

  /**
   * Asserts two answers agree.
   *
   * @param expected the reference answer
   * @param actual the answer to check
   * @param what names the search in a failure
   */
  public static void assertSameHits(List<Hit> expected, List<Hit> actual, String what) {
    assertEquals(
        expected.stream().map(Hit::id).toList(), actual.stream().map(Hit::id).toList(), what);
    for (int h = 0; h < expected.size(); h++) {
      float e = expected.get(h).score();
      assertEquals(
          e, actual.get(h).score(), 1e-5f * Math.max(1f, Math.abs(e)), what + ", hit " + h);
      assertEquals(expected.get(h).payload(), actual.get(h).payload(), what + ", hit " + h);
    }
  }
}
