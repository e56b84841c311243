package dev.vectorizer.embed.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.vectorizer.Embedder;
import dev.vectorizer.SearchMode;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import dev.vectorizer.VectorStore;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Why a sentence after ~400 characters of code was invisible to dense search, and that it is not
 * any more: the tokenizer LangChain4j ships with MiniLM truncates every input to 128 tokens, so the
 * tail of a 1,000-character code chunk never reached the model. Chunks are now sized to the
 * embedder's window, counted with the model's own vocabulary.
 */
class ChunkWindowTest {
  static final String METHOD =
      "  private int[] lockStripes(List<String> ids) {\n"
          + "    boolean[] want = new boolean[STRIPES];\n"
          + "    for (String id : ids) {\n"
          + "      want[Math.floorMod(id.hashCode() * 0x9E3779B9, STRIPES)] = true;\n"
          + "    }\n"
          + "    return Arrays.copyOf(held, n);\n"
          + "  }\n\n";

  static String code(int chars) {
    StringBuilder sb = new StringBuilder("class Stripes {\n");
    int m = 0;
    while (sb.length() < chars) {
      sb.append(METHOD.replace("lockStripes", "lockStripes" + m++));
    }
    return sb.append("}\n").toString();
  }

  @Test
  void theCauseMiniLmReadsOnly128Tokens() {
    Embedder minilm = Embedder.byName("minilm");
    assertEquals(128, minilm.maxInputTokens());
    String chunk = code(1000);
    assertTrue(minilm.countTokens(chunk) > 300, "a 1,000-character code chunk is ~400 tokens");
    // anything after the window changes nothing: truncation, not dilution
    String tail = "\nThe quick brown fox jumps over the lazy dog near the river.";
    assertArrayEquals(minilm.embed(chunk), minilm.embed(chunk + tail));
    // inside the window it does
    assertFalse(
        Arrays.equals(minilm.embed(code(200)), minilm.embed(code(200) + tail)),
        "text inside the window moves the vector");
    assertEquals(512, Embedder.byName("bge-small").maxInputTokens());
  }

  @Test
  void tokenCountsAreTheModelsOwn() throws Exception {
    Embedder minilm = Embedder.byName("minilm");
    try (InputStream json =
            MiniLmEmbedder.class.getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json");
        HuggingFaceTokenizer model =
            HuggingFaceTokenizer.newInstance(json, Map.of("truncation", "false"))) {
      for (String t :
          List.of(
              "hello",
              code(900),
              "Größere Dateien über 10 MB werden übersprungen; see --max-file-size=10000000.",
              "ERR_4012 in parseInt(s): \u4e2d\u6587 text")) {
        assertEquals(model.encode(t).getIds().length, minilm.countTokens(t), t);
      }
    }
  }

  @Test
  void aSentenceAnywhereInACodeFileIsFoundByItsOwnText() {
    String sentence = "The quick brown fox jumps over the lazy dog near the riverbank at dawn.";
    Embedder minilm = Embedder.byName("minilm");
    try (VectorStore store = VectorStore.inMemory()) {
      TextCollection texts = store.textCollection("src", minilm);
      String body = code(3000);
      int[] offsets = {0, 100, 250, 400, 700, 1200, 2000, 2900};
      for (int off : offsets) {
        int at = body.indexOf('\n', off) + 1;
        texts.upsert(
            "src/At" + off + ".java",
            body.substring(0, at) + "  // " + sentence + "\n" + body.substring(at),
            Map.of());
      }
      texts.upsert("src/Plain.java", body, Map.of());
      for (TextHit h : texts.search(TextQuery.of("x").mode(SearchMode.DENSE).limit(1000))) {
        assertTrue(minilm.countTokens(h.text()) <= 128, "chunk " + h.chunk() + " fits the window");
      }
      // every file with the sentence, and no other, comes first, by a chunk holding the sentence
      List<TextHit> hits =
          texts.searchGrouped(TextQuery.of(sentence).mode(SearchMode.DENSE).limit(offsets.length));
      for (TextHit h : hits) {
        assertTrue(h.sourceId().startsWith("src/At"), "ranked before code only: " + hits);
        assertTrue(h.text().contains(sentence), h.sourceId() + " #" + h.chunk() + ": " + h.text());
      }
      assertEquals(offsets.length, hits.size());
    }
  }
}
