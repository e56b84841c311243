package dev.vectorizer.embed.onnx;

import dev.vectorizer.Embedder;
import dev.vectorizer.spi.EmbedderFactory;

/** Registers {@code bge-small}: {@link BgeSmallEmbedder}. */
public final class BgeSmallEmbedderFactory implements EmbedderFactory {
  /** Creates the factory; called by the service loader. */
  public BgeSmallEmbedderFactory() {}

  @Override
  public String name() {
    return "bge-small";
  }

  @Override
  public Embedder create() {
    return new BgeSmallEmbedder();
  }
}
