package dev.vectorizer.internal.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Small file-system helpers for durable writes: fsync of files and directories, atomic rename. */
public final class FileIo {
  private FileIo() {}

  /**
   * Forces a file's content to stable storage.
   *
   * @param file the file
   * @throws IOException when the sync fails
   */
  public static void fsync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * Forces a directory's entries (creations, renames, deletions) to stable storage. Some file
   * systems and platforms (Windows) cannot open a directory; there the call is a no-op.
   *
   * @param dir the directory
   */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
        throw e;
      }
    }
  }

  /**
   * Renames {@code tmp} over {@code target} atomically and syncs the directory.
   *
   * @param tmp a complete, synced file
   * @param target the final name
   * @throws IOException when the rename fails
   */
  public static void atomicReplace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    fsyncDirectory(target.toAbsolutePath().getParent());
  }
}
