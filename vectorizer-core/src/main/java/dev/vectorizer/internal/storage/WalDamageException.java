package dev.vectorizer.internal.storage;

import dev.vectorizer.CorruptedDataException;
import java.nio.file.Path;

/**
 * Damage inside a write-ahead log that is not a torn tail: records after it would be lost. Says
 * where the log stops being trustworthy, so that {@code repair} can cut it there.
 */
public final class WalDamageException extends CorruptedDataException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  /**
   * Creates an exception.
   *
   * @param file the damaged log file
   * @param offset the first byte not trusted (0 when the whole file is)
   * @param detail what is wrong
   */
  public WalDamageException(Path file, long offset, String detail) {
    super(file, detail);
    this.offset = offset;
  }

  /**
   * Where the log stops being trustworthy.
   *
   * @return the byte offset in {@link #file()}
   */
  public long offset() {
    return offset;
  }
}
