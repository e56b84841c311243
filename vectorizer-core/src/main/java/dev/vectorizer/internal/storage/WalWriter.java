package dev.vectorizer.internal.storage;

import dev.vectorizer.Durability;
import dev.vectorizer.VectorizerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Appends to a collection's write-ahead log ({@link WalFormat}).
 *
 * <p>Each {@link #append} is one record (a batch record when it holds several operations), so a
 * batch is durable whole or not at all. The current file is created on the first append after open
 * or rotation, so opening a store on a full disk writes nothing.
 *
 * <p>Failures: when writing a record fails (a full disk), the file is cut back to where the record
 * began and the log stays usable: nothing of the batch is stored, and the caller is told so. When
 * that cut fails too, or an {@code fsync} fails (after which the page cache cannot be trusted), the
 * log refuses further appends; the store stays readable, and reopening it recovers to the last
 * whole record.
 *
 * <p>Concurrency: {@link #append} is serialised by this object's monitor; {@link #sync} implements
 * group commit (one {@code fsync} covers every record appended before it started, so concurrent
 * writers share it) under a sync lock taken before the monitor; rotation and close take both, so
 * they never close a file while it is being forced, and the durable LSN only grows.
 */
public final class WalWriter implements AutoCloseable {
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
  private final LongAdder bytesWritten = new LongAdder();
  private final LongAdder syncs = new LongAdder();
  private final LongAdder syncNanos = new LongAdder();

  /**
   * Opens the log for appending after recovery; the first append starts a new file at {@code
   * nextLsn}.
   *
   * @param dir the {@code wal/} directory (created when missing)
   * @param durability when appends are synced
   * @param outputs how files are opened
   * @param nextLsn the LSN of the next record
   */
  public WalWriter(Path dir, Durability durability, WalOutput.Factory outputs, long nextLsn) {
    this.dir = dir;
    this.durability = durability;
    this.outputs = outputs;
    this.nextLsn = nextLsn;
    this.appendedLsn = nextLsn - 1;
    this.durableLsn = nextLsn - 1;
  }

  private void startFile(long firstLsn) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(WalFormat.fileName(firstLsn));
    if (Files.exists(file)) {
      // Left by a crash: recovery read no intact record from it (else the next LSN would be
      // higher), so it holds at most a torn header or a torn first record. Keep those bytes aside.
      if (Files.size(file) > WalFormat.HEADER) {
        Files.move(
            file,
            file.resolveSibling(file.getFileName() + ".torn-" + WalFormat.HEADER),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.delete(file);
      }
    }
    WalOutput o = outputs.create(file);
    try {
      o.write(WalFormat.header(firstLsn));
      o.force();
      FileIo.fsyncDirectory(dir);
    } catch (IOException e) {
      o.close();
      Files.deleteIfExists(file);
      throw e;
    }
    out = o;
    fileBytes = WalFormat.HEADER;
  }

  /**
   * Appends operations as one record, assigning consecutive LSNs, and hands it to the operating
   * system. Call {@link #sync(long)} before acknowledging them.
   *
   * @param records the operations, at least one
   * @return the LSN of the last
   * @throws VectorizerException when the write fails; it says whether the log is still usable
   */
  public synchronized long append(List<WalRecord> records) {
    if (failure != null) {
      throw new VectorizerException(
          "the write-ahead log in "
              + dir
              + " failed earlier ("
              + failure.getMessage()
              + "); reopen the store to recover",
          failure);
    }
    scratch.clear();
    scratch = WalFormat.encode(records, nextLsn, scratch);
    scratch.flip();
    int size = scratch.limit();
    try {
      if (out == null) {
        startFile(nextLsn);
      }
      out.write(scratch);
    } catch (IOException e) {
      throw writeFailed(e, records.size());
    }
    fileBytes += size;
    bytesWritten.add(size);
    nextLsn += records.size();
    appendedLsn = nextLsn - 1;
    return appendedLsn;
  }

  private VectorizerException writeFailed(IOException e, int operations) {
    String what =
        operations == 1
            ? "the operation was"
            : "none of the " + operations + " operations in the batch were";
    if (out != null) {
      try {
        out.truncate(fileBytes);
      } catch (IOException cut) {
        e.addSuppressed(cut);
        failure = e;
        return new VectorizerException(
            "write to the write-ahead log in "
                + dir
                + " failed ("
                + e.getMessage()
                + "); "
                + what
                + " stored, and the log refuses writes until the store is reopened",
            e);
      }
    }
    return new VectorizerException(
        "write to the write-ahead log in "
            + dir
            + " failed ("
            + e.getMessage()
            + "); "
            + what
            + " stored",
        e);
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
        if (o == null) { // a rotation forced and closed the file that held these records
          durableLsn = Math.max(durableLsn, target);
          return;
        }
      }
      long start = System.nanoTime();
      try {
        o.force();
      } catch (IOException e) {
        failure = e;
        throw new VectorizerException(
            "fsync of the write-ahead log in " + dir + " failed: " + e.getMessage(), e);
      }
      syncs.increment();
      syncNanos.add(System.nanoTime() - start);
      durableLsn = Math.max(durableLsn, target); // a rotation meanwhile may have gone further
    }
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
   * Bytes in log files that are not trimmed yet, roughly: what a reopen would replay.
   *
   * @return the bytes of the current file
   */
  public synchronized long currentFileBytes() {
    return out == null ? 0 : fileBytes;
  }

  /**
   * Counters for monitoring.
   *
   * @return bytes appended, fsyncs done and their total time, since open
   */
  public Counters counters() {
    return new Counters(bytesWritten.sum(), syncs.sum(), syncNanos.sum());
  }

  /**
   * Write-ahead-log counters.
   *
   * @param bytes bytes appended since open
   * @param syncs fsyncs since open
   * @param syncNanos their total duration
   */
  public record Counters(long bytes, long syncs, long syncNanos) {}

  /**
   * Ends the current file (callers hold the collection's exclusive lock, so nothing is appended
   * concurrently) and deletes the files that hold only records up to {@code coveredLsn}.
   *
   * @param coveredLsn the LSN the manifest now covers
   * @throws IOException on failure
   */
  public void rotateAndTrim(long coveredLsn) throws IOException {
    // An fsync in progress (outside this object's monitor) finishes before the file is closed.
    synchronized (syncLock) {
      synchronized (this) {
        rotateAndTrimLocked(coveredLsn);
      }
    }
  }

  private void rotateAndTrimLocked(long coveredLsn) throws IOException {
    if (failure != null) {
      throw new IOException("the write-ahead log failed earlier", failure);
    }
    if (out != null) {
      out.force();
      out.close();
      out = null;
    }
    durableLsn = appendedLsn;
    List<Path> files = WalReader.files(FileOpener.DIRECT, dir);
    for (int i = 0; i < files.size(); i++) {
      long nextFirst =
          i + 1 < files.size() ? WalFormat.firstLsn(files.get(i + 1)) : appendedLsn + 1;
      if (nextFirst - 1 <= coveredLsn) {
        Files.deleteIfExists(files.get(i));
      }
    }
    if (Files.isDirectory(dir)) {
      FileIo.fsyncDirectory(dir);
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (syncLock) {
      synchronized (this) {
        closeLocked();
      }
    }
  }

  private void closeLocked() throws IOException {
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

  /**
   * Cuts a torn tail off a log file, first copying the bytes cut to {@code <file>.torn-<offset>}
   * next to it. For {@code repair}; never called while a writer appends to the file.
   *
   * @param tail the tail, as {@link WalReader} reported it
   * @return the copy of what was cut
   * @throws IOException on failure
   */
  public static Path cutTornTail(WalReader.TornTail tail) throws IOException {
    Path copy = tail.file().resolveSibling(tail.file().getFileName() + ".torn-" + tail.offset());
    try (FileChannel ch =
            FileChannel.open(tail.file(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel dst =
            FileChannel.open(
                copy,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
      long pos = tail.offset();
      while (pos < ch.size()) {
        pos += ch.transferTo(pos, ch.size() - pos, dst);
      }
      dst.force(true);
      if (tail.offset() < WalFormat.HEADER) {
        ch.truncate(0);
      } else {
        ch.truncate(tail.offset());
      }
      ch.force(true);
    }
    if (tail.offset() < WalFormat.HEADER) {
      Files.delete(tail.file()); // nothing but a cut header: the file held no record
    }
    FileIo.fsyncDirectory(tail.file().getParent());
    return copy;
  }
}
