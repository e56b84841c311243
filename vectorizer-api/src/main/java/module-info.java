/**
 * The public API of Vectorizer, an embeddable vector store. Add {@code vectorizer-core} at run time
 * for the engine; it is found through {@link dev.vectorizer.spi.VectorStoreProvider}.
 *
 * <p>Every exported package is {@code @NullMarked} (JSpecify): a type without {@code @Nullable}
 * never accepts or returns null.
 */
module dev.vectorizer.api {
  requires static transitive org.jspecify;

  exports dev.vectorizer;
  exports dev.vectorizer.spi;

  uses dev.vectorizer.spi.VectorStoreProvider;
  uses dev.vectorizer.spi.EmbedderFactory;
}
