package dev.vectorizer.spi;

import dev.vectorizer.Embedder;

/**
 * Makes embedders known by name to {@link Embedder#byName(String)}, the CLI's {@code --embedder}
 * and the watch module. Register implementations in {@code
 * META-INF/services/dev.vectorizer.spi.EmbedderFactory}.
 *
 * <p>Implementations must be thread-safe.
 */
public interface EmbedderFactory {
  /**
   * The short name users type.
   *
   * @return the name
   */
  String name();

  /**
   * Creates the embedder (models may take a moment to load).
   *
   * @return the embedder
   */
  Embedder create();
}
