package dev.vectorizer.embed.onnx;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.vectorizer.Embedder;
import java.util.ArrayList;
import java.util.List;

/**
 * bge-small-en-v1.5, quantized, 384 dimensions, unit-length vectors, offline (LangChain4j's
 * in-process ONNX model). Queries get the instruction the model was trained with for retrieval
 * ({@value #QUERY_INSTRUCTION}); passages are embedded as they are.
 *
 * <p>Thread-safe. Native libraries as for {@link MiniLmEmbedder}.
 */
public final class BgeSmallEmbedder implements Embedder {
  /** The embedder's id, recorded by collections. */
  public static final String ID = "bge-small-en-v15-q";

  /** The retrieval instruction prepended to queries. */
  public static final String QUERY_INSTRUCTION =
      "Represent this sentence for searching relevant passages: ";

  private final BgeSmallEnV15QuantizedEmbeddingModel model;

  /** Loads the model. */
  public BgeSmallEmbedder() {
    MiniLmEmbedder.applyCacheDir();
    this.model = new BgeSmallEnV15QuantizedEmbeddingModel();
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
  public float[] embedQuery(String query) {
    return embed(QUERY_INSTRUCTION + query);
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
    return "BgeSmallEmbedder[" + ID + "]";
  }
}
