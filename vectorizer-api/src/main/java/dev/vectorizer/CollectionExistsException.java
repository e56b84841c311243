package dev.vectorizer;

/** A collection was created under a name that is already taken. */
public class CollectionExistsException extends VectorizerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param name the taken name
   */
  public CollectionExistsException(String name) {
    super("a collection named '" + name + "' already exists");
  }
}
