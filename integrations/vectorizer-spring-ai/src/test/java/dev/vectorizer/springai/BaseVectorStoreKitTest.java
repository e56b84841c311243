package dev.vectorizer.springai;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Embedder;
import java.util.function.Consumer;
import org.springframework.ai.test.vectorstore.BaseVectorStoreTests;
import org.springframework.ai.vectorstore.VectorStore;

/**
 * Spring AI's own test kit ({@code BaseVectorStoreTests} from {@code spring-ai-test} 1.1.2: delete
 * by id, by filter expression object and by filter string) against a fresh in-memory store per
 * test, with the offline hashing embedder as the embedding model. Nothing inherited is disabled.
 */
class BaseVectorStoreKitTest extends BaseVectorStoreTests {
  private static final VectorizerEmbeddingModel MODEL =
      new VectorizerEmbeddingModel(Embedder.byName("hashing"));

  @Override
  protected void executeTest(Consumer<VectorStore> test) {
    try (dev.vectorizer.VectorStore store = dev.vectorizer.VectorStore.inMemory()) {
      var collection = store.createCollection("kit", CollectionConfig.of(MODEL.dimensions()));
      test.accept(VectorizerVectorStore.builder(collection, MODEL).build());
    }
  }
}
