package dev.vectorizer.internal.storage;

import dev.vectorizer.CorruptedDataException;
import dev.vectorizer.Durability;
import dev.vectorizer.VectorizerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collection's write-ahead log: append-only files in {@code wal/}, named by the first LSN they
 * may hold ({@code 00000000000000000001.wal}).
 *
 * <p>File format (little-endian): header = magic {@code VZWL}, int version (1), long first LSN, int
 * CRC32C of the preceding 16 bytes; then records. Record = int {@code length} (bytes after the CRC
 * field), int CRC32C (of those bytes), long LSN, byte op, body. Upsert body: unsigned short id
 * length + UTF-8 id, int dimension + float32 components, int payload length + JSON bytes. Delete
 * body: unsigned short id length + UTF-8 id.
 *
 * <p>Recovery: records are read in LSN order. A record that runs past the end of the last file is a
 * torn write from a crash: the log is cut back to the last whole record. A record whose checksum
 * fails while lying wholly inside its file, or any damage in an older file, is corruption and is
 * reported naming the file: acknowledged data would be lost otherwise.
 *
 * <p>Concurrency: {@link #append} is serialised by this object's monitor; {@link #sync} implements
 * group commit (one {@code fsync} covers every record appended before it started, so concurrent
 * writers share it). After an I/O failure the log refuses further appends: the store stays
 * readable, and reopening it recovers to the last whole record.
 */
public final class WriteAheadLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);
  static final int VERSION = 1;
  private static final int HEADER = 20;
  private static final int RECORD_HEADER = 12;
  private static final long ROTATE_BYTES = 64L << 20;

  private final Path dir;
  private final Durability durability;
  private final WalOutput.Factory outputs;
  private final Object syncLock = new Object();
  private WalOutput out;
  private long fileBytes;
  private long nextLsn;
  private volatile long appendedLsn;
  private volatile long durableLsn;
  private volatile IOException failure;
  private ByteBuffer scratch = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

  private WriteAheadLog(Path dir, Durability durability, WalOutput.Factory outputs, long nextLsn) {
    this.dir = dir;
    this.durability = durability;
    this.outputs = outputs;
    this.nextLsn = nextLsn;
    this.appendedLsn = nextLsn - 1;
    this.durableLsn = nextLsn - 1;
  }

  /**
   * Opens the log for appending after recovery: starts a new file at {@code nextLsn}.
   *
   * @param dir the {@code wal/} directory
   * @param durability when appends are synced
   * @param outputs how files are opened
   * @param nextLsn the LSN of the next record
   * @return the log
   * @throws IOException on failure
   */
  public static WriteAheadLog openForAppend(
      Path dir, Durability durability, WalOutput.Factory outputs, long nextLsn) throws IOException {
    Files.createDirectories(dir);
    WriteAheadLog log = new WriteAheadLog(dir, durability, outputs, nextLsn);
    log.startFile(nextLsn);
    return log;
  }

  private void startFile(long firstLsn) throws IOException {
    Path file = dir.resolve(fileName(firstLsn));
    if (Files.exists(file)) {
      if (Files.size(file) > HEADER) {
        throw new IllegalStateException(file + " already holds records; LSNs would overlap");
      }
      Files.delete(file); // an empty file left by the previous open: start it again
    }
    WalOutput o = outputs.create(file);
    ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    header.put("VZWL".getBytes(StandardCharsets.US_ASCII)).putInt(VERSION).putLong(firstLsn);
    CRC32C crc = new CRC32C();
    crc.update(header.array(), 0, 16);
    header.putInt((int) crc.getValue()).flip();
    o.write(header);
    o.force();
    FileIo.fsyncDirectory(dir);
    out = o;
    fileBytes = HEADER;
  }

  static String fileName(long firstLsn) {
    return String.format("%020d.wal", firstLsn);
  }

  /**
   * Appends records, assigning consecutive LSNs, and hands them to the operating system. Call
   * {@link #sync(long)} before acknowledging them.
   *
   * @param records the records
   * @return the LSNs assigned, in order
   * @throws VectorizerException when the write fails (the log then refuses further appends)
   */
  public synchronized long[] append(List<WalRecord> records) {
    if (failure != null) {
      throw new VectorizerException(
          "the write-ahead log in " + dir + " failed earlier; reopen the store to recover",
          failure);
    }
    long[] lsns = new long[records.size()];
    scratch.clear();
    for (int i = 0; i < records.size(); i++) {
      lsns[i] = nextLsn + i;
      encode(records.get(i), lsns[i]);
    }
    scratch.flip();
    try {
      out.write(scratch);
    } catch (IOException e) {
      failure = e;
      throw new VectorizerException(
          "write to the write-ahead log in " + dir + " failed: " + e.getMessage(), e);
    }
    fileBytes += scratch.limit();
    nextLsn += records.size();
    appendedLsn = nextLsn - 1;
    return lsns;
  }

  private void encode(WalRecord r, long lsn) {
    byte[] id = r.id().getBytes(StandardCharsets.UTF_8);
    byte[] payload = r.op() == WalRecord.UPSERT ? PayloadCodec.encode(r.payload()) : null;
    int body = 8 + 1 + 2 + id.length;
    if (r.op() == WalRecord.UPSERT) {
      body += 4 + 4 * r.vector().length + 4 + payload.length;
    }
    ensure(RECORD_HEADER + body);
    int start = scratch.position();
    scratch.putInt(body);
    CRC32C lengthCrc = new CRC32C();
    lengthCrc.update(scratch.array(), start, 4);
    scratch.putInt((int) lengthCrc.getValue()).putInt(0).putLong(lsn).put((byte) r.op());
    scratch.putShort((short) id.length).put(id);
    if (r.op() == WalRecord.UPSERT) {
      scratch.putInt(r.vector().length);
      for (float f : r.vector()) {
        scratch.putFloat(f);
      }
      scratch.putInt(payload.length).put(payload);
    }
    CRC32C crc = new CRC32C();
    crc.update(scratch.array(), start + RECORD_HEADER, body);
    scratch.putInt(start + 8, (int) crc.getValue());
  }

  private void ensure(int n) {
    if (scratch.remaining() < n) {
      ByteBuffer bigger =
          ByteBuffer.allocate(Math.max(scratch.capacity() * 2, scratch.position() + n))
              .order(ByteOrder.LITTLE_ENDIAN);
      scratch.flip();
      bigger.put(scratch);
      scratch = bigger;
    }
  }

  /**
   * Makes every record up to {@code lsn} durable, as the durability setting says: with {@link
   * Durability#FSYNC}, one caller forces the file for everyone waiting (group commit).
   *
   * @param lsn the LSN to cover
   */
  public void sync(long lsn) {
    if (durability == Durability.NONE || durableLsn >= lsn) {
      return;
    }
    synchronized (syncLock) {
      if (durableLsn >= lsn) {
        return;
      }
      long target;
      WalOutput o;
      synchronized (this) {
        target = appendedLsn;
        o = out;
      }
      try {
        o.force();
      } catch (IOException e) {
        failure = e;
        throw new VectorizerException(
            "fsync of the write-ahead log in " + dir + " failed: " + e.getMessage(), e);
      }
      durableLsn = target;
    }
  }

  /**
   * Whether the current file is large enough to start a new one at the next checkpoint.
   *
   * @return whether to rotate
   */
  public synchronized boolean wantsRotation() {
    return fileBytes >= ROTATE_BYTES;
  }

  /**
   * The last LSN appended.
   *
   * @return the LSN
   */
  public long lastLsn() {
    return appendedLsn;
  }

  /**
   * Starts a new file (callers hold the collection's exclusive lock, so nothing is appended
   * concurrently) and deletes the files that hold only records up to {@code coveredLsn}.
   *
   * @param coveredLsn the LSN the manifest now covers
   * @throws IOException on failure
   */
  public synchronized void rotateAndTrim(long coveredLsn) throws IOException {
    if (failure != null) {
      throw new IOException("the write-ahead log failed earlier", failure);
    }
    if (fileBytes > HEADER) {
      out.force();
      out.close();
      startFile(nextLsn);
    }
    durableLsn = appendedLsn;
    List<Path> files = list(dir);
    for (int i = 0; i < files.size() - 1; i++) {
      long nextFirst = firstLsn(files.get(i + 1));
      if (nextFirst - 1 <= coveredLsn) {
        Files.deleteIfExists(files.get(i));
      }
    }
    FileIo.fsyncDirectory(dir);
  }

  @Override
  public synchronized void close() throws IOException {
    if (out != null) {
      try {
        if (failure == null) {
          out.force();
        }
      } finally {
        out.close();
        out = null;
      }
    }
  }

  static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("\\d{20}\\.wal")).sorted().toList();
    }
  }

  private static long firstLsn(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(0, 20));
  }

  /**
   * Replays the records after {@code afterLsn}, in order.
   *
   * @param opener opens the files
   * @param dir the {@code wal/} directory
   * @param afterLsn the LSN the manifest covers
   * @param repair whether a torn tail may be cut off (false for read-only opens)
   * @param consumer receives each record
   * @return the last LSN seen (or {@code afterLsn} when none)
   * @throws IOException on read failure
   * @throws CorruptedDataException naming a damaged file
   */
  public static long replay(
      FileOpener opener, Path dir, long afterLsn, boolean repair, Consumer<WalRecord> consumer)
      throws IOException {
    // The opener's listing: for a read-only snapshot, the WAL files as they were when it pinned
    // them (a checkpoint since may have deleted some; they are still readable through it).
    List<Path> files =
        opener.list(dir).stream()
            .filter(p -> p.getFileName().toString().matches("\\d{20}\\.wal"))
            .sorted()
            .toList();
    long last = afterLsn;
    for (int f = 0; f < files.size(); f++) {
      Path file = files.get(f);
      boolean lastFile = f == files.size() - 1;
      if (!lastFile && firstLsn(files.get(f + 1)) - 1 <= afterLsn) {
        continue; // every record of this file is already in the segments
      }
      byte[] bytes;
      try {
        try (FileChannel ch = opener.open(file)) {
          ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(ch.size()));
          while (all.hasRemaining() && ch.read(all, all.position()) >= 0) {
            // positional reads until full
          }
          bytes = all.array();
        }
      } catch (NoSuchFileException e) {
        continue; // trimmed by a writer while a reader lists the directory
      }
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      if (bytes.length < HEADER) {
        if (lastFile) {
          LOG.warn("{}: torn header from a crash; ignoring the file", file);
          if (repair) {
            Files.delete(file);
          }
          continue;
        }
        throw new CorruptedDataException(file, "WAL header is truncated");
      }
      CRC32C hcrc = new CRC32C();
      hcrc.update(bytes, 0, 16);
      if (!"VZWL".equals(new String(bytes, 0, 4, StandardCharsets.US_ASCII))
          || b.getInt(16) != (int) hcrc.getValue()) {
        throw new CorruptedDataException(file, "bad WAL header");
      }
      if (b.getInt(4) != VERSION) {
        throw new CorruptedDataException(
            file, "WAL format version " + b.getInt(4) + " is not supported");
      }
      long expectedLsn = b.getLong(8);
      int pos = HEADER;
      while (pos < bytes.length) {
        boolean headerWhole = bytes.length - pos >= RECORD_HEADER;
        if (headerWhole) {
          CRC32C lengthCrc = new CRC32C();
          lengthCrc.update(bytes, pos, 4);
          if ((int) lengthCrc.getValue() != b.getInt(pos + 4)) {
            throw new CorruptedDataException(
                file, "checksum mismatch in the record header at offset " + pos);
          }
        }
        if (!headerWhole || pos + (long) RECORD_HEADER + b.getInt(pos) > bytes.length) {
          if (!lastFile) {
            throw new CorruptedDataException(file, "record at offset " + pos + " is truncated");
          }
          LOG.warn(
              "{}: cutting a torn record at offset {} ({} bytes) left by a crash",
              file,
              pos,
              bytes.length - pos);
          if (repair) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
              ch.truncate(pos);
              ch.force(true);
            }
          }
          break;
        }
        int len = b.getInt(pos);
        if (len < 11) {
          throw new CorruptedDataException(file, "record at offset " + pos + " has length " + len);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, pos + RECORD_HEADER, len);
        if ((int) crc.getValue() != b.getInt(pos + 8)) {
          throw new CorruptedDataException(
              file, "checksum mismatch in the record at offset " + pos);
        }
        WalRecord r = decode(b, pos + RECORD_HEADER, len, file);
        if (r.lsn() != expectedLsn) {
          throw new CorruptedDataException(
              file,
              "record at offset " + pos + " has LSN " + r.lsn() + ", expected " + expectedLsn);
        }
        expectedLsn++;
        if (r.lsn() > afterLsn) {
          if (r.lsn() != last + 1) {
            throw new CorruptedDataException(
                file, "the log misses records: expected LSN " + (last + 1) + ", found " + r.lsn());
          }
          consumer.accept(r);
          last = r.lsn();
        }
        pos += RECORD_HEADER + len;
      }
    }
    return last;
  }

  private static WalRecord decode(ByteBuffer b, int pos, int len, Path file) {
    try {
      ByteBuffer r = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      r.position(pos).limit(pos + len);
      long lsn = r.getLong();
      int op = r.get();
      byte[] id = new byte[Short.toUnsignedInt(r.getShort())];
      r.get(id);
      String sid = new String(id, StandardCharsets.UTF_8);
      if (op == WalRecord.DELETE) {
        return new WalRecord(lsn, op, sid, null, null);
      }
      if (op != WalRecord.UPSERT) {
        throw new CorruptedDataException(file, "unknown WAL operation " + op);
      }
      float[] v = new float[r.getInt()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.getFloat();
      }
      byte[] payload = new byte[r.getInt()];
      r.get(payload);
      return new WalRecord(lsn, op, sid, v, PayloadCodec.decode(payload, file));
    } catch (RuntimeException e) {
      if (e instanceof CorruptedDataException c) {
        throw c;
      }
      throw new CorruptedDataException(
          file, "malformed WAL record at offset " + (pos - RECORD_HEADER), e);
    }
  }

  /** Deletes every WAL file (the collection is being dropped). */
  static void deleteAll(Path dir) {
    try {
      for (Path p : list(dir)) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** For tests: the files in order. */
  static List<Path> files(Path dir) throws IOException {
    return new ArrayList<>(list(dir));
  }
}
