package dev.vectorizer;

/**
 * A snapshot of a store's counters.
 *
 * @param collections the number of collections
 * @param points live points in all collections
 * @param kernels the distance kernels in use: {@code panama} (the Vector API) or {@code scalar}
 * @param durable whether the store keeps its data on disk
 */
public record StoreStats(int collections, long points, String kernels, boolean durable) {}
