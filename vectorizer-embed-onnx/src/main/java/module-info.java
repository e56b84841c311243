/**
 * Offline sentence-embedding models (all-MiniLM-L6-v2 and bge-small-en-v1.5, quantized, run in
 * process by ONNX Runtime through LangChain4j), found by name with {@code Embedder.byName}.
 */
module dev.vectorizer.embed.onnx {
  requires dev.vectorizer.api;
  requires langchain4j.core;
  requires langchain4j.embeddings;
  requires langchain4j.embeddings.all.minilm.l6.v2.q;
  requires langchain4j.embeddings.bge.small.en.v15.q;

  exports dev.vectorizer.embed.onnx;

  provides dev.vectorizer.spi.EmbedderFactory with
      dev.vectorizer.embed.onnx.MiniLmEmbedderFactory,
      dev.vectorizer.embed.onnx.BgeSmallEmbedderFactory;
}
