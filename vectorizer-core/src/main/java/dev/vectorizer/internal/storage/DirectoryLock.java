package dev.vectorizer.internal.storage;

import dev.vectorizer.StoreLockedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The write lock of a data directory: an OS file lock on {@code LOCK}, held until close. The OS
 * releases it when the process dies, so a crash never leaves a stale lock behind. The file holds
 * the owner's pid, for the error message of the next process that tries.
 */
public final class DirectoryLock implements AutoCloseable {
  /** The lock file's name. */
  public static final String FILE = "LOCK";

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock or fails at once.
   *
   * @param dir the data directory
   * @return the held lock
   * @throws StoreLockedException when another process or store holds it
   * @throws IOException when the lock file cannot be opened
   */
  public static DirectoryLock acquire(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      ch.close();
      throw new StoreLockedException(dir, "it is already open for writing in this process");
    }
    if (lock == null) {
      String owner = "";
      try {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64);
        ch.read(b, 0);
        owner = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim();
      } finally {
        ch.close();
      }
      throw new StoreLockedException(
          dir,
          (owner.isEmpty() ? "another process" : "process " + owner)
              + " holds it; open read-only to read while it writes");
    }
    ch.truncate(0);
    ch.write(
        java.nio.ByteBuffer.wrap(
            Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
        0);
    return new DirectoryLock(ch, lock);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
