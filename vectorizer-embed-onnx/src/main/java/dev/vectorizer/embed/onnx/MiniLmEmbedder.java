package dev.vectorizer.embed.onnx;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * all-MiniLM-L6-v2, quantized, 384 dimensions, unit-length vectors: a real sentence-embedding model
 * that ships inside a Maven artifact and runs offline on ONNX Runtime (through LangChain4j's
 * in-process model). Batches are embedded in parallel on the model's executor. It reads the first
 * {@value #MAX_INPUT_TOKENS} tokens of a text; text collections size their chunks to fit.
 *
 * <p>Thread-safe. Native libraries: ONNX Runtime extracts its library to {@code java.io.tmpdir} (or
 * loads it from {@code -Donnxruntime.native.path=DIR}); the tokenizer's native library goes to
 * {@code DJL_CACHE_DIR} (default {@code ~/.djl.ai}), which {@code -Dvectorizer.onnx.cacheDir=DIR}
 * sets.
 */
public final class MiniLmEmbedder extends InProcessEmbedder {
  /** The embedder's id, recorded by collections. */
  public static final String ID = "minilm-l6-v2-q";

  /**
   * The model's window: the tokenizer LangChain4j ships with it truncates every input to 128 tokens
   * (special tokens included), whatever LangChain4j's own 510-token partitioning intends.
   */
  public static final int MAX_INPUT_TOKENS = 128;

  /** Loads the model (well under a second). */
  public MiniLmEmbedder() {
    super(load(), MAX_INPUT_TOKENS);
  }

  private static AllMiniLmL6V2QuantizedEmbeddingModel load() {
    applyCacheDir();
    AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    removeRuntimeTempDirectory();
    return model;
  }

  @Override
  public String id() {
    return ID;
  }
}
