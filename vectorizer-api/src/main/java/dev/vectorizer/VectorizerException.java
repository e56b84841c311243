package dev.vectorizer;

import org.jspecify.annotations.Nullable;

/**
 * The root of the runtime failures this library reports: corrupted files, a locked store, I/O
 * errors. Programming mistakes (a wrong dimension, a NaN, an empty id) are reported as {@link
 * IllegalArgumentException} instead, and use after close as {@link StoreClosedException}.
 */
public class VectorizerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong, naming the value or file involved
   */
  public VectorizerException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what went wrong, naming the value or file involved
   * @param cause the underlying failure
   */
  public VectorizerException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
