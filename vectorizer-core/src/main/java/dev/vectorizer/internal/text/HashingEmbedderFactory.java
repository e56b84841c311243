package dev.vectorizer.internal.text;

import dev.vectorizer.Embedder;
import dev.vectorizer.spi.EmbedderFactory;

/**
 * Registers {@code hashing}: a {@link HashingEmbedder} of dimension 384, or of the dimension in the
 * system property {@code vectorizer.hashing.dimension}.
 */
public final class HashingEmbedderFactory implements EmbedderFactory {
  /** Creates the factory; called by the service loader. */
  public HashingEmbedderFactory() {}

  @Override
  public String name() {
    return "hashing";
  }

  @Override
  public Embedder create() {
    return new HashingEmbedder(Integer.getInteger("vectorizer.hashing.dimension", 384));
  }
}
