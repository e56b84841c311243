package dev.vectorizer.watch;

import java.nio.file.Path;

/**
 * Something the watcher did.
 *
 * @param type what happened
 * @param path the file
 * @param collection the collection it went to (or came from)
 * @param chunks chunks written (for {@link Type#INDEXED})
 * @param reason why it was skipped, or the error
 */
public record WatchEvent(Type type, Path path, String collection, int chunks, String reason) {
  /** Kinds of events. */
  public enum Type {
    /** A file was (re)indexed. */
    INDEXED,
    /** A file's chunks were removed. */
    REMOVED,
    /** A file was skipped: binary, too large, excluded, or a symlink. */
    SKIPPED,
    /** Applying a change failed; the file is retried on its next change or reconcile. */
    ERROR
  }
}
