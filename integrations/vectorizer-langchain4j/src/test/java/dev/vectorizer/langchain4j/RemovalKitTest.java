package dev.vectorizer.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import dev.vectorizer.VectorStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * LangChain4j's own test kit for removal ({@code EmbeddingStoreWithRemovalIT}: by id, by ids, by
 * filter, all, and the argument checks), against a fresh in-memory store per test. Nothing
 * inherited is disabled or overridden.
 */
class RemovalKitTest extends EmbeddingStoreWithRemovalIT {
  private VectorStore store;
  private VectorizerEmbeddingStore embeddingStore;

  @BeforeEach
  void open() {
    store = VectorStore.inMemory();
    embeddingStore =
        VectorizerEmbeddingStore.builder(store, "removal", MiniLm.MODEL.dimension()).build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Override
  protected EmbeddingStore<TextSegment> embeddingStore() {
    return embeddingStore;
  }

  @Override
  protected EmbeddingModel embeddingModel() {
    return MiniLm.MODEL;
  }
}
