package dev.vectorizer.internal.engine;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionExistsException;
import dev.vectorizer.CollectionNotFoundException;
import dev.vectorizer.StoreClosedException;
import dev.vectorizer.StoreStats;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.kernels.Kernels;
import dev.vectorizer.internal.kernels.VectorKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store whose collections live in memory only.
 *
 * <p>Concurrency: collections are kept in a concurrent map; create and drop are atomic per name.
 * Closing marks the store closed first, then closes each collection, which waits for the operations
 * in flight on it.
 */
public final class InMemoryVectorStore implements VectorStore {
  private final ConcurrentHashMap<String, SegmentedCollection> collections =
      new ConcurrentHashMap<>();
  private final VectorKernels kernels = Kernels.get();
  private volatile boolean closed;

  @Override
  public Collection createCollection(String name, CollectionConfig config) {
    CollectionNames.check(name);
    Objects.requireNonNull(config, "config");
    ensureOpen();
    SegmentedCollection created = newCollection(name, config);
    if (collections.putIfAbsent(name, created) != null) {
      created.close();
      throw new CollectionExistsException(name);
    }
    return created;
  }

  @Override
  public Collection getOrCreateCollection(String name, CollectionConfig config) {
    CollectionNames.check(name);
    Objects.requireNonNull(config, "config");
    ensureOpen();
    SegmentedCollection c = collections.computeIfAbsent(name, n -> newCollection(n, config));
    CollectionConfig existing = c.config();
    if (existing.dimension() != config.dimension() || existing.metric() != config.metric()) {
      throw new IllegalArgumentException(
          "collection '"
              + name
              + "' exists with dimension "
              + existing.dimension()
              + " and metric "
              + existing.metric()
              + ", asked for dimension "
              + config.dimension()
              + " and metric "
              + config.metric());
    }
    return c;
  }

  @Override
  public Collection collection(String name) {
    ensureOpen();
    SegmentedCollection c = collections.get(name);
    if (c == null) {
      throw new CollectionNotFoundException(name);
    }
    return c;
  }

  @Override
  public boolean hasCollection(String name) {
    ensureOpen();
    return name != null && collections.containsKey(name);
  }

  @Override
  public List<String> listCollections() {
    ensureOpen();
    List<String> names = new ArrayList<>(collections.keySet());
    names.sort(null);
    return names;
  }

  @Override
  public boolean dropCollection(String name) {
    ensureOpen();
    SegmentedCollection c = name == null ? null : collections.remove(name);
    if (c == null) {
      return false;
    }
    c.close();
    return true;
  }

  private SegmentedCollection newCollection(String name, CollectionConfig config) {
    return new SegmentedCollection(
        name,
        config,
        kernels,
        null,
        false,
        Integer.MAX_VALUE,
        Integer.MAX_VALUE,
        List.of(),
        0,
        null);
  }

  @Override
  public void checkpoint() {
    ensureOpen();
  }

  @Override
  public StoreStats stats() {
    ensureOpen();
    long points = 0;
    for (SegmentedCollection c : collections.values()) {
      points += c.liveCountOrZero();
    }
    return new StoreStats(collections.size(), points, kernels.name(), false);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (SegmentedCollection c : collections.values()) {
      c.close();
    }
    collections.clear();
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException("the store is closed");
    }
  }
}
