package dev.vectorizer.embed.onnx;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;
import dev.vectorizer.Embedder;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the in-process ONNX embedders share: a LangChain4j model, batched embedding, and token
 * counting with the models' WordPiece vocabulary (bert-base-uncased, which MiniLM and bge-small
 * share), untruncated, plus the two special tokens.
 */
abstract class InProcessEmbedder implements Embedder {
  private final EmbeddingModel model;
  private final int maxInputTokens;

  InProcessEmbedder(EmbeddingModel model, int maxInputTokens) {
    this.model = model;
    this.maxInputTokens = maxInputTokens;
  }

  /** The tokenizer, loaded once (LangChain4j's bert-base-uncased, truncation off). */
  private static final class Tokens {
    static final HuggingFaceTokenCountEstimator COUNTER = new HuggingFaceTokenCountEstimator();
  }

  @Override
  public int maxInputTokens() {
    return maxInputTokens;
  }

  @Override
  public int countTokens(String text) {
    return Tokens.COUNTER.estimateTokenCountInText(text) + 2; // [CLS] and [SEP]
  }

  /** Points the tokenizer's native-library cache at {@code -Dvectorizer.onnx.cacheDir}. */
  static void applyCacheDir() {
    String cache = System.getProperty("vectorizer.onnx.cacheDir");
    if (cache != null && System.getProperty("DJL_CACHE_DIR") == null) {
      System.setProperty("DJL_CACHE_DIR", cache);
    }
  }

  /**
   * Removes the folder ONNX Runtime extracted its native libraries to. ONNX Runtime (1.20) copies
   * them into a new {@code java.io.tmpdir/onnxruntime-java*} folder and only marks that folder for
   * deletion on exit, before its files, so every run left an empty folder behind (and a killed run
   * a full one). Once the libraries are loaded the files are no longer needed where a loaded
   * library may be unlinked (Linux, macOS); on Windows the deletion fails and is left to exit.
   * Called after a model is created (which loads the runtime); best effort, never fails.
   */
  static void removeRuntimeTempDirectory() {
    try {
      Field f = Class.forName("ai.onnxruntime.OnnxRuntime").getDeclaredField("tempDirectory");
      f.setAccessible(true);
      if (!(f.get(null) instanceof Path dir) || !Files.isDirectory(dir)) {
        return;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path lib : files) {
          Files.deleteIfExists(lib);
        }
      }
      Files.deleteIfExists(dir);
    } catch (ReflectiveOperationException | IOException | RuntimeException e) {
      // another ONNX Runtime version, or a file system that keeps loaded libraries: exit cleans up
    }
  }

  @Override
  public int dimension() {
    return 384;
  }

  @Override
  public float[] embed(String text) {
    return model.embed(text).content().vector();
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String t : texts) {
      segments.add(TextSegment.from(t));
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (Embedding e : model.embedAll(segments).content()) {
      out.add(e.vector());
    }
    return out;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + id() + "]";
  }
}
