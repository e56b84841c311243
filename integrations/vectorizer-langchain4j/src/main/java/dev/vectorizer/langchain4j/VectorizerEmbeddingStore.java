package dev.vectorizer.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.RelevanceScore;
import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A LangChain4j {@link EmbeddingStore} of {@link TextSegment}s over a Vectorizer {@link
 * Collection}. Each embedding is a point: its id, its vector, and a payload holding the segment's
 * metadata at the top level plus its text under {@link Builder#textKey(String) the text key}
 * ({@code text} by default, the field text collections use, so a collection filled by {@code
 * TextCollection} or the watcher can be searched here too).
 *
 * <p>Scores are LangChain4j relevance scores, {@code (cosine + 1) / 2} in [0, 1]; the collection's
 * metric must be {@link Metric#COSINE} (or {@link Metric#DOT_PRODUCT} over unit vectors). Every
 * LangChain4j filter is answered by the engine (never by post-filtering), so a filtered search
 * returns {@code min(maxResults, matching points)} matches.
 *
 * <p><b>Thread safety:</b> as thread-safe as the collection: every method may be called from many
 * threads. <b>Closing:</b> this store holds no resources; the caller that opened the {@link
 * VectorStore} closes it.
 */
public final class VectorizerEmbeddingStore implements EmbeddingStore<TextSegment> {
  private final Collection collection;
  private final String textKey;

  private VectorizerEmbeddingStore(Collection collection, String textKey) {
    this.collection = collection;
    this.textKey = textKey;
  }

  /**
   * A store over an existing collection, with the segment text under {@code text}.
   *
   * @param collection a collection with the {@link Metric#COSINE} or {@link Metric#DOT_PRODUCT}
   *     metric
   * @return the store
   * @throws IllegalArgumentException when the collection's metric is {@link Metric#EUCLIDEAN}
   */
  public static VectorizerEmbeddingStore create(Collection collection) {
    return builder(collection).build();
  }

  /**
   * Starts a store over an existing collection.
   *
   * @param collection the collection
   * @return the builder
   */
  public static Builder builder(Collection collection) {
    return new Builder(Objects.requireNonNull(collection, "collection"));
  }

  /**
   * Starts a store over the named collection of a store, created with the cosine metric when it
   * does not exist.
   *
   * @param store the store; the caller keeps ownership and closes it
   * @param collectionName the collection's name
   * @param dimension the embedding model's dimension
   * @return the builder
   * @throws IllegalArgumentException when the collection exists with another dimension or metric
   */
  public static Builder builder(VectorStore store, String collectionName, int dimension) {
    return builder(
        store.getOrCreateCollection(
            collectionName, CollectionConfig.builder(dimension).metric(Metric.COSINE).build()));
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
  public String add(Embedding embedding) {
    String id = UUID.randomUUID().toString();
    add(id, embedding);
    return id;
  }

  @Override
  public void add(String id, Embedding embedding) {
    addAll(List.of(id), List.of(embedding), null);
  }

  @Override
  public String add(Embedding embedding, TextSegment textSegment) {
    String id = UUID.randomUUID().toString();
    addAll(List.of(id), List.of(embedding), List.of(textSegment));
    return id;
  }

  @Override
  public List<String> addAll(List<Embedding> embeddings) {
    List<String> ids = generateIds(embeddings.size());
    addAll(ids, embeddings, null);
    return ids;
  }

  /**
   * Adds (or replaces) embeddings with ids and segments in one batch: it is checked whole before
   * any of it is written.
   *
   * @param ids the ids, one per embedding
   * @param embeddings the embeddings
   * @param embedded the segments, one per embedding, or null for none
   * @throws IllegalArgumentException when the lists' sizes differ, naming them, or a segment's
   *     metadata cannot be stored
   */
  @Override
  public void addAll(
      List<String> ids, List<Embedding> embeddings, @Nullable List<TextSegment> embedded) {
    if (ids.size() != embeddings.size()
        || (embedded != null && embedded.size() != embeddings.size())) {
      throw new IllegalArgumentException(
          "ids ("
              + ids.size()
              + "), embeddings ("
              + embeddings.size()
              + ") and segments ("
              + (embedded == null ? "none" : embedded.size())
              + ") must have the same size");
    }
    List<Point> points = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      TextSegment segment = embedded == null ? null : embedded.get(i);
      Map<String, Object> payload =
          segment == null ? Map.of() : MetadataCodec.toPayload(segment, textKey);
      points.add(Point.of(ids.get(i), embeddings.get(i).vector(), payload));
    }
    collection.upsert(points);
  }

  @Override
  public void remove(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id cannot be null or blank");
    }
    collection.delete(id);
  }

  @Override
  public void removeAll(java.util.Collection<String> ids) {
    if (ids == null || ids.isEmpty()) {
      throw new IllegalArgumentException("ids cannot be null or empty");
    }
    collection.delete(List.copyOf(ids));
  }

  @Override
  public void removeAll(dev.langchain4j.store.embedding.filter.Filter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter cannot be null");
    }
    collection.deleteWhere(FilterMapper.map(filter, textKey));
  }

  @Override
  public void removeAll() {
    collection.deleteWhere(Filter.and());
  }

  @Override
  public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
    SearchRequest query =
        SearchRequest.of(request.queryEmbedding().vector())
            .limit(request.maxResults())
            .includeVector(true);
    if (request.filter() != null) {
      query = query.filter(FilterMapper.map(request.filter(), textKey));
    }
    double minScore = request.minScore();
    if (minScore > 0) {
      // relevance = (cosine + 1) / 2; a hair lower so float rounding never drops a match, which the
      // exact check below then decides.
      query = query.scoreThreshold((float) (2 * minScore - 1) - 1e-6f);
    }
    List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>();
    for (Hit hit : collection.search(query)) {
      double relevance = RelevanceScore.fromCosineSimilarity(hit.score());
      if (relevance < minScore) {
        continue;
      }
      float[] vector = Objects.requireNonNull(hit.vector(), "hit vector");
      matches.add(
          new EmbeddingMatch<>(
              relevance,
              hit.id(),
              Embedding.from(vector),
              MetadataCodec.toSegment(hit.payload(), textKey)));
    }
    return new EmbeddingSearchResult<>(matches);
  }

  /**
   * Options of a {@link VectorizerEmbeddingStore}.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final Collection collection;
    private String textKey = "text";

    private Builder(Collection collection) {
      this.collection = collection;
    }

    /**
     * Sets the payload field that holds a segment's text (default {@code text}). Segment metadata
     * may not use this key.
     *
     * @param textKey a non-empty key without {@code '.'}
     * @return this builder
     */
    public Builder textKey(String textKey) {
      if (textKey == null || textKey.isEmpty() || textKey.indexOf('.') >= 0) {
        throw new IllegalArgumentException(
            "textKey must be non-empty and contain no '.', got " + textKey);
      }
      this.textKey = textKey;
      return this;
    }

    /**
     * Builds the store.
     *
     * @return the store
     * @throws IllegalArgumentException when the collection's metric is {@link Metric#EUCLIDEAN}
     */
    public VectorizerEmbeddingStore build() {
      if (collection.config().metric() == Metric.EUCLIDEAN) {
        throw new IllegalArgumentException(
            "collection '"
                + collection.name()
                + "' uses the EUCLIDEAN metric; LangChain4j relevance scores need COSINE (or"
                + " DOT_PRODUCT over unit vectors)");
      }
      return new VectorizerEmbeddingStore(collection, textKey);
    }
  }
}
