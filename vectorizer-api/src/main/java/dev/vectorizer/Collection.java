package dev.vectorizer;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A named set of points of one dimension and metric, with approximate and exact nearest-neighbour
 * search.
 *
 * <p><b>Thread safety:</b> all methods may be called from many threads at once; each upsert or
 * delete is atomic, and a search sees every write that completed before it started. <b>Closing:</b>
 * a collection belongs to its {@link VectorStore} and is closed with it (or by {@link
 * VectorStore#dropCollection(String)}); after that every method throws {@link
 * StoreClosedException}.
 *
 * <p>Bad arguments (a wrong dimension, a non-finite component, an empty id) throw {@link
 * IllegalArgumentException} naming the value, and leave the collection unchanged; a batch is
 * checked whole before any of it is applied.
 *
 * <p>From Kotlin: {@code import dev.vectorizer.*} does not win over Kotlin's own {@code
 * kotlin.collections.Collection}; import this type by name ({@code import
 * dev.vectorizer.Collection}) or under an alias ({@code import dev.vectorizer.Collection as
 * VectorCollection}).
 */
public interface Collection {

  /**
   * The collection's name.
   *
   * @return the name
   */
  String name();

  /**
   * The collection's settings.
   *
   * @return the configuration it was created with
   */
  CollectionConfig config();

  /**
   * Inserts a point, or replaces the point with the same id.
   *
   * @param point the point
   * @throws IllegalArgumentException when its dimension differs from the collection's, or (for
   *     {@link Metric#COSINE}) it is a zero vector
   */
  void upsert(Point point);

  /**
   * Inserts or replaces many points. The batch is validated whole before any point is applied; a
   * later point with the same id as an earlier one in the batch wins.
   *
   * @param points the points
   * @throws IllegalArgumentException naming the first bad point
   */
  void upsert(List<Point> points);

  /**
   * Inserts or replaces many points at once, the fast way to fill a collection: the points are read
   * from the iterator and checked as {@link #upsert(List)} checks them (a later point with the id
   * of an earlier one wins), their graph is built with every core, and in this library's stores
   * they become one immutable segment, written once; nothing goes through the write-ahead log.
   *
   * <p>The load is atomic: searches see none of the points until the call returns, then all of
   * them, and a point already in the collection under the same id is replaced at that moment.
   * Writes that complete while the load runs may land before it (and be replaced) or after it. When
   * the call returns, the points are as durable as a checkpoint makes them; if it throws (a bad
   * point, an exception from the iterator, a full disk) or the process dies first, none of them is
   * applied. The points are held in memory until the segment is written: split a load that does not
   * fit in the heap into several calls.
   *
   * <p>The stores of this library (in memory and on disk) implement it; the default, for stores
   * that cannot load atomically (Cassandra), throws {@link UnsupportedOperationException}: such
   * stores take {@link #upsert(List)} in batches instead.
   *
   * @param points the points, read once
   * @return the number of distinct ids loaded
   * @throws IllegalArgumentException naming the first bad point and its position in the load
   * @throws UnsupportedOperationException for a read-only store, or a store without bulk loads
   */
  default long bulkLoad(Iterator<Point> points) {
    throw new UnsupportedOperationException(
        getClass().getName()
            + " has no atomic bulk load: call upsert(List) in batches instead (each batch is"
            + " applied on its own), or load into a VectorStore directory and migrate it");
  }

  /**
   * Reads a point by id.
   *
   * @param id the id
   * @return the point, or empty when there is none
   */
  Optional<Point> get(String id);

  /**
   * Deletes a point by id.
   *
   * @param id the id
   * @return whether a point was deleted
   */
  boolean delete(String id);

  /**
   * Deletes points by id.
   *
   * @param ids the ids
   * @return how many points were deleted
   */
  int delete(List<String> ids);

  /**
   * Deletes every point whose payload matches the filter.
   *
   * @param filter the condition
   * @return how many points were deleted
   */
  long deleteWhere(Filter filter);

  /**
   * The ids of the live points, in no particular order: a copy, taken while writes may go on (a
   * point written or deleted meanwhile may or may not be listed). Migrations and exports read the
   * points with it and {@link #get(String)}.
   *
   * @return the ids
   * @throws UnsupportedOperationException when the engine cannot list its ids
   */
  default List<String> ids() {
    throw new UnsupportedOperationException(
        getClass().getName() + " cannot list the ids of collection '" + name() + "'");
  }

  /**
   * The number of live points.
   *
   * @return the count
   */
  long count();

  /**
   * The number of live points whose payload matches the filter.
   *
   * @param filter the condition
   * @return the count
   */
  long count(Filter filter);

  /**
   * Finds the points nearest to the request's vector, best first.
   *
   * @param request the query
   * @return at most {@code request.limit()} hits, best first (highest score, or lowest distance for
   *     {@link Metric#EUCLIDEAN})
   * @throws IllegalArgumentException when the query's dimension differs from the collection's
   */
  List<Hit> search(SearchRequest request);

  /**
   * Runs many searches with one call, in parallel on the common {@link
   * java.util.concurrent.ForkJoinPool} (and the calling thread): the way to use every core for a
   * batch of queries. Each search behaves exactly as {@link #search(SearchRequest)} would, and sees
   * every write that completed before this call.
   *
   * <p>The batch is checked whole before any search runs.
   *
   * @param requests the queries
   * @return one list of hits per request, in the order of the requests
   * @throws IllegalArgumentException naming the index of the first null request or of the first
   *     request whose dimension differs from the collection's
   */
  default List<List<Hit>> searchBatch(List<SearchRequest> requests) {
    java.util.Objects.requireNonNull(requests, "requests");
    int dimension = config().dimension();
    for (int i = 0; i < requests.size(); i++) {
      SearchRequest r = requests.get(i);
      if (r == null) {
        throw new IllegalArgumentException("search request at index " + i + " is null");
      }
      if (r.dimension() != dimension) {
        throw new IllegalArgumentException(
            "dimension mismatch: collection '"
                + name()
                + "' has "
                + dimension
                + ", search request at index "
                + i
                + " has "
                + r.dimension());
      }
    }
    if (requests.size() <= 1) {
      return requests.stream().map(this::search).toList();
    }
    return requests.parallelStream().map(this::search).toList();
  }

  /**
   * Takes a consistent, pinned cut of a durable collection (see {@link CollectionSnapshot}).
   *
   * @return the snapshot; close it
   * @throws UnsupportedOperationException for an in-memory or read-only store
   */
  CollectionSnapshot snapshot();

  /**
   * The collection's counters.
   *
   * @return a snapshot of the counters
   */
  CollectionStats stats();
}
