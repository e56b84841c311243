package dev.vectorizer.backup;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What a backup archive's manifest says about it.
 *
 * @param id the backup's unique id
 * @param collection the collection it holds
 * @param type {@code full} or {@code incremental}
 * @param parent the parent backup's id (incremental), or null
 * @param createdAt when it was taken
 * @param lsn the log sequence number of the last write it holds
 * @param points live points at that LSN
 * @param sizeBytes the archive's size
 * @param file the archive
 */
public record BackupInfo(
    String id,
    String collection,
    String type,
    String parent,
    Instant createdAt,
    long lsn,
    long points,
    long sizeBytes,
    Path file) {

  /**
   * Whether it needs a parent to restore.
   *
   * @return true for incremental backups
   */
  public boolean incremental() {
    return "incremental".equals(type);
  }
}
