package dev.vectorizer.embed.onnx;

import dev.vectorizer.Embedder;
import dev.vectorizer.spi.EmbedderFactory;

/** Registers {@code minilm}: {@link MiniLmEmbedder}. */
public final class MiniLmEmbedderFactory implements EmbedderFactory {
  /** Creates the factory; called by the service loader. */
  public MiniLmEmbedderFactory() {}

  @Override
  public String name() {
    return "minilm";
  }

  @Override
  public Embedder create() {
    return new MiniLmEmbedder();
  }
}
