package dev.vectorizer.langchain4j;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/** The offline MiniLM model (quantized ONNX in a Maven artifact), loaded once per test JVM. */
final class MiniLm {
  static final EmbeddingModel MODEL = new AllMiniLmL6V2QuantizedEmbeddingModel();

  private MiniLm() {}
}
