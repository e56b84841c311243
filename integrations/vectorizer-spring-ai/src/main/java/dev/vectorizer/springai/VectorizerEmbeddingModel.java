package dev.vectorizer.springai;

import dev.vectorizer.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.MetadataMode;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * A Spring AI {@link EmbeddingModel} over a Vectorizer {@link Embedder}, so that the offline
 * embedders ({@code hashing}; {@code minilm} and {@code bge-small} with {@code
 * vectorizer-embed-onnx}) serve Spring AI applications without a model server.
 *
 * <p>Thread-safe, as embedders are. The caller that created the embedder closes it.
 */
public final class VectorizerEmbeddingModel implements EmbeddingModel {
  private final Embedder embedder;

  /**
   * Wraps an embedder.
   *
   * @param embedder the embedder
   */
  public VectorizerEmbeddingModel(Embedder embedder) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
  }

  /**
   * The wrapped embedder.
   *
   * @return the embedder
   */
  public Embedder embedder() {
    return embedder;
  }

  @Override
  public EmbeddingResponse call(EmbeddingRequest request) {
    List<float[]> vectors = embedder.embedAll(request.getInstructions());
    List<Embedding> out = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      out.add(new Embedding(vectors.get(i), i));
    }
    return new EmbeddingResponse(out);
  }

  @Override
  public float[] embed(String text) {
    return embedder.embedQuery(text);
  }

  @Override
  public float[] embed(Document document) {
    return embedder.embed(document.getFormattedContent(MetadataMode.EMBED));
  }

  @Override
  public int dimensions() {
    return embedder.dimension();
  }
}
