/**
 * The public API of Vectorizer, an embeddable vector store. Add {@code vectorizer-core} at run time
 * for the engine; it is found through {@link dev.vectorizer.spi.VectorStoreProvider}.
 */
module dev.vectorizer.api {
  exports dev.vectorizer;
  exports dev.vectorizer.spi;

  uses dev.vectorizer.spi.VectorStoreProvider;
  uses dev.vectorizer.spi.EmbedderFactory;
}
