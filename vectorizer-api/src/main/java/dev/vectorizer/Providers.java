package dev.vectorizer;

import dev.vectorizer.spi.VectorStoreProvider;
import java.util.ServiceLoader;

/** Finds the engine through {@link ServiceLoader}, first in the API's class loader. */
final class Providers {
  private Providers() {}

  static VectorStoreProvider engine() {
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
}
