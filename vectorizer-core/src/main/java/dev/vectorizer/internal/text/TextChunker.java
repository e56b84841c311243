package dev.vectorizer.internal.text;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Splits text into overlapping chunks of at most {@code size} characters, streaming from a {@link
 * Reader} so that memory stays bounded by the chunk size whatever the text's length.
 *
 * <p>Boundaries: a chunk ends after the last sentence end ({@code . ! ?} followed by whitespace, or
 * a blank line) in the second half of its window; failing that, at the last whitespace; failing
 * that (one very long word), at the window's end, moved back so that a surrogate pair is never
 * split. The next chunk starts {@code overlap} characters before the end, moved forward to the
 * start of a word. Offsets are UTF-16 indices into the whole text; leading and trailing whitespace
 * is not part of a chunk.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TextChunker {
  private final int size;
  private final int overlap;

  /** A chunk of a text. */
  public record Chunk(int index, long start, long end, String text) {}

  /**
   * Creates a chunker.
   *
   * @param size characters per chunk, 50 to 100,000
   * @param overlap characters shared by consecutive chunks, 0 to size / 2
   */
  public TextChunker(int size, int overlap) {
    if (size < 50 || size > 100_000) {
      throw new IllegalArgumentException("chunk size must be between 50 and 100000, got " + size);
    }
    if (overlap < 0 || overlap > size / 2) {
      throw new IllegalArgumentException(
          "chunk overlap must be between 0 and " + size / 2 + " (half the size), got " + overlap);
    }
    this.size = size;
    this.overlap = overlap;
  }

  /**
   * Chunks a text.
   *
   * @param in the text
   * @param out receives the chunks in order
   * @return the number of chunks
   */
  public int chunk(Reader in, Consumer<Chunk> out) {
    StringBuilder buf = new StringBuilder(size * 2);
    char[] read = new char[8192];
    long bufStart = 0;
    boolean eof = false;
    int index = 0;
    try {
      while (true) {
        while (!eof && buf.length() < size + 1) {
          int n = in.read(read, 0, Math.min(read.length, size * 2 - buf.length()));
          if (n < 0) {
            eof = true;
          } else {
            buf.append(read, 0, n);
          }
        }
        int s = 0;
        while (s < buf.length() && Character.isWhitespace(buf.charAt(s))) {
          s++;
        }
        if (s == buf.length()) {
          if (eof) {
            return index;
          }
          bufStart += s;
          buf.setLength(0);
          continue;
        }
        int limit = Math.min(buf.length(), s + size);
        int end = (eof && limit == buf.length()) ? limit : boundary(buf, s, limit);
        int textEnd = end;
        while (textEnd > s && Character.isWhitespace(buf.charAt(textEnd - 1))) {
          textEnd--;
        }
        out.accept(new Chunk(index++, bufStart + s, bufStart + textEnd, buf.substring(s, textEnd)));
        if (eof && end >= buf.length()) {
          return index;
        }
        int next = Math.max(s + 1, end - overlap);
        while (next < end && !Character.isWhitespace(buf.charAt(next - 1))) {
          next++;
        }
        if (next < buf.length() && Character.isLowSurrogate(buf.charAt(next))) {
          next++;
        }
        buf.delete(0, next);
        bufStart += next;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the text: " + e.getMessage(), e);
    }
  }

  private int boundary(CharSequence buf, int s, int limit) {
    int floor = s + size / 2;
    for (int p = limit; p > floor; p--) {
      char prev = buf.charAt(p - 1);
      boolean spaceAfter = p == buf.length() || Character.isWhitespace(buf.charAt(p));
      if ((prev == '.' || prev == '!' || prev == '?') && spaceAfter) {
        return p;
      }
      if (prev == '\n' && p >= 2 && buf.charAt(p - 2) == '\n') {
        return p;
      }
    }
    for (int p = limit; p > floor; p--) {
      if (Character.isWhitespace(buf.charAt(p - 1))) {
        return p;
      }
    }
    int end = limit;
    if (Character.isHighSurrogate(buf.charAt(end - 1)) && end - 1 > s) {
      end--;
    }
    return end;
  }
}
