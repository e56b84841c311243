package dev.vectorizer.internal.text;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Splits text into overlapping chunks of at most {@code size} characters and, when the embedder has
 * a window, at most {@code maxTokens} tokens, streaming from a {@link Reader} so that memory stays
 * bounded by the chunk size whatever the text's length.
 *
 * <p>Why the token limit: a model reads at most its window of tokens and ignores the rest (MiniLM,
 * as LangChain4j ships it, truncates at 128 tokens, about 350 characters of code); a chunk longer
 * than the window has an invisible tail. A chunk that would exceed the window is shrunk (to the
 * proportion of tokens that fit, less a margin, then to a boundary) until it fits; its overlap
 * shrinks in proportion.
 *
 * <p>Boundaries, prose: a chunk ends after the last sentence end ({@code . ! ?} followed by
 * whitespace, or a blank line) in the second half of its window; failing that, at the last
 * whitespace; failing that (one very long word), at the window's end, moved back so that a
 * surrogate pair is never split. Code ({@link #isCode}): at the last blank line, else before the
 * last line that starts a top-level declaration or closes a block at the left margin, else at the
 * last line end, else as prose. The next chunk starts {@code overlap} characters before the end,
 * moved forward to the start of a word (of a line, for code). Offsets are UTF-16 indices into the
 * whole text; leading and trailing whitespace is not part of a chunk.
 *
 * <p>Instances are immutable and thread-safe when their token counter is.
 */
public final class TextChunker {
  private static final Set<String> CODE_EXTENSIONS =
      Set.of(
          "java",
          "kt",
          "kts",
          "scala",
          "groovy",
          "py",
          "js",
          "jsx",
          "mjs",
          "ts",
          "tsx",
          "go",
          "rs",
          "c",
          "h",
          "cc",
          "cpp",
          "cxx",
          "hpp",
          "cs",
          "rb",
          "php",
          "swift",
          "m",
          "sh",
          "bash",
          "zsh",
          "sql",
          "lua",
          "pl",
          "r",
          "dart",
          "clj",
          "ex",
          "exs",
          "erl",
          "hs",
          "ml",
          "fs",
          "vue",
          "svelte",
          "yaml",
          "yml",
          "json",
          "toml",
          "xml",
          "gradle",
          "properties",
          "proto");

  private final int size;
  private final int overlap;
  private final int maxTokens;
  private final ToIntFunction<String> tokens;

  /** A chunk of a text. */
  public record Chunk(int index, long start, long end, String text) {}

  /**
   * Creates a chunker without a token limit.
   *
   * @param size characters per chunk, 50 to 100,000
   * @param overlap characters shared by consecutive chunks, 0 to size / 2
   */
  public TextChunker(int size, int overlap) {
    this(size, overlap, Integer.MAX_VALUE, null);
  }

  private TextChunker(int size, int overlap, int maxTokens, ToIntFunction<String> tokens) {
    if (size < 50 || size > 100_000) {
      throw new IllegalArgumentException("chunk size must be between 50 and 100000, got " + size);
    }
    if (overlap < 0 || overlap > size / 2) {
      throw new IllegalArgumentException(
          "chunk overlap must be between 0 and " + size / 2 + " (half the size), got " + overlap);
    }
    if (maxTokens < 8) {
      throw new IllegalArgumentException("a token window must be >= 8 tokens, got " + maxTokens);
    }
    this.size = size;
    this.overlap = overlap;
    this.maxTokens = maxTokens;
    this.tokens = tokens;
  }

  /**
   * The same chunker, also keeping every chunk within a model's window.
   *
   * @param maxTokens the window (special tokens included); {@link Integer#MAX_VALUE} for none
   * @param counter counts a text's tokens as the model does
   * @return the chunker
   */
  public TextChunker withTokenLimit(int maxTokens, ToIntFunction<String> counter) {
    return maxTokens == Integer.MAX_VALUE
        ? new TextChunker(size, overlap)
        : new TextChunker(size, overlap, maxTokens, counter);
  }

  /**
   * Whether a text id names a source file (by its extension), whose chunks then break at code
   * boundaries.
   *
   * @param sourceId a path or name
   * @return whether it looks like code
   */
  public static boolean isCode(String sourceId) {
    int slash = Math.max(sourceId.lastIndexOf('/'), sourceId.lastIndexOf('\\'));
    int dot = sourceId.lastIndexOf('.');
    return dot > slash + 1
        && CODE_EXTENSIONS.contains(sourceId.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * Chunks a text as prose.
   *
   * @param in the text
   * @param out receives the chunks in order
   * @return the number of chunks
   */
  public int chunk(Reader in, Consumer<Chunk> out) {
    return chunk(in, false, out);
  }

  /**
   * Chunks a text.
   *
   * @param in the text
   * @param code whether to break at code boundaries
   * @param out receives the chunks in order
   * @return the number of chunks
   */
  public int chunk(Reader in, boolean code, Consumer<Chunk> out) {
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
        int end = (eof && limit == buf.length()) ? limit : boundary(buf, s, limit, code);
        int textEnd = trimEnd(buf, s, end);
        int chunkOverlap = overlap;
        if (tokens != null) {
          int count = tokens.applyAsInt(buf.substring(s, textEnd));
          while (count > maxTokens && end - s > 1) {
            int window = (int) ((long) (textEnd - s) * maxTokens * 9 / (10L * count));
            int shrunk = boundary(buf, s, s + Math.max(1, Math.min(window, end - s - 1)), code);
            end = Math.max(s + 1, Math.min(shrunk, end - 1));
            textEnd = trimEnd(buf, s, end);
            count = tokens.applyAsInt(buf.substring(s, textEnd));
            chunkOverlap = (int) ((long) overlap * (end - s) / size);
          }
        }
        out.accept(new Chunk(index++, bufStart + s, bufStart + textEnd, buf.substring(s, textEnd)));
        if (eof && end >= buf.length()) {
          return index;
        }
        int next = Math.max(s + 1, end - chunkOverlap);
        int lineStart = next;
        while (code && lineStart < end && buf.charAt(lineStart - 1) != '\n') {
          lineStart++;
        }
        if (code && lineStart < end) {
          next = lineStart; // code overlaps by whole lines
        }
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

  private static int trimEnd(CharSequence buf, int s, int end) {
    int textEnd = end;
    while (textEnd > s && Character.isWhitespace(buf.charAt(textEnd - 1))) {
      textEnd--;
    }
    return textEnd == s ? end : textEnd;
  }

  private static int boundary(CharSequence buf, int s, int limit, boolean code) {
    int floor = s + (limit - s) / 2;
    if (code) {
      int p = codeBoundary(buf, floor, limit);
      if (p > 0) {
        return p;
      }
    }
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

  /** The best line end in (floor, limit] for code, or -1. */
  private static int codeBoundary(CharSequence buf, int floor, int limit) {
    int blank = -1;
    int declaration = -1;
    int line = -1;
    for (int p = limit; p > floor; p--) {
      if (buf.charAt(p - 1) != '\n') {
        continue;
      }
      if (line < 0) {
        line = p;
      }
      int q = p;
      while (q < buf.length() && (buf.charAt(q) == ' ' || buf.charAt(q) == '\t')) {
        q++;
      }
      boolean blankNext = q == buf.length() || buf.charAt(q) == '\n' || buf.charAt(q) == '\r';
      if (blankNext || (p >= 2 && buf.charAt(p - 2) == '\n')) {
        blank = p;
        break; // the last blank line wins
      }
      if (declaration < 0 && q == p && startsDeclaration(buf, p)) {
        declaration = p;
      }
    }
    return blank > 0 ? blank : declaration > 0 ? declaration : line;
  }

  /** A line at the left margin that opens something (not a closing brace or a continuation). */
  private static boolean startsDeclaration(CharSequence buf, int p) {
    if (p >= buf.length()) {
      return false;
    }
    char c = buf.charAt(p);
    return Character.isLetter(c) || c == '@' || c == '#' || c == '/' || c == '}';
  }
}
