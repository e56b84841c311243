package dev.vectorizer.internal.engine;

import dev.vectorizer.StoreOptions;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.index.JVectorSupport;
import dev.vectorizer.internal.storage.WalOutput;
import dev.vectorizer.spi.VectorStoreProvider;

/** The engine of {@code vectorizer-core}, registered for {@link java.util.ServiceLoader}. */
public final class EngineProvider implements VectorStoreProvider {
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
}
