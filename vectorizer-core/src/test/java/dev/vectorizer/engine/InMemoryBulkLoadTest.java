package dev.vectorizer.engine;

import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.BulkLoadContract;

/** Runs the bulk-load contract against {@link VectorStore#inMemory()}. */
class InMemoryBulkLoadTest extends BulkLoadContract {
  @Override
  protected VectorStore newStore() {
    return VectorStore.inMemory();
  }
}
