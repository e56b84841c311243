package dev.vectorizer.server;

import dev.vectorizer.Embedder;
import dev.vectorizer.spi.EmbedderFactory;

/** A 3-dimensional embedder that takes 3 s per text: makes a request outlive its timeout. */
public final class SleepyEmbedderFactory implements EmbedderFactory {
  @Override
  public String name() {
    return "sleepy";
  }

  @Override
  public Embedder create() {
    return new Embedder() {
      @Override
      public String id() {
        return "sleepy-3";
      }

      @Override
      public int dimension() {
        return 3;
      }

      @Override
      public float[] embed(String text) {
        try {
          Thread.sleep(3000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new float[] {1, text.length(), 2};
      }
    };
  }
}
