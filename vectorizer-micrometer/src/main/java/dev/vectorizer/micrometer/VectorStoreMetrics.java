package dev.vectorizer.micrometer;

import dev.vectorizer.CollectionStats;
import dev.vectorizer.StoreStats;
import dev.vectorizer.VectorStore;
import dev.vectorizer.VectorizerException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for a {@link VectorStore}, the same ones {@code vectorizer serve} exposes on
 * {@code /metrics}, for applications that embed the store:
 *
 * <pre>{@code
 * VectorStoreMetrics metrics = VectorStoreMetrics.of(store);
 * metrics.bindTo(registry);                  // store and per-collection gauges and counters
 * List<Hit> hits = metrics.timeSearch("docs", () -> docs.search(request));  // search latency
 * metrics.refresh();                         // after creating or dropping collections
 * }</pre>
 *
 * <table>
 *   <caption>Meters (Prometheus names in parentheses)</caption>
 *   <tr><td>{@value #STORE_COLLECTIONS}</td><td>gauge: collections
 *       ({@code vectorizer_store_collections})</td></tr>
 *   <tr><td>{@value #STORE_POINTS}</td><td>gauge: live points in all collections</td></tr>
 *   <tr><td>{@value #COLLECTION_POINTS}</td><td>gauge per {@code collection}: live points</td></tr>
 *   <tr><td>{@value #COLLECTION_DELETED}</td><td>gauge: deleted points not reclaimed yet</td></tr>
 *   <tr><td>{@value #COLLECTION_SEGMENTS}</td><td>gauge: segments (sealed plus head)</td></tr>
 *   <tr><td>{@value #COLLECTION_GRAPH_NODES}</td><td>gauge: graph nodes</td></tr>
 *   <tr><td>{@value #COLLECTION_SEARCHES}</td><td>counter per {@code collection} and {@code
 *       kind} ({@code graph} or {@code exact}): searches answered
 *       ({@code vectorizer_collection_searches_total})</td></tr>
 *   <tr><td>{@value #COLLECTION_COMPACTIONS}</td><td>counter: merges and graph rebuilds</td></tr>
 *   <tr><td>{@value #COLLECTION_MERGES}</td><td>counter: background merges of segments</td></tr>
 *   <tr><td>{@value #COLLECTION_WAL_BYTES}</td><td>counter: bytes appended to the write-ahead log
 *       ({@code vectorizer_collection_wal_bytes_total})</td></tr>
 *   <tr><td>{@value #COLLECTION_WAL_FSYNC}</td><td>function timer: fsyncs of the write-ahead log
 *       and their total time ({@code vectorizer_collection_wal_fsync_seconds_count}, {@code
 *       _sum}: the mean, not a histogram)</td></tr>
 *   <tr><td>{@value #SEARCH_TIMER}</td><td>timer with a histogram per {@code collection}: search
 *       latency, recorded by {@link #timeSearch} ({@code vectorizer_search_seconds_bucket})</td></tr>
 * </table>
 *
 * <p>Collections appear and disappear: {@link #bindTo} registers meters for the collections that
 * exist then, and {@link #refresh()} adds meters for new collections and removes those of dropped
 * ones (the server calls it before every scrape). A gauge of a collection dropped since the last
 * refresh reads NaN.
 *
 * <p>Thread-safe. It does not own the store or the registries: {@link #close()} removes its meters
 * from the registries and leaves both open.
 */
public final class VectorStoreMetrics implements MeterBinder, AutoCloseable {
  /** Gauge: the number of collections. */
  public static final String STORE_COLLECTIONS = "vectorizer.store.collections";

  /** Gauge: live points in all collections. */
  public static final String STORE_POINTS = "vectorizer.store.points";

  /** Gauge per collection: live points. */
  public static final String COLLECTION_POINTS = "vectorizer.collection.points";

  /** Gauge per collection: points deleted or replaced whose space is not reclaimed yet. */
  public static final String COLLECTION_DELETED = "vectorizer.collection.deleted.points";

  /** Gauge per collection: segments (sealed ones plus the in-memory head). */
  public static final String COLLECTION_SEGMENTS = "vectorizer.collection.segments";

  /** Gauge per collection: nodes in the search graphs. */
  public static final String COLLECTION_GRAPH_NODES = "vectorizer.collection.graph.nodes";

  /** Counter per collection and kind (graph, exact): searches answered. */
  public static final String COLLECTION_SEARCHES = "vectorizer.collection.searches";

  /** Counter per collection: background merges and graph rebuilds. */
  public static final String COLLECTION_COMPACTIONS = "vectorizer.collection.compactions";

  /** Counter per collection: background merges of sealed segments. */
  public static final String COLLECTION_MERGES = "vectorizer.collection.merges";

  /** Counter per collection: bytes appended to the write-ahead log. */
  public static final String COLLECTION_WAL_BYTES = "vectorizer.collection.wal.bytes";

  /** Function timer per collection: fsyncs of the write-ahead log and their total duration. */
  public static final String COLLECTION_WAL_FSYNC = "vectorizer.collection.wal.fsync";

  /** Timer per collection: search latency, with a histogram. */
  public static final String SEARCH_TIMER = "vectorizer.search";

  private final VectorStore store;
  private final List<MeterRegistry> registries = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<MeterRegistry, Map<String, List<Meter>>> collectionMeters =
      new ConcurrentHashMap<>();
  private final Map<MeterRegistry, List<Meter>> storeMeters = new ConcurrentHashMap<>();

  private VectorStoreMetrics(VectorStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Meters for a store (bind them with {@link #bindTo}).
   *
   * @param store the store; the caller keeps it and closes it
   * @return the binder
   */
  public static VectorStoreMetrics of(VectorStore store) {
    return new VectorStoreMetrics(store);
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (registries.contains(registry)) {
      refresh();
      return;
    }
    registries.add(registry);
    List<Meter> meters = new ArrayList<>();
    meters.add(
        Gauge.builder(STORE_COLLECTIONS, store, s -> storeStat(s, StoreStats::collections))
            .description("Collections in the store")
            .register(registry));
    meters.add(
        Gauge.builder(STORE_POINTS, store, s -> storeStat(s, StoreStats::points))
            .description("Live points in all collections")
            .register(registry));
    storeMeters.put(registry, meters);
    collectionMeters.put(registry, new ConcurrentHashMap<>());
    refresh();
  }

  /**
   * Registers meters for collections created since the last call and removes those of dropped
   * collections, in every registry this binder is bound to. Cheap: it lists the collections.
   */
  public synchronized void refresh() {
    Set<String> names;
    try {
      names = new HashSet<>(store.listCollections());
    } catch (VectorizerException | IllegalStateException e) {
      names = Set.of(); // a closed store: drop every collection meter
    }
    for (MeterRegistry registry : registries) {
      Map<String, List<Meter>> have = collectionMeters.get(registry);
      for (String gone : new ArrayList<>(have.keySet())) {
        if (!names.contains(gone)) {
          have.remove(gone).forEach(registry::remove);
        }
      }
      for (String name : names) {
        have.computeIfAbsent(name, n -> register(registry, n));
      }
    }
  }

  private List<Meter> register(MeterRegistry registry, String name) {
    Tags tags = Tags.of("collection", name);
    List<Meter> meters = new ArrayList<>();
    meters.add(gauge(registry, COLLECTION_POINTS, "Live points", tags, name, s -> s.points()));
    meters.add(
        gauge(
            registry,
            COLLECTION_DELETED,
            "Deleted points not reclaimed yet",
            tags,
            name,
            s -> s.deletedPoints()));
    meters.add(
        gauge(
            registry,
            COLLECTION_SEGMENTS,
            "Segments (sealed plus head)",
            tags,
            name,
            s -> s.segments()));
    meters.add(
        gauge(
            registry,
            COLLECTION_GRAPH_NODES,
            "Nodes in the search graphs",
            tags,
            name,
            s -> s.graphNodes()));
    meters.add(
        counter(
            registry,
            COLLECTION_SEARCHES,
            "Searches answered, by kind",
            tags.and("kind", "graph"),
            name,
            s -> s.graphSearches()));
    meters.add(
        counter(
            registry,
            COLLECTION_SEARCHES,
            "Searches answered, by kind",
            tags.and("kind", "exact"),
            name,
            s -> s.exactSearches()));
    meters.add(
        counter(
            registry,
            COLLECTION_COMPACTIONS,
            "Background merges and graph rebuilds",
            tags,
            name,
            s -> s.compactions()));
    meters.add(
        counter(
            registry,
            COLLECTION_MERGES,
            "Background merges of sealed segments",
            tags,
            name,
            s -> s.merges()));
    meters.add(
        FunctionCounter.builder(
                COLLECTION_WAL_BYTES, store, st -> collectionStat(st, name, s -> s.walBytes()))
            .description("Bytes appended to the write-ahead log")
            .baseUnit("bytes")
            .tags(tags)
            .register(registry));
    meters.add(
        FunctionTimer.builder(
                COLLECTION_WAL_FSYNC,
                store,
                st -> (long) collectionStat(st, name, s -> s.walSyncs()),
                st -> collectionStat(st, name, s -> s.walSyncNanos()),
                java.util.concurrent.TimeUnit.NANOSECONDS)
            .description("fsyncs of the write-ahead log (one covers every write waiting for it)")
            .tags(tags)
            .register(registry));
    meters.add(searchTimer(registry, name));
    return meters;
  }

  private Gauge gauge(
      MeterRegistry registry,
      String meter,
      String description,
      Tags tags,
      String collection,
      ToDoubleFunction<CollectionStats> value) {
    return Gauge.builder(meter, store, s -> collectionStat(s, collection, value))
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private FunctionCounter counter(
      MeterRegistry registry,
      String meter,
      String description,
      Tags tags,
      String collection,
      ToDoubleFunction<CollectionStats> value) {
    return FunctionCounter.builder(meter, store, s -> collectionStat(s, collection, value))
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private static Timer searchTimer(MeterRegistry registry, String collection) {
    return Timer.builder(SEARCH_TIMER)
        .description("Search latency")
        .tag("collection", collection)
        .publishPercentileHistogram()
        .register(registry);
  }

  private static double storeStat(VectorStore s, ToDoubleFunction<StoreStats> value) {
    try {
      return value.applyAsDouble(s.stats());
    } catch (VectorizerException | IllegalStateException e) {
      return Double.NaN;
    }
  }

  private static double collectionStat(
      VectorStore s, String collection, ToDoubleFunction<CollectionStats> value) {
    try {
      return value.applyAsDouble(s.collection(collection).stats());
    } catch (VectorizerException | IllegalStateException e) {
      return Double.NaN; // dropped since the last refresh, or the store closed
    }
  }

  /**
   * Runs a search and records its latency in the collection's {@value #SEARCH_TIMER} timer, in
   * every bound registry (also when the search throws).
   *
   * @param collection the collection's name (the timer's tag)
   * @param search the search
   * @param <T> what the search returns
   * @return what the search returned
   */
  public <T> T timeSearch(String collection, Supplier<T> search) {
    long start = System.nanoTime();
    try {
      return search.get();
    } finally {
      recordSearch(collection, System.nanoTime() - start);
    }
  }

  /**
   * Records the latency of a search timed by the caller.
   *
   * @param collection the collection's name
   * @param nanos how long it took
   */
  public void recordSearch(String collection, long nanos) {
    for (MeterRegistry registry : registries) {
      searchTimer(registry, collection).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /** Removes this binder's meters from every registry it was bound to. Idempotent. */
  @Override
  public synchronized void close() {
    for (MeterRegistry registry : registries) {
      storeMeters.getOrDefault(registry, List.of()).forEach(registry::remove);
      for (List<Meter> meters : collectionMeters.getOrDefault(registry, Map.of()).values()) {
        meters.forEach(registry::remove);
      }
    }
    registries.clear();
    storeMeters.clear();
    collectionMeters.clear();
  }
}
