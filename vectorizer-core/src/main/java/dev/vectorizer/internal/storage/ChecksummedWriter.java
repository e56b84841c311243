package dev.vectorizer.internal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes a new file in little-endian order through a buffer, keeping a CRC32C of everything
 * written; {@link #finish(String)} appends the checksum and the end magic, forces the file to disk
 * and closes it. Used for every immutable file of the store (segments, deletion files, manifests).
 *
 * <p>Not thread-safe.
 */
public final class ChecksummedWriter implements AutoCloseable {
  private final Path path;
  private final WalOutput channel;
  private final ByteBuffer buffer =
      ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();
  private long written;
  private boolean closed;

  /**
   * Creates (or truncates) a file.
   *
   * @param path the file
   * @throws IOException when it cannot be created
   */
  public ChecksummedWriter(Path path) throws IOException {
    this(path, WalOutput.FILES);
  }

  /**
   * Creates (or truncates) a file through a factory.
   *
   * @param path the file
   * @param outputs opens it ({@link WalOutput.Factory#createFile})
   * @throws IOException when it cannot be created
   */
  public ChecksummedWriter(Path path, WalOutput.Factory outputs) throws IOException {
    this.path = path;
    this.channel = outputs.createFile(path);
  }

  /**
   * The file being written.
   *
   * @return the path
   */
  public Path path() {
    return path;
  }

  private void ensure(int n) throws IOException {
    if (buffer.remaining() < n) {
      flush();
    }
  }

  private void flush() throws IOException {
    buffer.flip();
    ByteBuffer forCrc = buffer.duplicate();
    crc.update(forCrc);
    written += buffer.remaining();
    channel.write(buffer);
    buffer.clear();
  }

  /**
   * Writes ASCII magic bytes.
   *
   * @param magic four ASCII characters
   * @throws IOException on write failure
   */
  public void magic(String magic) throws IOException {
    bytes(magic.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Writes a byte.
   *
   * @param v the value
   * @throws IOException on write failure
   */
  public void u8(int v) throws IOException {
    ensure(1);
    buffer.put((byte) v);
  }

  /**
   * Writes an int.
   *
   * @param v the value
   * @throws IOException on write failure
   */
  public void i32(int v) throws IOException {
    ensure(4);
    buffer.putInt(v);
  }

  /**
   * Writes a long.
   *
   * @param v the value
   * @throws IOException on write failure
   */
  public void i64(long v) throws IOException {
    ensure(8);
    buffer.putLong(v);
  }

  /**
   * Writes floats.
   *
   * @param v the values
   * @throws IOException on write failure
   */
  public void floats(float[] v) throws IOException {
    floats(v, 0, v.length);
  }

  /**
   * Writes part of an array of floats.
   *
   * @param v the values
   * @param off the first index
   * @param len how many
   * @throws IOException on write failure
   */
  public void floats(float[] v, int off, int len) throws IOException {
    int i = off;
    int end = off + len;
    while (i < end) {
      ensure(4);
      int n = Math.min(end - i, buffer.remaining() / 4);
      buffer.asFloatBuffer().put(v, i, n);
      buffer.position(buffer.position() + n * 4);
      i += n;
    }
  }

  /**
   * Writes ints.
   *
   * @param v the values
   * @param off the first index
   * @param len how many
   * @throws IOException on write failure
   */
  public void ints(int[] v, int off, int len) throws IOException {
    int i = off;
    int end = off + len;
    while (i < end) {
      ensure(4);
      int n = Math.min(end - i, buffer.remaining() / 4);
      buffer.asIntBuffer().put(v, i, n);
      buffer.position(buffer.position() + n * 4);
      i += n;
    }
  }

  /**
   * Writes raw bytes.
   *
   * @param b the bytes
   * @throws IOException on write failure
   */
  public void bytes(byte[] b) throws IOException {
    bytes(b, 0, b.length);
  }

  /**
   * Writes part of a byte array.
   *
   * @param b the bytes
   * @param off the first index
   * @param len how many
   * @throws IOException on write failure
   */
  public void bytes(byte[] b, int off, int len) throws IOException {
    int i = off;
    int end = off + len;
    while (i < end) {
      ensure(1);
      int n = Math.min(end - i, buffer.remaining());
      buffer.put(b, i, n);
      i += n;
    }
  }

  /**
   * Writes a length-prefixed byte array.
   *
   * @param b the bytes
   * @throws IOException on write failure
   */
  public void blob(byte[] b) throws IOException {
    i32(b.length);
    bytes(b);
  }

  /**
   * Appends the CRC32C footer and the end magic, forces the file to disk, and closes it.
   *
   * @param endMagic four ASCII characters
   * @return the file's length
   * @throws IOException on write or sync failure
   */
  public long finish(String endMagic) throws IOException {
    flush();
    int checksum = (int) crc.getValue();
    buffer.putInt(checksum);
    buffer.put(endMagic.getBytes(StandardCharsets.US_ASCII));
    buffer.flip();
    written += buffer.remaining();
    channel.write(buffer);
    channel.force();
    close();
    return written;
  }

  /** What goes between a file's start and its checksum footer. */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the content.
     *
     * @param w the writer
     * @throws IOException on write failure
     */
    void write(ChecksummedWriter w) throws IOException;
  }

  /**
   * Writes a file under a temporary name, syncs it and renames it over {@code target}; on any
   * failure (a full disk) the temporary file is removed, so nothing half-written stays behind.
   *
   * @param tmp the temporary name, in the target's directory
   * @param target the final name
   * @param body writes the content
   * @param endMagic the end magic
   * @return the file's length
   * @throws IOException on failure
   */
  public static long writeAtomically(Path tmp, Path target, Body body, String endMagic)
      throws IOException {
    return writeAtomically(WalOutput.FILES, tmp, target, body, endMagic);
  }

  /**
   * Like {@link #writeAtomically(Path, Path, Body, String)}, opening the file through a factory.
   *
   * @param outputs opens the temporary file
   * @param tmp the temporary name, in the target's directory
   * @param target the final name
   * @param body writes the content
   * @param endMagic the end magic
   * @return the file's length
   * @throws IOException on failure
   */
  public static long writeAtomically(
      WalOutput.Factory outputs, Path tmp, Path target, Body body, String endMagic)
      throws IOException {
    long size;
    try (ChecksummedWriter w = new ChecksummedWriter(tmp, outputs)) {
      body.write(w);
      size = w.finish(endMagic);
      FileIo.atomicReplace(tmp, target);
    } catch (IOException | RuntimeException | Error e) {
      try {
        java.nio.file.Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return size;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      channel.close();
    }
  }
}
