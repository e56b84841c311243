package dev.vectorizer.watch;

import dev.vectorizer.VectorizerException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Turns exceptions into the short, plain messages the watcher reports ("permission denied", "No
 * space left on device"), never a Java class name when the exception says something better.
 */
final class Problems {
  private Problems() {}

  static String describe(Throwable t) {
    if (t instanceof UncheckedIOException u && u.getCause() != null) {
      return describe(u.getCause());
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (t instanceof NoSuchFileException) {
      return "it vanished";
    }
    if (t instanceof FileSystemLoopException) {
      return "a symlink loop";
    }
    if (t instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (t instanceof FileSystemException f) {
      String reason = f.getReason();
      if (reason != null && reason.contains("symbolic links")) {
        return "a symlink loop";
      }
      return reason != null ? reason : "file system error";
    }
    if (t instanceof CharacterCodingException) {
      return "not readable as text";
    }
    if (t instanceof VectorizerException || t instanceof IllegalArgumentException) {
      return t.getMessage() != null ? t.getMessage() : "rejected by the store";
    }
    String message = t.getMessage();
    Throwable cause = t.getCause();
    if (cause != null && cause != t && (message == null || message.equals(cause.toString()))) {
      return describe(cause); // the message is only the cause's class name and message
    }
    if (message != null && !message.isBlank()) {
      return message;
    }
    return "unexpected " + t.getClass().getSimpleName();
  }
}
