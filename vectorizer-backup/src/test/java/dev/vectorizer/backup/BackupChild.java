package dev.vectorizer.backup;

import dev.vectorizer.VectorStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Run in a child JVM by {@link KilledBackupTest}: opens the store, prints {@code open}, writes a
 * full backup of a collection, prints {@code done}.
 */
public final class BackupChild {
  private BackupChild() {}

  /**
   * Entry point.
   *
   * @param args data directory, collection, output archive
   */
  public static void main(String[] args) {
    try (VectorStore store = VectorStore.open(Path.of(args[0]))) {
      System.out.println("open");
      System.out.flush();
      new BackupManager(store, Clock.systemUTC()).full(args[1], Path.of(args[2]), true);
      System.out.println("done");
      System.out.flush();
    }
  }
}
