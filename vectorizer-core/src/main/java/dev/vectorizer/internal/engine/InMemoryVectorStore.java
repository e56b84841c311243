package dev.vectorizer.internal.engine;

import dev.vectorizer.CollectionConfig;

/**
 * A store whose collections live in memory only: a catalog of {@link SegmentedCollection}s without
 * storage. Closing closes each collection, which waits for the operations in flight on it.
 */
public final class InMemoryVectorStore extends CatalogStore {
  @Override
  SegmentedCollection newCollection(String name, CollectionConfig config) {
    return SegmentedCollection.inMemory(name, config, kernels);
  }

  @Override
  CollectionSlot.Loader loaderFor(String name) {
    return () -> {
      throw new IllegalStateException("in-memory collection '" + name + "' is never unloaded");
    };
  }

  @Override
  public dev.vectorizer.CheckReport check() {
    ensureOpen();
    return new dev.vectorizer.CheckReport(java.util.List.of()); // no files, nothing to go wrong
  }

  @Override
  boolean durable() {
    return false;
  }

  @Override
  String describe() {
    return "the store";
  }

  @Override
  public dev.vectorizer.Collection importCollection(
      String name, java.nio.file.Path directory, boolean replace) {
    throw new UnsupportedOperationException(
        "an in-memory store cannot import a collection directory: open a durable store");
  }

  @Override
  public void checkpoint() {
    ensureOpen();
  }

  @Override
  public void close() {
    if (markClosed()) {
      closeCollections();
    }
  }
}
