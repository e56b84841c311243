package dev.vectorizer.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The backup catalog's file format, {@code DATA/backup-catalog.jsonl}: an append-only log of UTF-8
 * lines, each
 *
 * <pre>
 * CRC SP JSON LF
 * </pre>
 *
 * where {@code CRC} is the CRC32C of the JSON's bytes as 8 lowercase hex digits and {@code JSON} is
 * one object on one line with an {@code op} field. The first record is {@code
 * {"op":"catalog","format":1,"store":"<id>"}}; the others are described in {@link BackupCatalog}.
 *
 * <p>Appends are written at the end of the last whole line and forced to disk before the operation
 * they record returns. A crash during an append leaves a torn tail: bytes after the last newline,
 * or a last line whose CRC fails. Readers ignore a torn tail; the writer cuts it off before its
 * next append. A bad line anywhere else means the file was damaged: {@link #read} reports its
 * number and the caller rebuilds (see {@link BackupCatalog}). Rewrites (a rebuild or a compaction)
 * go to a temporary file that is forced and then renamed over the catalog.
 *
 * <p>Not thread-safe: the caller serialises writers (one process holds the store's write lock; in
 * it, {@link BackupCatalog} holds a lock per file).
 */
final class CatalogFile {
  static final String NAME = "backup-catalog.jsonl";
  static final int FORMAT = 1;

  private CatalogFile() {}

  /**
   * What a read found.
   *
   * @param records the intact records, in order, with their 1-based line numbers
   * @param damagedLines the 1-based numbers of bad lines other than a torn tail
   * @param validLength the offset just past the last intact line (where the next append goes)
   * @param length the file's length
   */
  record Contents(List<Line> records, List<Integer> damagedLines, long validLength, long length) {
    static final Contents EMPTY = new Contents(List.of(), List.of(), 0, 0);

    boolean tornTail() {
      return length > validLength && damagedLines.isEmpty();
    }
  }

  /** An intact record and its line number. */
  record Line(int number, ObjectNode record) {}

  /** Reads the catalog; a missing file reads as empty. */
  static Contents read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Contents.EMPTY;
    }
    List<Line> records = new ArrayList<>();
    List<Integer> damaged = new ArrayList<>();
    long validLength = 0;
    int start = 0;
    int lineNo = 0;
    boolean pendingBad = false; // the last complete line was bad: a torn tail unless more follow
    int pendingBadLine = 0;
    while (start < bytes.length) {
      int end = indexOf(bytes, (byte) '\n', start);
      if (end < 0) {
        break; // bytes after the last newline: a torn append
      }
      lineNo++;
      if (pendingBad) {
        damaged.add(pendingBadLine);
        pendingBad = false;
      }
      ObjectNode rec = parse(bytes, start, end);
      if (rec == null) {
        pendingBad = true;
        pendingBadLine = lineNo;
      } else {
        records.add(new Line(lineNo, rec));
        if (damaged.isEmpty()) {
          validLength = end + 1L;
        }
      }
      start = end + 1;
    }
    if (!damaged.isEmpty()) {
      validLength = bytes.length; // never append after damage: the caller rebuilds
    }
    return new Contents(List.copyOf(records), List.copyOf(damaged), validLength, bytes.length);
  }

  private static ObjectNode parse(byte[] b, int start, int end) {
    int sp = start + 8;
    if (end - start < 10 || b[sp] != ' ') {
      return null;
    }
    long want;
    try {
      want = Long.parseLong(new String(b, start, 8, StandardCharsets.US_ASCII), 16);
    } catch (NumberFormatException e) {
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(b, sp + 1, end - sp - 1);
    if (crc.getValue() != want) {
      return null;
    }
    try {
      JsonNode n = Archive.JSON.readTree(b, sp + 1, end - sp - 1);
      return n instanceof ObjectNode o && o.path("op").isTextual() ? o : null;
    } catch (JsonProcessingException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static int indexOf(byte[] b, byte x, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  static byte[] line(ObjectNode record) throws IOException {
    byte[] json = Archive.JSON.writeValueAsBytes(record);
    CRC32C crc = new CRC32C();
    crc.update(json);
    String prefix = HexFormat.of().toHexDigits((int) crc.getValue()) + " ";
    byte[] out = new byte[prefix.length() + json.length + 1];
    System.arraycopy(prefix.getBytes(StandardCharsets.US_ASCII), 0, out, 0, prefix.length());
    System.arraycopy(json, 0, out, prefix.length(), json.length);
    out[out.length - 1] = '\n';
    return out;
  }

  /**
   * Appends records at {@code validLength} (cutting a torn tail off first) and forces them to disk.
   */
  static long append(Path file, long validLength, List<ObjectNode> records) throws IOException {
    boolean created = !Files.exists(file);
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      if (ch.size() > validLength) {
        ch.truncate(validLength);
      }
      long at = validLength;
      for (ObjectNode r : records) {
        ByteBuffer buf = ByteBuffer.wrap(line(r));
        while (buf.hasRemaining()) {
          at += ch.write(buf, at);
        }
      }
      ch.force(false);
      if (created) {
        fsyncDirectory(file.toAbsolutePath().getParent());
      }
      return at;
    }
  }

  /** Replaces the catalog with these records: temporary file, force, rename, directory fsync. */
  static void rewrite(Path file, List<ObjectNode> records) throws IOException {
    Path tmp = file.resolveSibling(NAME + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      for (ObjectNode r : records) {
        ByteBuffer buf = ByteBuffer.wrap(line(r));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    fsyncDirectory(file.toAbsolutePath().getParent());
  }

  /** Makes a rename or a new file in {@code dir} durable (a no-op where directories cannot be). */
  static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Windows cannot open directories; the rename is still atomic there.
    }
  }
}
