package dev.vectorizer.internal.engine;

import dev.vectorizer.CollectionConfig;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A store whose collections live in memory only: a catalog of {@link SegmentedCollection}s without
 * storage, and one daemon thread for background head rebuilds. Closing stops the rebuilds, then
 * closes each collection, which waits for the operations in flight on it.
 */
public final class InMemoryVectorStore extends CatalogStore {
  private final ExecutorService maintenance =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "vectorizer-maintenance");
            t.setDaemon(true);
            return t;
          });

  @Override
  SegmentedCollection newCollection(String name, CollectionConfig config) {
    return SegmentedCollection.inMemory(name, config, kernels, maintenance);
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
      for (SegmentedCollection c : loaded()) {
        c.stopMerges();
      }
      maintenance.shutdown();
      try {
        maintenance.awaitTermination(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closeCollections();
    }
  }
}
