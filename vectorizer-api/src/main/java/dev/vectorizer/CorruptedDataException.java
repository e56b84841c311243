package dev.vectorizer;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A file of the store failed a check: a bad magic, an unknown format version, a checksum mismatch,
 * or a truncated record. The store never answers from such a file.
 */
public class CorruptedDataException extends VectorizerException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * Creates an exception.
   *
   * @param file the corrupted file
   * @param detail what check failed
   */
  public CorruptedDataException(Path file, String detail) {
    super("corrupted file " + file + ": " + detail);
    this.file = file;
  }

  /**
   * Creates an exception with a cause.
   *
   * @param file the corrupted file
   * @param detail what check failed
   * @param cause the underlying failure
   */
  public CorruptedDataException(Path file, String detail, @Nullable Throwable cause) {
    super("corrupted file " + file + ": " + detail, cause);
    this.file = file;
  }

  /**
   * The file that failed its check.
   *
   * @return the file's path
   */
  public Path file() {
    return file;
  }
}
