package dev.vectorizer.springai;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.DocumentMetadata;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.observation.conventions.VectorStoreSimilarityMetric;
import org.springframework.ai.vectorstore.AbstractVectorStoreBuilder;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.observation.AbstractObservationVectorStore;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

/**
 * A Spring AI {@link org.springframework.ai.vectorstore.VectorStore} over a Vectorizer {@link
 * Collection}. A document is a point: its id, the embedding of its text, and a payload holding its
 * metadata at the top level plus its text under {@code text} (the field text collections use).
 *
 * <p>Scores are cosine similarity (the collection must use {@link Metric#COSINE}, or {@link
 * Metric#DOT_PRODUCT} over unit vectors); {@code similarityThreshold} keeps documents scoring at
 * least that much, and {@link SearchRequest#SIMILARITY_THRESHOLD_ACCEPT_ALL} (0) keeps all. Each
 * result's metadata also carries {@code distance} ({@code 1 - score}). Filter expressions ({@code
 * ==, !=, >, >=, <, <=, IN, NIN, AND, OR, NOT, IS NULL, IS NOT NULL}) are answered by the engine;
 * keys may be dotted paths into nested metadata.
 *
 * <p><b>Thread safety:</b> thread-safe, as the collection is. <b>Closing:</b> holds no resources;
 * whoever opened the Vectorizer store closes it (the Boot auto-configuration does).
 */
public final class VectorizerVectorStore extends AbstractObservationVectorStore {
  /** The payload field holding a document's text. */
  public static final String TEXT_KEY = "text";

  private final Collection collection;

  private VectorizerVectorStore(Builder builder) {
    super(builder);
    this.collection = builder.collection;
    if (collection.config().metric() == Metric.EUCLIDEAN) {
      throw new IllegalArgumentException(
          "collection '"
              + collection.name()
              + "' uses the EUCLIDEAN metric; Spring AI similarity scores need COSINE (or"
              + " DOT_PRODUCT over unit vectors)");
    }
  }

  /**
   * Starts a store over a collection.
   *
   * @param collection the collection, of the embedding model's dimension
   * @param embeddingModel the model that embeds documents and queries
   * @return the builder
   */
  public static Builder builder(Collection collection, EmbeddingModel embeddingModel) {
    return new Builder(collection, embeddingModel);
  }

  /**
   * The collection this store writes to.
   *
   * @return the collection
   */
  public Collection collection() {
    return collection;
  }

  @Override
  public void doAdd(List<Document> documents) {
    List<float[]> vectors =
        embeddingModel.embed(documents, EmbeddingOptions.builder().build(), batchingStrategy);
    List<Point> points = new ArrayList<>(documents.size());
    for (int i = 0; i < documents.size(); i++) {
      Document d = documents.get(i);
      if (d.getMetadata().containsKey(TEXT_KEY)) {
        throw new IllegalArgumentException(
            "document '"
                + d.getId()
                + "' has metadata key '"
                + TEXT_KEY
                + "', the payload field that holds its text: rename it");
      }
      Map<String, Object> payload = new LinkedHashMap<>(d.getMetadata());
      payload.put(TEXT_KEY, Objects.requireNonNullElse(d.getText(), ""));
      points.add(Point.of(d.getId(), vectors.get(i), payload));
    }
    collection.upsert(points);
  }

  @Override
  public void doDelete(List<String> ids) {
    collection.delete(ids);
  }

  @Override
  protected void doDelete(Filter.Expression filterExpression) {
    collection.deleteWhere(SpringFilters.map(filterExpression));
  }

  @Override
  public List<Document> doSimilaritySearch(SearchRequest request) {
    float[] query = embeddingModel.embed(request.getQuery());
    dev.vectorizer.SearchRequest search =
        dev.vectorizer.SearchRequest.of(query).limit(request.getTopK());
    if (request.hasFilterExpression()) {
      search = search.filter(SpringFilters.map(request.getFilterExpression()));
    }
    double threshold = request.getSimilarityThreshold();
    boolean acceptAll = threshold == SearchRequest.SIMILARITY_THRESHOLD_ACCEPT_ALL;
    if (!acceptAll) {
      search = search.scoreThreshold((float) threshold - 1e-6f);
    }
    List<Document> out = new ArrayList<>();
    for (Hit hit : collection.search(search)) {
      if (!acceptAll && hit.score() < threshold) {
        continue;
      }
      Map<String, Object> metadata = new LinkedHashMap<>(hit.payload());
      Object text = metadata.remove(TEXT_KEY);
      metadata.put(DocumentMetadata.DISTANCE.value(), 1.0 - hit.score());
      out.add(
          Document.builder()
              .id(hit.id())
              .text(text instanceof String s ? s : "")
              .metadata(metadata)
              .score((double) hit.score())
              .build());
    }
    return out;
  }

  @Override
  public VectorStoreObservationContext.Builder createObservationContextBuilder(String operation) {
    CollectionConfig config = collection.config();
    return VectorStoreObservationContext.builder("vectorizer", operation)
        .collectionName(collection.name())
        .dimensions(config.dimension())
        .similarityMetric(
            config.metric() == Metric.COSINE
                ? VectorStoreSimilarityMetric.COSINE.value()
                : VectorStoreSimilarityMetric.DOT.value());
  }

  @Override
  public <T> Optional<T> getNativeClient() {
    @SuppressWarnings("unchecked")
    T client = (T) collection;
    return Optional.of(client);
  }

  @Override
  public String getName() {
    return "vectorizer:" + collection.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Builds a {@link VectorizerVectorStore}.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder extends AbstractVectorStoreBuilder<Builder> {
    private final Collection collection;

    private Builder(Collection collection, EmbeddingModel embeddingModel) {
      super(embeddingModel);
      this.collection = Objects.requireNonNull(collection, "collection");
    }

    /**
     * Builds the store.
     *
     * @return the store
     * @throws IllegalArgumentException when the collection's metric is EUCLIDEAN
     */
    @Override
    public VectorizerVectorStore build() {
      return new VectorizerVectorStore(this);
    }
  }
}
