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
    super(message(archive, entry, detail));
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
    super(message(archive, entry, detail), cause);
  }

  /** One printable line: an entry name read from a hostile archive may hold any bytes. */
  private static String message(Path archive, String entry, String detail) {
    return "backup "
        + archive
        + (entry == null ? "" : ", entry '" + printable(entry) + "'")
        + ": "
        + detail.replace('\n', ' ').replace('\r', ' ');
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .limit(120)
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfffd) {
                b.append(String.format("\\x%02x", c & 0xff));
              } else {
                b.appendCodePoint(c);
              }
            });
    return s.codePointCount(0, s.length()) > 120 ? b + "..." : b.toString();
  }
}
