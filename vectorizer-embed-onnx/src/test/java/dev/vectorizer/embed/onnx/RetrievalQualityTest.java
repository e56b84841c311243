package dev.vectorizer.embed.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Embedder;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retrieval quality on real text: 29 man pages, 22 hand-written questions, each with the page that
 * answers it. MiniLM and bge-small must put the expected page in the top 3 for most questions; the
 * hashing embedder's hit rate is measured alongside (it matches words, not meaning).
 */
class RetrievalQualityTest {
  static final String[] PAGES = {
    "chmod", "chown", "cp", "curl", "date", "df", "diff", "du", "find", "git", "grep", "gzip",
    "head", "kill", "ln", "ls", "mkdir", "mv", "ps", "rm", "sed", "sort", "ssh", "tail", "tar",
    "touch", "uniq", "wc", "xargs"
  };

  static final Map<String, String> QUESTIONS = new LinkedHashMap<>();

  static {
    QUESTIONS.put("search for lines matching a pattern in files", "grep");
    QUESTIONS.put("pack many files into one archive file", "tar");
    QUESTIONS.put("change the permissions of a file", "chmod");
    QUESTIONS.put("which user owns this file, and how do I give it to another user", "chown");
    QUESTIONS.put("how much free space is left on my disks", "df");
    QUESTIONS.put("how big is this directory and its contents", "du");
    QUESTIONS.put("show the differences between two files", "diff");
    QUESTIONS.put("compress a file to make it smaller", "gzip");
    QUESTIONS.put("show the last lines of a log file as it grows", "tail");
    QUESTIONS.put("print only the first few lines of a file", "head");
    QUESTIONS.put("list the processes running on this machine", "ps");
    QUESTIONS.put("stop a running process by sending it a signal", "kill");
    QUESTIONS.put("create a symbolic link to a file", "ln");
    QUESTIONS.put("make a new folder", "mkdir");
    QUESTIONS.put("rename a file or move it elsewhere", "mv");
    QUESTIONS.put("delete files permanently", "rm");
    QUESTIONS.put("count the words and lines in a text", "wc");
    QUESTIONS.put("put lines of text in alphabetical order", "sort");
    QUESTIONS.put("remove repeated adjacent lines", "uniq");
    QUESTIONS.put("log in to a remote computer securely", "ssh");
    QUESTIONS.put("download a web page from a URL", "curl");
    QUESTIONS.put("replace text in a stream with a regular expression", "sed");
  }

  static String page(String name) throws IOException {
    try (InputStream in =
        RetrievalQualityTest.class.getResourceAsStream("/corpus/" + name + ".txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static double hitRate(Embedder embedder, List<String> misses) throws IOException {
    try (VectorStore store = VectorStore.inMemory()) {
      TextCollection texts = store.textCollection("man", embedder, 800, 150);
      long t0 = System.nanoTime();
      int chunks = 0;
      for (String p : PAGES) {
        chunks += texts.upsert(p, page(p), Map.of());
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "%s: indexed %d chunks in %.2f s (%.0f chunks/s)%n",
          embedder.id(), chunks, seconds, chunks / seconds);
      long t1 = System.nanoTime();
      for (String p : PAGES) {
        texts.upsert(p, page(p) + "\nEdited.", Map.of()); // every page changed at its end
      }
      System.out.printf(
          "%s: re-indexed every page after an edit in %.2f s; cache %s%n",
          embedder.id(), (System.nanoTime() - t1) / 1e9, texts.cacheStats());
      int hits = 0;
      for (Map.Entry<String, String> q : QUESTIONS.entrySet()) {
        List<TextHit> top = texts.searchGrouped(q.getKey(), 3);
        if (top.stream().anyMatch(h -> h.sourceId().equals(q.getValue()))) {
          hits++;
        } else {
          misses.add(q.getKey() + " -> " + top.stream().map(TextHit::sourceId).toList());
        }
      }
      double rate = (double) hits / QUESTIONS.size();
      System.out.printf(
          "%s: expected page in the top 3 for %d of %d questions (%.0f%%)%n",
          embedder.id(), hits, QUESTIONS.size(), 100 * rate);
      return rate;
    }
  }

  @Test
  void miniLmFindsTheRightManPageForMostQuestions() throws IOException {
    assertTrue(QUESTIONS.size() >= 20);
    long t0 = System.nanoTime();
    Embedder minilm = Embedder.byName("minilm");
    System.out.printf("minilm loaded in %.2f s%n", (System.nanoTime() - t0) / 1e9);
    assertEquals(MiniLmEmbedder.ID, minilm.id());
    List<String> misses = new ArrayList<>();
    double rate = hitRate(minilm, misses);
    assertTrue(rate >= 0.75, "MiniLM hit rate@3 " + rate + ", misses: " + misses);

    List<String> bgeMisses = new ArrayList<>();
    Embedder bge = Embedder.byName("bge-small");
    assertEquals(BgeSmallEmbedder.ID, bge.id());
    double bgeRate = hitRate(bge, bgeMisses);
    assertTrue(bgeRate >= 0.75, "bge-small hit rate@3 " + bgeRate + ", misses: " + bgeMisses);

    List<String> hashingMisses = new ArrayList<>();
    double hashing = hitRate(Embedder.byName("hashing"), hashingMisses);
    System.out.println("hashing misses: " + hashingMisses);
    assertTrue(hashing >= 0.0 && hashing <= 1.0);
  }

  @Test
  void embeddingsAreUnitLengthAndBatchedEmbeddingsMatchSingleOnes() {
    Embedder minilm = Embedder.byName("minilm");
    List<String> texts = List.of("copy files and directories", "remove files", "");
    List<float[]> batch = minilm.embedAll(texts.subList(0, 2));
    for (int i = 0; i < 2; i++) {
      float[] single = minilm.embed(texts.get(i));
      double norm = 0;
      for (int k = 0; k < single.length; k++) {
        norm += single[k] * single[k];
        assertEquals(single[k], batch.get(i)[k], 1e-4);
      }
      assertEquals(1.0, norm, 1e-3);
      assertEquals(384, single.length);
    }
  }
}
