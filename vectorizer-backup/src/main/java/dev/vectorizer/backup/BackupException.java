package dev.vectorizer.backup;

import dev.vectorizer.VectorizerException;
import java.nio.file.Path;

/**
 * A backup archive was refused: corrupted, truncated, foreign, of an unknown format version, or
 * holding an unsafe entry. The message names the archive and, when known, the entry. Nothing live
 * was changed.
 */
public class BackupException extends VectorizerException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param archive the archive
   * @param entry the entry, or null
   * @param detail what is wrong
   */
  public BackupException(Path archive, String entry, String detail) {
    super("backup " + archive + (entry == null ? "" : ", entry '" + entry + "'") + ": " + detail);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param archive the archive
   * @param entry the entry, or null
   * @param detail what is wrong
   * @param cause the cause
   */
  public BackupException(Path archive, String entry, String detail, Throwable cause) {
    super(
        "backup " + archive + (entry == null ? "" : ", entry '" + entry + "'") + ": " + detail,
        cause);
  }
}
