package dev.vectorizer;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open a durable store: made by {@link VectorStore#builder(Path)}, read by engines.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param directory the data directory (created when missing, unless read-only)
 * @param durability when writes are acknowledged
 * @param readOnly open without the write lock: sees the state as of the open, rejects writes
 * @param sealThreshold points in a collection's in-memory head segment before it is written to an
 *     immutable segment file
 * @param maxSegments sealed segments per collection before they are merged
 */
public record StoreOptions(
    Path directory, Durability durability, boolean readOnly, int sealThreshold, int maxSegments) {

  /** The default {@link #sealThreshold()}. */
  public static final int DEFAULT_SEAL_THRESHOLD = 200_000;

  /** The default {@link #maxSegments()}. */
  public static final int DEFAULT_MAX_SEGMENTS = 8;

  /** Checks the arguments. */
  public StoreOptions {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(durability, "durability");
    if (sealThreshold < 1) {
      throw new IllegalArgumentException("sealThreshold must be >= 1, got " + sealThreshold);
    }
    if (maxSegments < 1) {
      throw new IllegalArgumentException("maxSegments must be >= 1, got " + maxSegments);
    }
  }

  /**
   * The defaults for a directory: {@link Durability#FSYNC}, read-write.
   *
   * @param directory the data directory
   * @return the options
   */
  public static StoreOptions defaults(Path directory) {
    return new StoreOptions(
        directory, Durability.FSYNC, false, DEFAULT_SEAL_THRESHOLD, DEFAULT_MAX_SEGMENTS);
  }
}
