package dev.vectorizer.text;

import dev.vectorizer.VectorStore;

/** {@link HybridSearchContract} on the in-memory store. */
class InMemoryHybridSearchTest extends HybridSearchContract {
  @Override
  VectorStore open() {
    return VectorStore.inMemory();
  }
}
