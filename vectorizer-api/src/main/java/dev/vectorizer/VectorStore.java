package dev.vectorizer;

import dev.vectorizer.spi.VectorStoreProvider;
import java.util.List;
import java.util.ServiceLoader;

/**
 * An embedded vector store: a set of named {@link Collection}s.
 *
 * <pre>{@code
 * try (VectorStore store = VectorStore.inMemory()) {
 *   Collection docs = store.createCollection("docs", CollectionConfig.of(384));
 *   docs.upsert(Point.of("doc-1", vector, Map.of("lang", "en")));
 *   List<Hit> hits = docs.search(SearchRequest.of(query).limit(10));
 * }
 * }</pre>
 *
 * <p><b>Thread safety:</b> a store and its collections may be used from many threads at once.
 * <b>Closing:</b> the caller that opened a store closes it; closing closes its collections, is
 * idempotent, and later calls throw {@link StoreClosedException}.
 *
 * <p>The engine is found at run time through {@link VectorStoreProvider}: add {@code
 * dev.vectorizer:vectorizer-core} to the class path.
 */
public interface VectorStore extends AutoCloseable {

  /**
   * Opens a new, empty store that keeps everything in memory and forgets it on close. Fast to open;
   * made for tests and caches.
   *
   * @return the store
   * @throws VectorizerException when no engine is on the class path
   */
  static VectorStore inMemory() {
    return provider().inMemory();
  }

  private static VectorStoreProvider provider() {
    for (VectorStoreProvider p :
        ServiceLoader.load(VectorStoreProvider.class, VectorStore.class.getClassLoader())) {
      return p;
    }
    for (VectorStoreProvider p : ServiceLoader.load(VectorStoreProvider.class)) {
      return p;
    }
    throw new VectorizerException(
        "no Vectorizer engine found: add the dependency dev.vectorizer:vectorizer-core");
  }

  /**
   * Creates a collection.
   *
   * @param name 1 to 128 characters of letters, digits, '-', '_' and '.', not starting with '.'
   * @param config its settings
   * @return the new collection
   * @throws CollectionExistsException when the name is taken
   * @throws IllegalArgumentException naming a bad name
   */
  Collection createCollection(String name, CollectionConfig config);

  /**
   * Returns the collection with this name, creating it when there is none.
   *
   * @param name the name
   * @param config the settings to create it with
   * @return the collection
   * @throws IllegalArgumentException when it exists with a different dimension or metric
   */
  Collection getOrCreateCollection(String name, CollectionConfig config);

  /**
   * Returns a collection.
   *
   * @param name the name
   * @return the collection
   * @throws CollectionNotFoundException when there is none
   */
  Collection collection(String name);

  /**
   * Tells whether a collection exists.
   *
   * @param name the name
   * @return whether it exists
   */
  boolean hasCollection(String name);

  /**
   * The names of the collections, sorted.
   *
   * @return the names
   */
  List<String> listCollections();

  /**
   * Deletes a collection and its points; its {@link Collection} object is closed.
   *
   * @param name the name
   * @return whether there was such a collection
   */
  boolean dropCollection(String name);

  /**
   * The store's counters.
   *
   * @return a snapshot of the counters
   */
  StoreStats stats();

  /** Closes the store and its collections. Idempotent. */
  @Override
  void close();
}
