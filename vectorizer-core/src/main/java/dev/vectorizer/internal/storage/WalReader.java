package dev.vectorizer.internal.storage;

import dev.vectorizer.CorruptedDataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a collection's write-ahead log ({@link WalFormat}) in LSN order.
 *
 * <p>Recovery rules: records are checked one by one (length checksum, body checksum, consecutive
 * LSNs). Where a file stops holding intact records, the rest of that file is a <em>torn tail</em>
 * (bytes a crash or power loss left after the last whole record: a cut record, zeros, garbage) when
 * no intact record with a later LSN follows in the same file; the tail is ignored and reported,
 * never read. An intact later record after damage means records in the middle were destroyed: that
 * is corruption, reported naming the file and offset, because acknowledged writes would be lost. A
 * gap in LSNs between files is corruption too. Reading never modifies a file; {@link
 * WalWriter#cutTornTail} does, on request.
 *
 * <p>Stateless; thread-safe.
 */
public final class WalReader {
  private static final Logger LOG = LoggerFactory.getLogger(WalReader.class);

  private WalReader() {}

  /**
   * Where a file's intact records end and how many bytes follow them.
   *
   * @param file the file
   * @param offset the first byte not read
   * @param bytes the bytes ignored
   */
  public record TornTail(Path file, long offset, long bytes) {}

  /**
   * The outcome of a replay.
   *
   * @param lastLsn the last LSN read (or the {@code afterLsn} given when none was newer)
   * @param records operations handed to the consumer
   * @param tornTails the ignored tails, oldest file first
   */
  public record Result(long lastLsn, long records, List<TornTail> tornTails) {}

  /**
   * The log files of a directory, in LSN order.
   *
   * @param opener lists the directory
   * @param dir the {@code wal/} directory
   * @return the files
   * @throws IOException when the directory cannot be listed
   */
  public static List<Path> files(FileOpener opener, Path dir) throws IOException {
    return opener.list(dir).stream()
        .filter(p -> WalFormat.isLogFile(p.getFileName().toString()))
        .sorted()
        .toList();
  }

  /**
   * Replays the records after {@code afterLsn}, in order.
   *
   * @param opener opens the files (a read-only snapshot lists the files it pinned)
   * @param dir the {@code wal/} directory
   * @param afterLsn the LSN the segments already cover
   * @param consumer receives the newer operations of each record, in order (a logged batch at once)
   * @return what was read
   * @throws IOException on read failure
   * @throws CorruptedDataException naming a damaged file
   */
  public static Result replay(
      FileOpener opener, Path dir, long afterLsn, Consumer<List<WalRecord>> consumer)
      throws IOException {
    return replay(opener, dir, afterLsn, 0, consumer);
  }

  /**
   * Replays the records after {@code afterLsn}, in order, checking each upsert's dimension. A
   * record the consumer refuses with an {@link IllegalArgumentException} is reported as damage of
   * its file at its offset, like any other malformed record.
   *
   * @param opener opens the files (a read-only snapshot lists the files it pinned)
   * @param dir the {@code wal/} directory
   * @param afterLsn the LSN the segments already cover
   * @param dimension the collection's dimension (0: any)
   * @param consumer receives the newer operations of each record, in order (a logged batch at once)
   * @return what was read
   * @throws IOException on read failure
   * @throws CorruptedDataException naming a damaged file
   */
  public static Result replay(
      FileOpener opener, Path dir, long afterLsn, int dimension, Consumer<List<WalRecord>> consumer)
      throws IOException {
    List<Path> files = files(opener, dir);
    long last = afterLsn;
    long count = 0;
    List<TornTail> torn = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      Path file = files.get(f);
      if (f + 1 < files.size() && WalFormat.firstLsn(files.get(f + 1)) - 1 <= afterLsn) {
        continue; // every record of this file is already in the segments
      }
      ByteBuffer b;
      try {
        b = readAll(opener, file);
      } catch (NoSuchFileException e) {
        continue; // trimmed by a writer while a reader lists the directory
      }
      if (b.limit() < WalFormat.HEADER) {
        if (f + 1 < files.size()) {
          throw new WalDamageException(file, 0, "WAL header is truncated");
        }
        if (b.limit() > 0) {
          torn.add(new TornTail(file, 0, b.limit()));
        }
        continue; // a file whose header a crash cut: it holds nothing
      }
      long expected;
      try {
        expected = WalFormat.checkHeader(file, b);
      } catch (CorruptedDataException e) {
        throw new WalDamageException(file, 0, detail(e));
      }
      if (expected != WalFormat.firstLsn(file)) {
        throw new WalDamageException(
            file, 0, "header says first LSN " + expected + ", the file name says otherwise");
      }
      int pos = WalFormat.HEADER;
      while (pos < b.limit()) {
        int size = WalFormat.wholeRecordAt(b, pos);
        if (size < 0) {
          int later = intactRecordAfter(b, pos, expected);
          if (later >= 0) {
            throw new WalDamageException(
                file,
                pos,
                "the record at offset "
                    + pos
                    + " is damaged but intact records follow at offset "
                    + later
                    + ": records in the middle of the log were lost (see `vectorizer check`)");
          }
          TornTail t = new TornTail(file, pos, b.limit() - pos);
          LOG.warn(
              "{}: ignoring {} bytes after the last whole record (offset {}): a torn tail left by"
                  + " a crash",
              file,
              t.bytes(),
              pos);
          torn.add(t);
          break;
        }
        List<WalRecord> ops;
        try {
          ops = WalFormat.decode(b, pos, file);
        } catch (CorruptedDataException e) {
          throw new WalDamageException(file, pos, detail(e));
        }
        if (ops.get(0).lsn() != expected) {
          throw new WalDamageException(
              file,
              pos,
              "record at offset "
                  + pos
                  + " has LSN "
                  + ops.get(0).lsn()
                  + ", expected "
                  + expected);
        }
        List<WalRecord> newer = new ArrayList<>(ops.size());
        for (WalRecord r : ops) {
          if (r.lsn() > afterLsn) {
            if (r.lsn() != last + 1) {
              throw new WalDamageException(
                  file,
                  pos,
                  "the log misses records: expected LSN " + (last + 1) + ", found " + r.lsn());
            }
            if (r.vector() != null && dimension > 0 && r.vector().length != dimension) {
              throw new WalDamageException(
                  file,
                  pos,
                  "the record at offset "
                      + pos
                      + " upserts '"
                      + r.id()
                      + "' with dimension "
                      + r.vector().length
                      + ", the collection has "
                      + dimension);
            }
            newer.add(r);
            last = r.lsn();
          }
        }
        if (!newer.isEmpty()) {
          try {
            consumer.accept(newer);
          } catch (IllegalArgumentException e) {
            throw new WalDamageException(
                file, pos, "the record at offset " + pos + " cannot be applied: " + e.getMessage());
          }
          count += newer.size();
        }
        expected += ops.size();
        pos += size;
      }
    }
    return new Result(last, count, List.copyOf(torn));
  }

  /**
   * Finds an intact record at or after {@code from + 1} whose LSN is at least {@code minLsn}:
   * evidence that damage at {@code from} is not a torn tail.
   */
  private static int intactRecordAfter(ByteBuffer b, int from, long minLsn) {
    for (int p = from + 1; p + WalFormat.RECORD_HEADER <= b.limit(); p++) {
      if (WalFormat.wholeRecordAt(b, p) > 0 && b.getLong(p + WalFormat.RECORD_HEADER) >= minLsn) {
        return p;
      }
    }
    return -1;
  }

  /** A corruption message without its "corrupted file X: " prefix. */
  private static String detail(CorruptedDataException e) {
    String prefix = "corrupted file " + e.file() + ": ";
    String m = e.getMessage();
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  private static ByteBuffer readAll(FileOpener opener, Path file) throws IOException {
    try (FileChannel ch = opener.open(file)) {
      ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(ch.size()));
      while (all.hasRemaining() && ch.read(all, all.position()) >= 0) {
        // positional reads until full
      }
      all.flip();
      return all.order(ByteOrder.LITTLE_ENDIAN);
    }
  }
}
