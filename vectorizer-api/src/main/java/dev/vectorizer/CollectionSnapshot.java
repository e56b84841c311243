package dev.vectorizer;

import java.nio.file.Path;
import java.util.Map;

/**
 * A consistent, pinned cut of a durable collection: the files that hold exactly its state at {@link
 * #lsn()}. Taking it checkpoints the collection (so no write-ahead-log range is needed); writes go
 * on meanwhile, and the files listed stay on disk until the snapshot is closed. Backups and
 * replication copy these files.
 *
 * <p>Thread-safe. The caller that took the snapshot closes it.
 */
public interface CollectionSnapshot extends AutoCloseable {
  /**
   * The collection's name.
   *
   * @return the name
   */
  String collection();

  /**
   * The collection's configuration.
   *
   * @return the configuration
   */
  CollectionConfig config();

  /**
   * The log sequence number of the last write the snapshot holds.
   *
   * @return the LSN
   */
  long lsn();

  /**
   * The number of live points at the cut.
   *
   * @return the count
   */
  long points();

  /**
   * The files, by name (the collection's {@code MANIFEST} as of the cut, its segment files and
   * deletion files). Together they form a collection directory that {@link
   * VectorStore#importCollection} accepts.
   *
   * @return file name to path
   */
  Map<String, Path> files();

  /** Releases the pinned files. Idempotent. */
  @Override
  void close();
}
