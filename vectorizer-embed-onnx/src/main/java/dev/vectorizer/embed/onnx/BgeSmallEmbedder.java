package dev.vectorizer.embed.onnx;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

/**
 * bge-small-en-v1.5, quantized, 384 dimensions, unit-length vectors, offline (LangChain4j's
 * in-process ONNX model). Queries get the instruction the model was trained with for retrieval
 * ({@value #QUERY_INSTRUCTION}); passages are embedded as they are.
 *
 * <p>Thread-safe. Native libraries as for {@link MiniLmEmbedder}.
 */
public final class BgeSmallEmbedder extends InProcessEmbedder {
  /** The embedder's id, recorded by collections. */
  public static final String ID = "bge-small-en-v15-q";

  /** The retrieval instruction prepended to queries. */
  public static final String QUERY_INSTRUCTION =
      "Represent this sentence for searching relevant passages: ";

  /** The model's window in tokens, special tokens included (its tokenizer does not truncate). */
  public static final int MAX_INPUT_TOKENS = 512;

  /** Loads the model. */
  public BgeSmallEmbedder() {
    super(load(), MAX_INPUT_TOKENS);
  }

  private static BgeSmallEnV15QuantizedEmbeddingModel load() {
    applyCacheDir();
    BgeSmallEnV15QuantizedEmbeddingModel model = new BgeSmallEnV15QuantizedEmbeddingModel();
    removeRuntimeTempDirectory();
    return model;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public float[] embedQuery(String query) {
    return embed(QUERY_INSTRUCTION + query);
  }
}
