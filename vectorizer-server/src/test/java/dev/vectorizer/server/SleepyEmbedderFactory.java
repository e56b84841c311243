package dev.vectorizer.server;

import dev.vectorizer.Embedder;
import dev.vectorizer.spi.EmbedderFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A 3-dimensional embedder that blocks each text until {@link #release()} (or 30 s): makes a
 * request outlive its timeout without the test sleeping.
 */
public final class SleepyEmbedderFactory implements EmbedderFactory {
  private static volatile CountDownLatch gate = new CountDownLatch(1);

  /** Lets every blocked and later embedding finish. */
  static void release() {
    gate.countDown();
  }

  /** Blocks embeddings again (for a test that starts after another released them). */
  static void block() {
    gate = new CountDownLatch(1);
  }

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
          gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return new float[] {1, text.length(), 2};
      }
    };
  }
}
