package dev.vectorizer.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the server's audit log: {@code DATA/audit.jsonl} and its rotated predecessors {@code
 * DATA/audit-<UTC time>.jsonl}, one JSON object per line (see docs/server.md, "Audit log").
 *
 * <p>Stateless and thread-safe; it reads while the server appends.
 */
public final class AuditLogFiles {
  /** The current file's name. */
  public static final String CURRENT = "audit.jsonl";

  private static final int BLOCK = 1 << 16;

  private AuditLogFiles() {}

  /**
   * The audit files of a data directory, oldest first, the current one last.
   *
   * @param dataDirectory the store's directory
   * @return the files that exist
   * @throws IOException when the directory cannot be listed
   */
  public static List<Path> files(Path dataDirectory) throws IOException {
    List<Path> out = new ArrayList<>();
    if (Files.isDirectory(dataDirectory)) {
      try (Stream<Path> s = Files.list(dataDirectory)) {
        s.filter(
                p -> {
                  String n = p.getFileName().toString();
                  return n.startsWith("audit-") && n.endsWith(".jsonl");
                })
            .sorted()
            .forEach(out::add);
      }
    }
    Path current = dataDirectory.resolve(CURRENT);
    if (Files.isRegularFile(current)) {
      out.add(current);
    }
    return out;
  }

  /**
   * The last lines of the audit log, across rotated files, oldest first. A line being written at
   * the moment (no newline yet) is left out.
   *
   * @param dataDirectory the store's directory
   * @param lines how many, at least 1
   * @return the lines
   * @throws IOException when a file cannot be read
   */
  public static List<String> tail(Path dataDirectory, int lines) throws IOException {
    if (lines < 1) {
      throw new IllegalArgumentException("lines must be >= 1, got " + lines);
    }
    Deque<String> out = new ArrayDeque<>();
    List<Path> files = files(dataDirectory);
    for (int i = files.size() - 1; i >= 0 && out.size() < lines; i--) {
      List<String> last = lastLines(files.get(i), lines - out.size());
      for (int j = last.size() - 1; j >= 0; j--) {
        out.addFirst(last.get(j));
      }
    }
    return new ArrayList<>(out);
  }

  /** The last whole lines of a file, reading backwards from its end in blocks. */
  private static List<String> lastLines(Path file, int wanted) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long end = ch.size();
      ByteArrayOutputStream tail = new ByteArrayOutputStream();
      byte[] acc = new byte[0];
      long pos = end;
      int newlines = 0;
      // Find the last newline: bytes after it are a record still being written.
      while (pos > 0 && newlines <= wanted) {
        int n = (int) Math.min(BLOCK, pos);
        pos -= n;
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining() && ch.read(buf, pos + buf.position()) >= 0) {
          // read fully
        }
        byte[] block = buf.array();
        for (byte b : block) {
          if (b == '\n') {
            newlines++;
          }
        }
        byte[] joined = new byte[block.length + acc.length];
        System.arraycopy(block, 0, joined, 0, block.length);
        System.arraycopy(acc, 0, joined, block.length, acc.length);
        acc = joined;
      }
      tail.write(acc);
      String text = tail.toString(StandardCharsets.UTF_8);
      int last = text.lastIndexOf('\n');
      if (last < 0) {
        return List.of();
      }
      List<String> all = text.substring(0, last).lines().toList();
      if (pos > 0) {
        all = all.subList(1, all.size()); // the first one may be cut
      }
      return all.subList(Math.max(0, all.size() - wanted), all.size());
    }
  }
}
