package dev.vectorizer.internal.engine;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionExistsException;
import dev.vectorizer.CollectionNotFoundException;
import dev.vectorizer.CollectionUnavailableException;
import dev.vectorizer.Embedder;
import dev.vectorizer.KeywordConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.StoreClosedException;
import dev.vectorizer.StoreStats;
import dev.vectorizer.TextCollection;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.kernels.Kernels;
import dev.vectorizer.internal.kernels.VectorKernels;
import dev.vectorizer.internal.text.ChunkedTextCollection;
import dev.vectorizer.internal.text.EmbeddingCache;
import dev.vectorizer.internal.text.QueryCache;
import dev.vectorizer.internal.text.SearchSupport;
import dev.vectorizer.internal.text.TextChunker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the in-memory and the durable store share: the catalog of collections by name. Each name has
 * a {@link CollectionSlot}, so a durable store opens a collection on its first use, and a
 * collection whose files fail their checks is unavailable on its own while the rest works.
 *
 * <p>Concurrency: lookups read a concurrent map; create, drop, import and repair are serialised by
 * {@link #catalogLock}, so a name is created or dropped once.
 */
abstract class CatalogStore implements VectorStore {
  final ConcurrentHashMap<String, CollectionSlot> collections = new ConcurrentHashMap<>();
  final VectorKernels kernels = Kernels.get();
  final Object catalogLock = new Object();
  final EmbeddingCache embeddings = new EmbeddingCache(EmbeddingCache.DEFAULT_MAX_BYTES);
  final QueryCache queryCache = new QueryCache(QueryCache.DEFAULT_MAX_ENTRIES);
  volatile boolean closed;

  /** Creates a new, empty collection (and its files, for a durable store). */
  abstract SegmentedCollection newCollection(String name, CollectionConfig config);

  /**
   * Called after a dropped collection was closed (a durable store deletes its files).
   *
   * @param name the collection's name
   * @param c the collection, or null when it was never loaded (or could not be)
   */
  void dropped(String name, SegmentedCollection c) {}

  /** Loads a collection of this store that is not loaded yet (after a repair, say). */
  abstract CollectionSlot.Loader loaderFor(String name);

  /** The collections loaded so far. */
  final List<SegmentedCollection> loaded() {
    List<SegmentedCollection> out = new ArrayList<>();
    for (CollectionSlot slot : collections.values()) {
      SegmentedCollection c = slot.loadedOrNull();
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  final void register(String name, SegmentedCollection c) {
    collections.put(name, CollectionSlot.loaded(name, c, loaderFor(name)));
  }

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
      register(name, c);
      return c;
    }
  }

  @Override
  public Collection getOrCreateCollection(String name, CollectionConfig config) {
    CollectionNames.check(name);
    Objects.requireNonNull(config, "config");
    ensureOpen();
    CollectionSlot slot;
    synchronized (catalogLock) {
      slot = collections.get(name);
      if (slot == null) {
        return createCollection(name, config);
      }
    }
    SegmentedCollection c = slot.get();
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
      CollectionSlot slot = collections.get(name);
      if (slot != null) {
        c = slot.get();
      } else {
        c =
            (SegmentedCollection)
                createCollection(
                    name,
                    CollectionConfig.builder(embedder.dimension())
                        .metric(Metric.COSINE)
                        .embedder(embedder.id())
                        .keyword(KeywordConfig.defaults())
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
    return new ChunkedTextCollection(
        c,
        embedder,
        chunker,
        embeddings,
        c::forEachLive,
        new SearchSupport(c.keywordIndex(), c::writeGeneration, c::payloadsOf, queryCache, false));
  }

  @Override
  public Collection collection(String name) {
    ensureOpen();
    CollectionSlot slot = name == null ? null : collections.get(name);
    if (slot == null) {
      throw new CollectionNotFoundException(name);
    }
    return slot.get();
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
      CollectionSlot slot = name == null ? null : collections.remove(name);
      if (slot == null) {
        return false;
      }
      SegmentedCollection c = slot.loadedOrNull();
      if (c != null) {
        c.close();
      }
      dropped(name, c);
      return true;
    }
  }

  @Override
  public StoreStats stats() {
    ensureOpen();
    long points = 0;
    Map<String, String> unavailable = new TreeMap<>();
    for (CollectionSlot slot : collections.values()) {
      try {
        points += slot.get().liveCountOrZero();
      } catch (CollectionUnavailableException e) {
        unavailable.put(slot.name(), e.getMessage());
      }
    }
    return new StoreStats(collections.size(), points, kernels.name(), durable(), unavailable);
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
    for (SegmentedCollection c : loaded()) {
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
