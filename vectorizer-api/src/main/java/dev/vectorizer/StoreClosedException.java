package dev.vectorizer;

/** A store or collection was used after it was closed (or after the collection was dropped). */
public class StoreClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what was closed
   */
  public StoreClosedException(String message) {
    super(message);
  }
}
