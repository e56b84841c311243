package dev.vectorizer.embed.onnx;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.vectorizer.Embedder;
import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2, quantized, 384 dimensions, unit-length vectors: a real sentence-embedding model
 * that ships inside a Maven artifact and runs offline on ONNX Runtime (through LangChain4j's
 * in-process model). Batches are embedded in parallel on the model's executor.
 *
 * <p>Thread-safe. Native libraries: ONNX Runtime extracts its library to {@code java.io.tmpdir} (or
 * loads it from {@code -Donnxruntime.native.path=DIR}); the tokenizer's native library goes to
 * {@code DJL_CACHE_DIR} (default {@code ~/.djl.ai}), which {@code -Dvectorizer.onnx.cacheDir=DIR}
 * sets.
 */
public final class MiniLmEmbedder implements Embedder {
  /** The embedder's id, recorded by collections. */
  public static final String ID = "minilm-l6-v2-q";

  private final AllMiniLmL6V2QuantizedEmbeddingModel model;

  /** Loads the model (well under a second). */
  public MiniLmEmbedder() {
    applyCacheDir();
    this.model = new AllMiniLmL6V2QuantizedEmbeddingModel();
  }

  /** Points the tokenizer's native-library cache at {@code -Dvectorizer.onnx.cacheDir}. */
  static void applyCacheDir() {
    String cache = System.getProperty("vectorizer.onnx.cacheDir");
    if (cache != null && System.getProperty("DJL_CACHE_DIR") == null) {
      System.setProperty("DJL_CACHE_DIR", cache);
    }
  }

  @Override
  public String id() {
    return ID;
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
    List<Embedding> embeddings = model.embedAll(segments).content();
    List<float[]> out = new ArrayList<>(embeddings.size());
    for (Embedding e : embeddings) {
      out.add(e.vector());
    }
    return out;
  }

  @Override
  public String toString() {
    return "MiniLmEmbedder[" + ID + "]";
  }
}
