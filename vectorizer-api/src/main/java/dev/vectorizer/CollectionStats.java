package dev.vectorizer;

/**
 * A snapshot of a collection's counters, for monitoring and tests.
 *
 * @param points live points
 * @param deletedPoints points deleted or replaced whose space is not reclaimed yet
 * @param graphNodes nodes in the collection's search graphs (including deleted ones)
 * @param segments segments holding the points: sealed ones plus the in-memory head when it has any
 * @param graphSearches searches answered by walking a graph
 * @param exactSearches searches answered by an exact scan
 * @param compactions times the graph was rebuilt to drop deleted points, merges included
 * @param kernels the distance kernels in use: {@code panama} or {@code scalar}
 * @param merges background merges of sealed segments since the store opened
 * @param walBytes bytes appended to the write-ahead log since the store opened (0 in memory)
 * @param walSyncs fsyncs of the write-ahead log since the store opened (one covers every write
 *     waiting for it)
 * @param walSyncNanos their total duration, in nanoseconds
 */
public record CollectionStats(
    long points,
    long deletedPoints,
    long graphNodes,
    int segments,
    long graphSearches,
    long exactSearches,
    long compactions,
    String kernels,
    long merges,
    long walBytes,
    long walSyncs,
    long walSyncNanos) {

  /**
   * Counters of an engine without a write-ahead log or background merges (merges and log counters
   * are 0).
   *
   * @param points live points
   * @param deletedPoints points deleted or replaced whose space is not reclaimed yet
   * @param graphNodes nodes in the collection's search graphs
   * @param segments segments holding the points
   * @param graphSearches searches answered by walking a graph
   * @param exactSearches searches answered by an exact scan
   * @param compactions times the graph was rebuilt to drop deleted points
   * @param kernels the distance kernels in use
   */
  public CollectionStats(
      long points,
      long deletedPoints,
      long graphNodes,
      int segments,
      long graphSearches,
      long exactSearches,
      long compactions,
      String kernels) {
    this(
        points,
        deletedPoints,
        graphNodes,
        segments,
        graphSearches,
        exactSearches,
        compactions,
        kernels,
        0,
        0,
        0,
        0);
  }
}
