package dev.vectorizer.internal.engine;

import dev.vectorizer.Collection;
import dev.vectorizer.Embedder;
import dev.vectorizer.Point;
import dev.vectorizer.StoreOptions;
import dev.vectorizer.TextCollection;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.filter.PayloadPredicate;
import dev.vectorizer.internal.index.JVectorSupport;
import dev.vectorizer.internal.storage.WalOutput;
import dev.vectorizer.internal.text.ChunkedTextCollection;
import dev.vectorizer.internal.text.EmbeddingCache;
import dev.vectorizer.internal.text.SearchSupport;
import dev.vectorizer.internal.text.TextChunker;
import dev.vectorizer.spi.VectorStoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The engine of {@code vectorizer-core}, registered for {@link java.util.ServiceLoader}. */
public final class EngineProvider implements VectorStoreProvider {
  /** Embeddings of text collections over other engines' collections, shared by all of them. */
  private static final EmbeddingCache FOREIGN_EMBEDDINGS =
      new EmbeddingCache(EmbeddingCache.DEFAULT_MAX_BYTES);

  /** Creates the provider; called by the service loader. Settles JVector's settings first. */
  public EngineProvider() {
    JVectorSupport.init();
  }

  @Override
  public VectorStore inMemory() {
    return new InMemoryVectorStore();
  }

  @Override
  public VectorStore open(StoreOptions options) {
    return DurableVectorStore.open(options, WalOutput.FILES);
  }

  @Override
  public TextCollection textCollection(
      Collection collection, Embedder embedder, int chunkSize, int chunkOverlap) {
    return new ChunkedTextCollection(
        collection,
        embedder,
        new TextChunker(chunkSize, chunkOverlap),
        FOREIGN_EMBEDDINGS,
        (filter, visitor) -> scan(collection, filter, visitor),
        // no keyword index, and no query cache: another engine's writes are not seen here
        new SearchSupport(null, () -> 0, ids -> payloads(collection, ids), null, true));
  }

  private static List<Map<String, Object>> payloads(Collection collection, List<String> ids) {
    List<Map<String, Object>> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      out.add(collection.get(id).map(Point::payload).orElse(null));
    }
    return out;
  }

  /** Visits a foreign collection's points through the public API: its ids, then each point. */
  private static void scan(
      Collection collection,
      dev.vectorizer.Filter filter,
      java.util.function.BiConsumer<String, java.util.Map<String, Object>> visitor) {
    PayloadPredicate predicate = filter == null ? null : PayloadPredicate.compile(filter);
    for (String id : collection.ids()) {
      collection
          .get(id)
          .filter(p -> predicate == null || predicate.test(p.payload()))
          .ifPresent(p -> visitor.accept(id, p.payload()));
    }
  }
}
