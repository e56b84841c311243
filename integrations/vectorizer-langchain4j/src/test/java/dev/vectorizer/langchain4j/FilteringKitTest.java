package dev.vectorizer.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;
import dev.vectorizer.VectorStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * LangChain4j's own test kit for stores with metadata filtering ({@code
 * EmbeddingStoreWithFilteringIT} from the {@code langchain4j-core} 1.19.0 test jar, which also runs
 * {@code EmbeddingStoreIT} and {@code EmbeddingStoreWithoutMetadataIT}), against a durable store in
 * a temporary directory, so that every payload and filter also goes through the write-ahead log's
 * JSON codec.
 *
 * <p>Nothing inherited is disabled. Overridden: {@code clearStore} (the kit's default does nothing;
 * we remove everything between tests) and {@code supportsContains} (true: {@code ContainsString} is
 * answered by the engine's {@code contains} filter). The one test the kit itself skips, {@code
 * should_throw_exception_when_contains_is_not_supported}, is
 * {@code @DisabledIf("supportsContains")} in the kit: it is for stores without {@code
 * ContainsString}.
 */
class FilteringKitTest extends EmbeddingStoreWithFilteringIT {
  @TempDir static Path dir;
  private static VectorStore store;
  private static VectorizerEmbeddingStore embeddingStore;

  @BeforeAll
  static void open() {
    store = VectorStore.open(dir);
    embeddingStore =
        VectorizerEmbeddingStore.builder(store, "kit", MiniLm.MODEL.dimension()).build();
  }

  @AfterAll
  static void close() {
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

  @Override
  protected void clearStore() {
    embeddingStore.removeAll();
  }

  @Override
  protected boolean supportsContains() {
    return true;
  }
}
