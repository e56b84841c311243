package dev.vectorizer.cassandra.internal;

import dev.vectorizer.CorruptedDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The resume point of a migration, written after every confirmed batch. Format (UTF-8 text):
 *
 * <pre>
 * vectorizer-migrate 1
 * from=SOURCE
 * to=TARGET
 * collection=NAME
 * total=N          ids in the source when the migration started
 * copied=N         points confirmed by the target so far
 * last=HEX         the last confirmed id (ids are copied in ascending order), UTF-8 as hex
 * crc32c=HEX       of every line above, with their newlines
 * </pre>
 *
 * Written to a temporary file, fsynced, then renamed over the old one, so a crash leaves the old or
 * the new state, never a torn one; a bad checksum is reported naming the file.
 *
 * @param from the source, as the user wrote it (passwords removed)
 * @param to the target
 * @param collection the collection
 * @param total the number of ids in the source at the start
 * @param copied points confirmed so far
 * @param lastId the last confirmed id, or null before the first batch
 */
public record MigrationState(
    String from, String to, String collection, long total, long copied, String lastId) {
  private static final String MAGIC = "vectorizer-migrate 1";

  /**
   * Writes the state durably.
   *
   * @param file the state file
   */
  public void write(Path file) {
    StringBuilder b = new StringBuilder(MAGIC).append('\n');
    b.append("from=").append(from).append('\n');
    b.append("to=").append(to).append('\n');
    b.append("collection=").append(collection).append('\n');
    b.append("total=").append(total).append('\n');
    b.append("copied=").append(copied).append('\n');
    b.append("last=")
        .append(
            lastId == null ? "" : HexFormat.of().formatHex(lastId.getBytes(StandardCharsets.UTF_8)))
        .append('\n');
    String crc = crc(b.toString());
    b.append("crc32c=").append(crc).append('\n');
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the migration state " + file, e);
    }
  }

  /**
   * Reads a state file.
   *
   * @param file the file
   * @return the state, or null when the file does not exist
   * @throws CorruptedDataException naming the file when it fails its checks
   */
  public static MigrationState read(Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the migration state " + file, e);
    }
    int crcAt = text.lastIndexOf("crc32c=");
    if (!text.startsWith(MAGIC + "\n") || crcAt < 0) {
      throw new CorruptedDataException(file, "not a migration state file (no header or checksum)");
    }
    if (!text.substring(crcAt + 7).trim().equals(crc(text.substring(0, crcAt)))) {
      throw new CorruptedDataException(
          file, "checksum mismatch: delete the file and run the migration with --restart");
    }
    Map<String, String> kv = new LinkedHashMap<>();
    for (String line : text.substring(0, crcAt).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        kv.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    try {
      String last = kv.get("last");
      return new MigrationState(
          kv.get("from"),
          kv.get("to"),
          kv.get("collection"),
          Long.parseLong(kv.get("total")),
          Long.parseLong(kv.get("copied")),
          last == null || last.isEmpty()
              ? null
              : new String(HexFormat.of().parseHex(last), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new CorruptedDataException(file, "a field is missing or malformed: " + e, e);
    }
  }

  private static String crc(String s) {
    CRC32C c = new CRC32C();
    c.update(s.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", c.getValue());
  }
}
