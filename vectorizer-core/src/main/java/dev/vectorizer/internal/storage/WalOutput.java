package dev.vectorizer.internal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the store's bytes go: file channels in production; tests substitute outputs that fail (a
 * full disk) to check that a failed write leaves the store readable. {@link Factory#create} opens
 * WAL files, {@link Factory#createFile} every file written whole (segments, deletion files,
 * manifests, under their temporary names).
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

    /**
     * Creates (or truncates) a file that is written whole and then renamed into place; {@link
     * WalOutput#force} syncs its content and metadata.
     *
     * @param path the file
     * @return the output
     * @throws IOException on failure
     */
    default WalOutput createFile(Path path) throws IOException {
      return channel(
          FileChannel.open(
              path,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE),
          true);
    }
  }

  private static WalOutput channel(FileChannel ch, boolean metadata) {
    return new WalOutput() {
      @Override
      public void write(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
      }

      @Override
      public void force() throws IOException {
        ch.force(metadata);
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
  }

  /** The production factory: {@link FileChannel}s. */
  Factory FILES =
      path ->
          channel(
              FileChannel.open(
                  path,
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.APPEND),
              false);
}
