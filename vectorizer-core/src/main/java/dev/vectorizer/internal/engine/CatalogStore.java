package dev.vectorizer.internal.engine;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionExistsException;
import dev.vectorizer.CollectionNotFoundException;
import dev.vectorizer.Embedder;
import dev.vectorizer.Metric;
import dev.vectorizer.StoreClosedException;
import dev.vectorizer.StoreStats;
import dev.vectorizer.TextCollection;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.kernels.Kernels;
import dev.vectorizer.internal.kernels.VectorKernels;
import dev.vectorizer.internal.text.ChunkedTextCollection;
import dev.vectorizer.internal.text.EmbeddingCache;
import dev.vectorizer.internal.text.TextChunker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the in-memory and the durable store share: the catalog of collections by name.
 *
 * <p>Concurrency: lookups read a concurrent map; create and drop are serialised by {@link
 * #catalogLock}, so a name is created or dropped once.
 */
abstract class CatalogStore implements VectorStore {
  final ConcurrentHashMap<String, SegmentedCollection> collections = new ConcurrentHashMap<>();
  final VectorKernels kernels = Kernels.get();
  final Object catalogLock = new Object();
  final EmbeddingCache embeddings = new EmbeddingCache(EmbeddingCache.DEFAULT_MAX_BYTES);
  volatile boolean closed;

  /** Creates a new, empty collection (and its files, for a durable store). */
  abstract SegmentedCollection newCollection(String name, CollectionConfig config);

  /** Called after a dropped collection was closed (a durable store deletes its files). */
  void dropped(SegmentedCollection c) {}

  /** Whether data survives close. */
  abstract boolean durable();

  /** "the store" or "the store at DIR", for messages. */
  abstract String describe();

  /** Throws unless writes are allowed. */
  void ensureWritable() {
    ensureOpen();
  }

  final void ensureOpen() {
    if (closed) {
      throw new StoreClosedException(describe() + " is closed");
    }
  }

  @Override
  public Collection createCollection(String name, CollectionConfig config) {
    CollectionNames.check(name);
    Objects.requireNonNull(config, "config");
    ensureWritable();
    synchronized (catalogLock) {
      ensureOpen();
      if (collections.containsKey(name)) {
        throw new CollectionExistsException(name);
      }
      SegmentedCollection c = newCollection(name, config);
      collections.put(name, c);
      return c;
    }
  }

  @Override
  public Collection getOrCreateCollection(String name, CollectionConfig config) {
    CollectionNames.check(name);
    Objects.requireNonNull(config, "config");
    ensureOpen();
    SegmentedCollection c;
    synchronized (catalogLock) {
      c = collections.get(name);
      if (c == null) {
        return createCollection(name, config);
      }
    }
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
  public TextCollection textCollection(
      String name, Embedder embedder, int chunkSize, int chunkOverlap) {
    Objects.requireNonNull(embedder, "embedder");
    TextChunker chunker = new TextChunker(chunkSize, chunkOverlap);
    CollectionNames.check(name);
    ensureOpen();
    SegmentedCollection c;
    synchronized (catalogLock) {
      c = collections.get(name);
      if (c == null) {
        c =
            (SegmentedCollection)
                createCollection(
                    name,
                    CollectionConfig.builder(embedder.dimension())
                        .metric(Metric.COSINE)
                        .embedder(embedder.id())
                        .build());
      }
    }
    CollectionConfig have = c.config();
    if (!embedder.id().equals(have.embedder()) || have.dimension() != embedder.dimension()) {
      throw new IllegalArgumentException(
          "collection '"
              + name
              + "' was made with "
              + (have.embedder() == null
                  ? "vectors from no embedder"
                  : "embedder '" + have.embedder() + "'")
              + " (dimension "
              + have.dimension()
              + "); embedder '"
              + embedder.id()
              + "' (dimension "
              + embedder.dimension()
              + ") cannot write or search it");
    }
    return new ChunkedTextCollection(c, embedder, chunker, embeddings, c::forEachLive);
  }

  @Override
  public Collection collection(String name) {
    ensureOpen();
    SegmentedCollection c = name == null ? null : collections.get(name);
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
    ensureWritable();
    synchronized (catalogLock) {
      SegmentedCollection c = name == null ? null : collections.remove(name);
      if (c == null) {
        return false;
      }
      c.close();
      dropped(c);
      return true;
    }
  }

  @Override
  public StoreStats stats() {
    ensureOpen();
    long points = 0;
    for (SegmentedCollection c : collections.values()) {
      points += c.liveCountOrZero();
    }
    return new StoreStats(collections.size(), points, kernels.name(), durable());
  }

  /**
   * Marks the store closed; returns false when it already was.
   *
   * @return whether this call closes it
   */
  final boolean markClosed() {
    synchronized (catalogLock) {
      if (closed) {
        return false;
      }
      closed = true;
      return true;
    }
  }

  /** Closes every collection, rethrowing the last failure after trying all. */
  final void closeCollections() {
    RuntimeException failure = null;
    for (SegmentedCollection c : collections.values()) {
      try {
        c.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    collections.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
