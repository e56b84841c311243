package dev.vectorizer.internal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where WAL bytes go: a file channel in production; tests substitute one that fails (a full disk)
 * to check that a failed write leaves the store readable.
 */
public interface WalOutput extends AutoCloseable {
  /**
   * Writes all remaining bytes.
   *
   * @param bytes the bytes
   * @throws IOException on failure
   */
  void write(ByteBuffer bytes) throws IOException;

  /**
   * Forces written bytes to stable storage.
   *
   * @throws IOException on failure
   */
  void force() throws IOException;

  /**
   * Cuts the file back to a size (after a failed write, to drop a partial record).
   *
   * @param size the new size
   * @throws IOException when the file cannot be cut
   */
  default void truncate(long size) throws IOException {
    throw new IOException("this output cannot be truncated");
  }

  @Override
  void close() throws IOException;

  /** Opens WAL files. */
  interface Factory {
    /**
     * Creates a new WAL file for appending.
     *
     * @param path the file
     * @return the output
     * @throws IOException on failure
     */
    WalOutput create(Path path) throws IOException;
  }

  /** The production factory: {@link FileChannel}s. */
  Factory FILES =
      path -> {
        FileChannel ch =
            FileChannel.open(
                path,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new WalOutput() {
          @Override
          public void write(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
              ch.write(bytes);
            }
          }

          @Override
          public void force() throws IOException {
            ch.force(false);
          }

          @Override
          public void truncate(long size) throws IOException {
            ch.truncate(size);
          }

          @Override
          public void close() throws IOException {
            ch.close();
          }
        };
      };
}
