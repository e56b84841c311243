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
 * @param compactions times the graph was rebuilt to drop deleted points
 * @param kernels the distance kernels in use: {@code panama} or {@code scalar}
 */
public record CollectionStats(
    long points,
    long deletedPoints,
    long graphNodes,
    int segments,
    long graphSearches,
    long exactSearches,
    long compactions,
    String kernels) {}
