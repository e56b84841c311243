package dev.vectorizer;

import java.nio.file.Path;

/**
 * A collection exists but cannot be used: one of its files failed a check (see the cause, usually a
 * {@link CorruptedDataException}) or could not be read. The rest of the store works; the collection
 * can still be dropped ({@link VectorStore#dropCollection}), replaced by an import (a restore from
 * a backup), or repaired ({@link VectorStore#repair}).
 */
public class CollectionUnavailableException extends VectorizerException {
  private static final long serialVersionUID = 1L;

  private final String collection;
  private final transient Path file;

  /**
   * Creates an exception.
   *
   * @param collection the collection's name
   * @param file the file that failed, or null when no single file is to blame
   * @param reason what failed
   * @param cause the underlying failure, or null
   */
  public CollectionUnavailableException(
      String collection, Path file, String reason, Throwable cause) {
    super(
        "collection '"
            + collection
            + "' is unavailable: "
            + reason
            + " (drop it, restore it from a backup, or see `vectorizer check`)",
        cause);
    this.collection = collection;
    this.file = file;
  }

  /**
   * The collection's name.
   *
   * @return the name
   */
  public String collection() {
    return collection;
  }

  /**
   * The file that failed its check.
   *
   * @return the file's path, or null when no single file is to blame
   */
  public Path file() {
    return file;
  }
}
