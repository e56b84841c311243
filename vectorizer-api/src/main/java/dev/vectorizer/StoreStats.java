package dev.vectorizer;

import java.util.Map;

/**
 * A snapshot of a store's counters.
 *
 * <p>Immutable and thread-safe.
 *
 * @param collections the number of collections, available or not
 * @param points live points in the available collections
 * @param kernels the distance kernels in use: {@code panama} (the Vector API) or {@code scalar}
 * @param durable whether the store keeps its data on disk
 * @param unavailable collections that cannot be used, by name, with the reason (the file and the
 *     check it failed); see {@link CollectionUnavailableException}
 */
public record StoreStats(
    int collections,
    long points,
    String kernels,
    boolean durable,
    Map<String, String> unavailable) {
  /** Copies the map. */
  public StoreStats {
    unavailable = Map.copyOf(unavailable);
  }
}
