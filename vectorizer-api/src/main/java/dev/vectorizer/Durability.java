package dev.vectorizer;

/**
 * When a durable store acknowledges a write.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum Durability {
  /**
   * The default: a write returns after its write-ahead-log records are on stable storage ({@code
   * fsync}). Concurrent writers share one {@code fsync} (group commit), so a batch costs one sync.
   */
  FSYNC,
  /**
   * For bulk loads: a write returns once its records are handed to the operating system, without
   * {@code fsync}. A crash of the process loses nothing acknowledged; a crash of the machine or a
   * power loss may lose recent writes (never corrupting what was synced before). Call {@link
   * VectorStore#checkpoint()} at the end of the load to make it durable.
   */
  NONE
}
