package dev.vectorizer.internal.storage;

import dev.vectorizer.CorruptedDataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads a file written by {@link ChecksummedWriter}: the whole file is verified against its CRC32C
 * footer when opened (so nothing is parsed from a damaged file), then read in little-endian order.
 * Every failure names the file.
 *
 * <p>Not thread-safe.
 */
public final class ChecksummedReader implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final long bodyLength;
  private final ByteBuffer buffer =
      ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private long position;

  private ChecksummedReader(Path path, FileChannel channel, long bodyLength) {
    this.path = path;
    this.channel = channel;
    this.bodyLength = bodyLength;
    buffer.limit(0);
  }

  /**
   * Opens a file and verifies its footer and checksum.
   *
   * @param path the file
   * @param magic the expected start magic
   * @param endMagic the expected end magic
   * @param version the expected format version (read right after the magic)
   * @return the reader, positioned after the version
   * @throws IOException when the file cannot be read
   * @throws CorruptedDataException when a check fails
   */
  public static ChecksummedReader open(Path path, String magic, String endMagic, int version)
      throws IOException {
    return open(FileOpener.DIRECT, path, magic, endMagic, version);
  }

  /**
   * Opens a file through an opener and verifies its footer and checksum.
   *
   * @param opener opens the file
   * @param path the file
   * @param magic the expected start magic
   * @param endMagic the expected end magic
   * @param version the expected format version
   * @return the reader, positioned after the version
   * @throws IOException when the file cannot be read
   */
  public static ChecksummedReader open(
      FileOpener opener, Path path, String magic, String endMagic, int version) throws IOException {
    FileChannel ch = opener.open(path);
    try {
      long size = ch.size();
      if (size < 16) {
        throw new CorruptedDataException(path, "file is " + size + " bytes, too short");
      }
      ByteBuffer footer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, footer, size - 8, path);
      footer.flip();
      int expectedCrc = footer.getInt();
      byte[] end = new byte[4];
      footer.get(end);
      if (!endMagic.equals(new String(end, StandardCharsets.US_ASCII))) {
        throw new CorruptedDataException(
            path, "missing end marker " + endMagic + " (truncated or not a " + magic + " file)");
      }
      CRC32C crc = new CRC32C();
      ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
      long pos = 0;
      long body = size - 8;
      while (pos < body) {
        chunk.clear();
        chunk.limit((int) Math.min(chunk.capacity(), body - pos));
        int n = ch.read(chunk, pos);
        if (n < 0) {
          throw new CorruptedDataException(path, "unexpected end of file at " + pos);
        }
        chunk.flip();
        crc.update(chunk);
        pos += n;
      }
      if ((int) crc.getValue() != expectedCrc) {
        throw new CorruptedDataException(
            path,
            String.format(
                "checksum mismatch (stored %08x, computed %08x)", expectedCrc, crc.getValue()));
      }
      ChecksummedReader r = new ChecksummedReader(path, ch, body);
      byte[] m = r.bytes(4);
      if (!magic.equals(new String(m, StandardCharsets.US_ASCII))) {
        throw new CorruptedDataException(path, "not a " + magic + " file");
      }
      int v = r.i32();
      if (v != version) {
        throw new CorruptedDataException(
            path, "format version " + v + " is not supported (this build reads " + version + ")");
      }
      return r;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer dst, long pos, Path path)
      throws IOException {
    while (dst.hasRemaining()) {
      int n = ch.read(dst, pos);
      if (n < 0) {
        throw new CorruptedDataException(path, "unexpected end of file");
      }
      pos += n;
    }
  }

  /**
   * The size of the file without its footer.
   *
   * @return the bytes covered by the checksum
   */
  public long bodyLength() {
    return bodyLength;
  }

  /**
   * The file.
   *
   * @return the path
   */
  public Path path() {
    return path;
  }

  /**
   * Bytes left before the footer, to read optional trailing sections.
   *
   * @return the unread body bytes
   */
  public long remaining() {
    return bodyLength - position + buffer.remaining();
  }

  /**
   * Where the next read starts, as an offset in the file.
   *
   * @return the offset
   */
  public long offset() {
    return position - buffer.remaining();
  }

  /**
   * Skips bytes the caller reads another way (a mapped section), checking they are in the file.
   *
   * @param n bytes to skip
   * @throws CorruptedDataException when the file ends before
   */
  public void skip(long n) {
    long target = offset() + n;
    if (n < 0 || target > bodyLength) {
      throw corrupted("a section of " + n + " bytes runs past the end of the file");
    }
    buffer.clear().limit(0);
    position = target;
  }

  /**
   * The open file, for mapping a section of it; it is closed with this reader (a mapping made from
   * it stays valid).
   *
   * @return the channel
   */
  public FileChannel channel() {
    return channel;
  }

  private void need(int n) throws IOException {
    if (buffer.remaining() >= n) {
      return;
    }
    buffer.compact();
    while (buffer.position() < n) {
      long left = bodyLength - position;
      if (left <= 0) {
        throw new CorruptedDataException(path, "record runs past the end of the file");
      }
      int limit = (int) Math.min(buffer.capacity(), buffer.position() + left);
      buffer.limit(limit);
      int r = channel.read(buffer, position);
      if (r < 0) {
        throw new CorruptedDataException(path, "unexpected end of file");
      }
      position += r;
    }
    buffer.flip();
  }

  /**
   * Reads a byte.
   *
   * @return the value, 0..255
   * @throws IOException on read failure
   */
  public int u8() throws IOException {
    need(1);
    return buffer.get() & 0xff;
  }

  /**
   * Reads an int.
   *
   * @return the value
   * @throws IOException on read failure
   */
  public int i32() throws IOException {
    need(4);
    return buffer.getInt();
  }

  /**
   * Reads a long.
   *
   * @return the value
   * @throws IOException on read failure
   */
  public long i64() throws IOException {
    need(8);
    return buffer.getLong();
  }

  /**
   * Reads floats.
   *
   * @param out receives the values
   * @throws IOException on read failure
   */
  public void floats(float[] out) throws IOException {
    floats(out, 0, out.length);
  }

  /**
   * Reads floats into part of an array.
   *
   * @param out receives the values
   * @param off the first index
   * @param len how many
   * @throws IOException on read failure
   */
  public void floats(float[] out, int off, int len) throws IOException {
    int i = off;
    int end = off + len;
    while (i < end) {
      need(4);
      int n = Math.min(end - i, buffer.remaining() / 4);
      buffer.asFloatBuffer().get(out, i, n);
      buffer.position(buffer.position() + n * 4);
      i += n;
    }
  }

  /**
   * Reads ints.
   *
   * @param out receives the values
   * @param off the first index
   * @param len how many
   * @throws IOException on read failure
   */
  public void ints(int[] out, int off, int len) throws IOException {
    int i = off;
    int end = off + len;
    while (i < end) {
      need(4);
      int n = Math.min(end - i, buffer.remaining() / 4);
      buffer.asIntBuffer().get(out, i, n);
      buffer.position(buffer.position() + n * 4);
      i += n;
    }
  }

  /**
   * Reads raw bytes.
   *
   * @param n how many
   * @return the bytes
   * @throws IOException on read failure
   */
  public byte[] bytes(int n) throws IOException {
    if (n < 0 || n > bodyLength) {
      throw new CorruptedDataException(path, "implausible length " + n);
    }
    byte[] out = new byte[n];
    bytes(out, 0, n);
    return out;
  }

  /**
   * Reads raw bytes into part of an array.
   *
   * @param out receives the bytes
   * @param off the first index
   * @param len how many
   * @throws IOException on read failure
   */
  public void bytes(byte[] out, int off, int len) throws IOException {
    int i = off;
    int end = off + len;
    while (i < end) {
      need(1);
      int k = Math.min(end - i, buffer.remaining());
      buffer.get(out, i, k);
      i += k;
    }
  }

  /**
   * Reads a length-prefixed byte array.
   *
   * @return the bytes
   * @throws IOException on read failure
   */
  public byte[] blob() throws IOException {
    return bytes(i32());
  }

  /**
   * Fails with a corruption error naming this file.
   *
   * @param detail what is wrong
   * @return never returns
   */
  public CorruptedDataException corrupted(String detail) {
    return new CorruptedDataException(path, detail);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
