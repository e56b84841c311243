package dev.vectorizer.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextChunkerTest {
  private static List<TextChunker.Chunk> chunks(String text, int size, int overlap) {
    List<TextChunker.Chunk> out = new ArrayList<>();
    new TextChunker(size, overlap).chunk(new StringReader(text), out::add);
    return out;
  }

  @Test
  void chunksBreakAtSentenceEndsAndOffsetsPointIntoTheText() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      sb.append("Sentence number ").append(i).append(" talks about vectors and graphs. ");
    }
    String text = sb.toString();
    List<TextChunker.Chunk> cs = chunks(text, 200, 40);
    assertTrue(cs.size() > 5);
    for (int i = 0; i < cs.size(); i++) {
      TextChunker.Chunk c = cs.get(i);
      assertEquals(i, c.index());
      assertEquals(text.substring((int) c.start(), (int) c.end()), c.text());
      assertTrue(c.text().length() <= 200, "size " + c.text().length());
      if (i < cs.size() - 1) {
        assertTrue(c.text().endsWith("."), "ends at a sentence: [" + c.text() + "]");
        assertTrue(cs.get(i + 1).start() < c.end(), "consecutive chunks overlap");
        assertTrue(cs.get(i + 1).start() > c.start(), "chunks advance");
      }
    }
    assertEquals(text.strip().length(), (int) cs.get(cs.size() - 1).end());
  }

  @Test
  void aLongWordIsCutButNeverInsideASurrogatePair() {
    String emoji = "\uD83D\uDE00"; // one code point, two chars
    String text = emoji.repeat(500);
    for (TextChunker.Chunk c : chunks(text, 101, 10)) {
      assertFalse(Character.isLowSurrogate(c.text().charAt(0)), "starts inside a pair");
      assertFalse(
          Character.isHighSurrogate(c.text().charAt(c.text().length() - 1)), "ends inside a pair");
    }
  }

  @Test
  void emptyAndBlankTextsHaveNoChunks() {
    assertEquals(List.of(), chunks("", 100, 10));
    assertEquals(List.of(), chunks(" \n\t  \n", 100, 10));
    assertEquals(1, chunks("  short text  ", 100, 10).size());
    assertEquals("short text", chunks("  short text  ", 100, 10).get(0).text());
  }

  @Test
  void badSettingsAreRejectedWithTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new TextChunker(10, 0));
    assertTrue(e.getMessage().contains("got 10"));
    e = assertThrows(IllegalArgumentException.class, () -> new TextChunker(100, 60));
    assertTrue(e.getMessage().contains("got 60"));
  }

  @Test
  void fiftyMegabytesStreamThroughWithoutHoldingTheText() {
    long total = 50L << 20;
    Reader endless =
        new Reader() {
          long produced;
          final String line = "The quick brown fox jumps over the lazy dog. Vectors are fun.\n";

          @Override
          public int read(char[] buf, int off, int len) {
            if (produced >= total) {
              return -1;
            }
            int n = (int) Math.min(len, total - produced);
            for (int i = 0; i < n; i++) {
              buf[off + i] = line.charAt((int) ((produced + i) % line.length()));
            }
            produced += n;
            return n;
          }

          @Override
          public void close() {}
        };
    long[] last = {0};
    int[] count = {0};
    int n =
        new TextChunker(1000, 200)
            .chunk(
                endless,
                c -> {
                  assertTrue(c.start() >= last[0] - 200);
                  last[0] = c.end();
                  count[0]++;
                });
    assertEquals(count[0], n);
    assertTrue(n > 50_000, "chunks: " + n);
    assertTrue(last[0] > total - 100);
  }
}
