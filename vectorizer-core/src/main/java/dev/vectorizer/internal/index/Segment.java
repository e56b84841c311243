package dev.vectorizer.internal.index;

import dev.vectorizer.internal.keyword.Postings;
import dev.vectorizer.internal.search.GraphAccess;
import dev.vectorizer.internal.search.VectorSource;
import java.util.Map;

/** What a search reads from a segment, mutable head or sealed. Safe for concurrent readers. */
public interface Segment extends VectorSource {
  /**
   * An exclusive upper bound of the ordinals.
   *
   * @return the bound
   */
  int ordinalBound();

  /**
   * Whether an ordinal is the current version of its id.
   *
   * @param ord the ordinal
   * @return whether it is live
   */
  boolean isLive(int ord);

  /**
   * The id of an ordinal.
   *
   * @param ord the ordinal
   * @return the id
   */
  String id(int ord);

  /**
   * The payload of an ordinal.
   *
   * @param ord the ordinal
   * @return the immutable payload
   */
  Map<String, Object> payload(int ord);

  /**
   * The live ordinal of an id.
   *
   * @param id the id
   * @return the ordinal, or -1
   */
  int ordinalOf(String id);

  /**
   * The graph, for one search.
   *
   * @return the graph access
   */
  GraphAccess graphAccess();

  /**
   * The keyword postings of the segment's points.
   *
   * @return the postings, or null when the collection has no keyword index
   */
  Postings postings();

  /**
   * Whether {@link #graphAccess()} covers the segment's points; a segment without a graph is
   * searched by exact scan.
   *
   * @return whether it has a graph
   */
  default boolean hasGraph() {
    return true;
  }

  /**
   * Live points.
   *
   * @return the count
   */
  long liveCount();
}
