package dev.vectorizer.embed.onnx;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;
import dev.vectorizer.Embedder;
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
