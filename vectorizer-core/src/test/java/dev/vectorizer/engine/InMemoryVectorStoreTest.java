package dev.vectorizer.engine;

import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.VectorStoreContract;

/** Runs the store contract against {@link VectorStore#inMemory()}. */
class InMemoryVectorStoreTest extends VectorStoreContract {
  @Override
  protected VectorStore newStore() {
    return VectorStore.inMemory();
  }
}
