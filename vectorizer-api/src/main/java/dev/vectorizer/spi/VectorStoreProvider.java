package dev.vectorizer.spi;

import dev.vectorizer.StoreOptions;
import dev.vectorizer.VectorStore;

/**
 * The engine behind {@link VectorStore}'s factories, found with {@link java.util.ServiceLoader}.
 * Applications do not call it; {@code vectorizer-core} provides it.
 *
 * <p>Implementations must be thread-safe.
 */
public interface VectorStoreProvider {
  /**
   * Opens an empty in-memory store.
   *
   * @return the store
   */
  VectorStore inMemory();

  /**
   * Opens a durable store.
   *
   * @param options where and how
   * @return the store
   */
  VectorStore open(StoreOptions options);
}
