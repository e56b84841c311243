package dev.vectorizer.spi;

import dev.vectorizer.Collection;
import dev.vectorizer.Embedder;
import dev.vectorizer.StoreOptions;
import dev.vectorizer.TextCollection;
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

  /**
   * Wraps a collection of any engine as a text collection (chunking and the embedding cache live in
   * the engine); backs {@link TextCollection#over}.
   *
   * @param collection the collection; its embedder id was checked by the caller
   * @param embedder the embedder
   * @param chunkSize characters per chunk
   * @param chunkOverlap characters shared by consecutive chunks
   * @return the text collection
   */
  default TextCollection textCollection(
      Collection collection, Embedder embedder, int chunkSize, int chunkOverlap) {
    throw new UnsupportedOperationException(
        getClass().getName() + " cannot make text collections: add vectorizer-core");
  }
}
