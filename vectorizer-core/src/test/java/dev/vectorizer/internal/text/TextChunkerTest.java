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

  /** A stand-in for a model's tokenizer: one token per word piece of up to 4 letters, plus 2. */
  private static int fakeTokens(String text) {
    int n = 2;
    for (String w : text.split("[^\\p{L}\\p{N}]+|(?=[^\\p{L}\\p{N}\\s])")) {
      if (!w.isBlank()) {
        n += (w.length() + 3) / 4;
      }
    }
    return n;
  }

  @Test
  void chunksFitTheModelsWindowAndStillCoverTheText() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      sb.append(i % 7 == 0 ? "Intermittent configuration synchronisation " : "word ")
          .append(i % 11 == 0 ? "end. " : "");
    }
    String text = sb.toString();
    TextChunker chunker =
        new TextChunker(1000, 200).withTokenLimit(64, TextChunkerTest::fakeTokens);
    List<TextChunker.Chunk> cs = new ArrayList<>();
    chunker.chunk(new StringReader(text), cs::add);
    long covered = 0;
    for (TextChunker.Chunk c : cs) {
      assertTrue(fakeTokens(c.text()) <= 64, "chunk of " + fakeTokens(c.text()) + " tokens");
      assertTrue(fakeTokens(c.text()) > 16, "not shrunk to crumbs: " + fakeTokens(c.text()));
      assertTrue(c.start() <= covered, "no gap before " + c.start());
      assertEquals(text.substring((int) c.start(), (int) c.end()), c.text());
      covered = c.end();
    }
    assertEquals(text.strip().length(), covered);
    // without a window the same text makes fewer, longer chunks
    assertTrue(cs.size() > chunks(text, 1000, 200).size() * 2);
  }

  @Test
  void codeBreaksAtBlankLinesAndDeclarations() {
    StringBuilder sb = new StringBuilder();
    for (int m = 0; m < 30; m++) {
      sb.append("  /** Method ").append(m).append(". */\n");
      sb.append("  int method").append(m).append("(int x) {\n");
      sb.append("    return x * ").append(m).append(" + helper(x);\n");
      sb.append("  }\n\n");
    }
    String code = "class Big {\n" + sb + "}\n";
    List<TextChunker.Chunk> cs = new ArrayList<>();
    new TextChunker(300, 0).chunk(new StringReader(code), true, cs::add);
    for (int i = 0; i < cs.size() - 1; i++) {
      String t = cs.get(i).text();
      assertTrue(t.endsWith("}"), "chunk " + i + " ends at the end of a method: [" + t + "]");
      assertTrue(cs.get(i + 1).text().startsWith("/**"), "the next starts at a declaration");
    }
    assertTrue(TextChunker.isCode("/src/Main.java"));
    assertTrue(TextChunker.isCode("a/b/setup.PY"));
    assertFalse(TextChunker.isCode("notes/readme.md"));
    assertFalse(TextChunker.isCode("Makefile"));
    assertFalse(TextChunker.isCode("dir.java/README"));
  }

  @Test
  void aWindowTooSmallIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new TextChunker(100, 10).withTokenLimit(4, String::length));
  }
}
