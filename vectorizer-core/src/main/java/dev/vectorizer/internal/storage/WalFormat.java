package dev.vectorizer.internal.storage;

import dev.vectorizer.CorruptedDataException;
import dev.vectorizer.Point;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The write-ahead-log file format, version 2. This javadoc is the specification.
 *
 * <p>A collection's log is a sequence of files in {@code wal/}, each named by the first LSN it may
 * hold as 20 decimal digits ({@code 00000000000000000001.wal}). All integers are little-endian.
 *
 * <p><b>File header</b>, 20 bytes: magic {@code VZWL} (4 ASCII bytes), int version (1 or 2), long
 * first LSN, int CRC32C of the preceding 16 bytes.
 *
 * <p><b>Record</b>: a 12-byte record header, then the body.
 *
 * <ol>
 *   <li>int {@code length}: the body's size in bytes (at least 11);
 *   <li>int CRC32C of the 4 bytes of {@code length} (so a damaged length is never trusted);
 *   <li>int CRC32C of the body;
 *   <li>body: long LSN, byte operation, then the operation's fields.
 * </ol>
 *
 * <p><b>Operations</b>:
 *
 * <ul>
 *   <li>{@code 1} upsert: unsigned short id length + UTF-8 id, int dimension + dimension float32
 *       components, int payload length + payload JSON bytes (length 0 = empty payload);
 *   <li>{@code 2} delete: unsigned short id length + UTF-8 id;
 *   <li>{@code 3} batch (version 2 only): int count (at least 1), then per entry a byte operation
 *       (1 or 2) and that operation's fields. The entries take the LSNs {@code LSN} to {@code LSN +
 *       count - 1}. One checksum covers the whole batch, so a batch is replayed whole or not at
 *       all.
 * </ul>
 *
 * <p>Records follow each other with consecutive LSNs, starting at the file's first LSN.
 *
 * <p>Stateless; thread-safe.
 */
public final class WalFormat {
  /** The version this build writes; it reads 1 and 2. */
  public static final int VERSION = 2;

  static final String MAGIC = "VZWL";
  static final int HEADER = 20;
  static final int RECORD_HEADER = 12;
  static final int MIN_BODY = 8 + 1 + 2;
  static final int BATCH = 3;

  private WalFormat() {}

  /**
   * The file name for a log file starting at an LSN.
   *
   * @param firstLsn the first LSN
   * @return the name
   */
  public static String fileName(long firstLsn) {
    return String.format("%020d.wal", firstLsn);
  }

  /**
   * Whether a file name is a log file's.
   *
   * @param name a file name
   * @return whether it names a log file
   */
  public static boolean isLogFile(String name) {
    return name.length() == 24
        && name.endsWith(".wal")
        && name.chars().limit(20).allMatch(c -> c >= '0' && c <= '9');
  }

  /**
   * The first LSN of a log file, from its name.
   *
   * @param file the file
   * @return the LSN
   */
  public static long firstLsn(Path file) {
    return Long.parseLong(file.getFileName().toString().substring(0, 20));
  }

  /**
   * A file header.
   *
   * @param firstLsn the file's first LSN
   * @return the 20 bytes, ready to write
   */
  static ByteBuffer header(long firstLsn) {
    ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    h.put(MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(VERSION).putLong(firstLsn);
    h.putInt(crc(h.array(), 0, 16)).flip();
    return h;
  }

  /**
   * Checks a file header.
   *
   * @param file the file, for errors
   * @param b the file's bytes (at least {@link #HEADER})
   * @return the first LSN it declares
   * @throws CorruptedDataException when a check fails
   */
  static long checkHeader(Path file, ByteBuffer b) {
    byte[] magic = new byte[4];
    b.get(0, magic);
    byte[] head = new byte[16];
    b.get(0, head);
    if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))
        || b.getInt(16) != crc(head, 0, 16)) {
      throw new CorruptedDataException(file, "bad WAL header");
    }
    int version = b.getInt(4);
    if (version != 1 && version != VERSION) {
      throw new CorruptedDataException(
          file, "WAL format version " + version + " is not supported (this build reads 1 and 2)");
    }
    return b.getLong(8);
  }

  /**
   * Encodes records as one record (a batch when there are several), appending to a buffer.
   *
   * @param records the records
   * @param firstLsn the LSN of the first
   * @param out the buffer, grown when needed
   * @return the buffer holding the encoded record after the previous content
   */
  static ByteBuffer encode(List<WalRecord> records, long firstLsn, ByteBuffer out) {
    int body = 8 + 1;
    List<byte[]> ids = new ArrayList<>(records.size());
    List<byte[]> payloads = new ArrayList<>(records.size());
    boolean batch = records.size() > 1;
    if (batch) {
      body += 4;
    }
    for (WalRecord r : records) {
      byte[] id = r.id().getBytes(StandardCharsets.UTF_8);
      byte[] payload = r.op() == WalRecord.UPSERT ? PayloadCodec.encode(r.payload()) : null;
      ids.add(id);
      payloads.add(payload);
      body += (batch ? 1 : 0) + 2 + id.length;
      if (payload != null) {
        body += 4 + 4 * r.vector().length + 4 + payload.length;
      }
    }
    out = ensure(out, RECORD_HEADER + body);
    int start = out.position();
    out.putInt(body);
    out.putInt(crc(out.array(), start, 4)).putInt(0).putLong(firstLsn);
    out.put((byte) (batch ? BATCH : records.get(0).op()));
    if (batch) {
      out.putInt(records.size());
    }
    for (int i = 0; i < records.size(); i++) {
      WalRecord r = records.get(i);
      if (batch) {
        out.put((byte) r.op());
      }
      out.putShort((short) ids.get(i).length).put(ids.get(i));
      if (r.op() == WalRecord.UPSERT) {
        out.putInt(r.vector().length);
        for (float f : r.vector()) {
          out.putFloat(f);
        }
        out.putInt(payloads.get(i).length).put(payloads.get(i));
      }
    }
    out.putInt(start + 8, crc(out.array(), start + RECORD_HEADER, body));
    return out;
  }

  private static ByteBuffer ensure(ByteBuffer b, int n) {
    if (b.remaining() >= n) {
      return b;
    }
    ByteBuffer bigger =
        ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + n))
            .order(ByteOrder.LITTLE_ENDIAN);
    b.flip();
    bigger.put(b);
    return bigger;
  }

  /**
   * Checks the record at a position without decoding it.
   *
   * @param b the file's bytes
   * @param pos where the record header starts
   * @return the record's total size (header + body), or -1 when it is not a whole, intact record
   */
  static int wholeRecordAt(ByteBuffer b, int pos) {
    int limit = b.limit();
    if (limit - pos < RECORD_HEADER) {
      return -1;
    }
    byte[] a = b.array();
    int len = b.getInt(pos);
    if (len < MIN_BODY
        || len > limit - pos - RECORD_HEADER
        || crc(a, pos, 4) != b.getInt(pos + 4)) {
      return -1;
    }
    if (crc(a, pos + RECORD_HEADER, len) != b.getInt(pos + 8)) {
      return -1;
    }
    return RECORD_HEADER + len;
  }

  /**
   * Decodes an intact record (checked by {@link #wholeRecordAt}).
   *
   * @param b the file's bytes
   * @param pos where the record header starts
   * @param file the file, for errors
   * @return the operations it holds, in LSN order
   * @throws CorruptedDataException when its content is malformed
   */
  static List<WalRecord> decode(ByteBuffer b, int pos, Path file) {
    int len = b.getInt(pos);
    try {
      ByteBuffer r = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      r.position(pos + RECORD_HEADER).limit(pos + RECORD_HEADER + len);
      long lsn = r.getLong();
      int op = r.get();
      if (op != BATCH) {
        List<WalRecord> one = List.of(operation(r, op, lsn, file));
        checkConsumed(r, file, pos);
        return one;
      }
      int count = r.getInt();
      if (count < 1 || count > len) {
        throw new CorruptedDataException(
            file, "WAL batch at offset " + pos + " has " + count + " entries");
      }
      List<WalRecord> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        out.add(operation(r, r.get(), lsn + i, file));
      }
      checkConsumed(r, file, pos);
      return out;
    } catch (CorruptedDataException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CorruptedDataException(file, "malformed WAL record at offset " + pos, e);
    }
  }

  private static void checkConsumed(ByteBuffer r, Path file, int pos) {
    if (r.hasRemaining()) {
      throw new CorruptedDataException(
          file,
          "WAL record at offset " + pos + " has " + r.remaining() + " bytes after its fields");
    }
  }

  private static WalRecord operation(ByteBuffer r, int op, long lsn, Path file) {
    byte[] id = new byte[Short.toUnsignedInt(r.getShort())];
    r.get(id);
    String sid = new String(id, StandardCharsets.UTF_8);
    try {
      Point.checkId(sid);
    } catch (IllegalArgumentException e) {
      throw new CorruptedDataException(file, "a WAL record holds a bad id: " + e.getMessage());
    }
    if (op == WalRecord.DELETE) {
      return new WalRecord(lsn, op, sid, null, null);
    }
    if (op != WalRecord.UPSERT) {
      throw new CorruptedDataException(file, "unknown WAL operation " + op);
    }
    int dim = r.getInt();
    if (dim < 1 || dim > r.remaining() / 4) {
      throw new CorruptedDataException(file, "WAL upsert of '" + sid + "' has dimension " + dim);
    }
    float[] v = new float[dim];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.getFloat();
      if (!Float.isFinite(v[i])) {
        throw new CorruptedDataException(
            file, "WAL upsert of '" + sid + "' has component " + i + " = " + v[i]);
      }
    }
    int n = r.getInt();
    if (n < 0 || n > r.remaining()) {
      throw new CorruptedDataException(file, "WAL upsert of '" + sid + "' has payload length " + n);
    }
    byte[] payload = new byte[n];
    r.get(payload);
    return new WalRecord(lsn, op, sid, v, PayloadCodec.decode(payload, file));
  }

  static int crc(byte[] a, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(a, off, len);
    return (int) c.getValue();
  }
}
