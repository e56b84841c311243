package dev.vectorizer;

/** A collection was asked for by a name the store does not have. */
public class CollectionNotFoundException extends VectorizerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param name the missing collection's name
   */
  public CollectionNotFoundException(String name) {
    super("no collection named '" + name + "'");
  }
}
