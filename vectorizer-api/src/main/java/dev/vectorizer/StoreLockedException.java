package dev.vectorizer;

import java.nio.file.Path;

/** Another process (or another store in this process) holds the write lock of a data directory. */
public class StoreLockedException extends VectorizerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param directory the locked data directory
   * @param detail who holds it, when known
   */
  public StoreLockedException(Path directory, String detail) {
    super("data directory " + directory + " is locked for writing: " + detail);
  }
}
