package dev.vectorizer.internal.text;

import dev.vectorizer.Filter;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Visits the live points of a collection whose payload matches a filter: how a text collection
 * finds its sources without an id list. Each segment is read as of the call; points written
 * meanwhile may or may not be seen. The visitor runs outside the collection's locks.
 */
@FunctionalInterface
public interface PointScan {
  /**
   * Visits matching live points.
   *
   * @param filter the condition, or null for every point
   * @param visitor receives each point's id and immutable payload
   */
  void forEachLive(Filter filter, BiConsumer<String, Map<String, Object>> visitor);
}
