package dev.vectorizer.springai.autoconfigure;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code vectorizer.*} properties of the Spring Boot auto-configuration.
 *
 * <pre>
 * vectorizer.data-directory=./vectorizer-data   # unset: an in-memory store
 * vectorizer.collection=spring-ai
 * vectorizer.dimension=384                      # default: the embedding model's
 * vectorizer.metric=cosine                      # cosine or dot
 * vectorizer.embedder=minilm                    # used when the context has no EmbeddingModel
 * </pre>
 *
 * <p>Not thread-safe (Spring binds it once).
 */
@ConfigurationProperties(prefix = "vectorizer")
public class VectorizerProperties {
  private @Nullable Path dataDirectory;
  private String collection = "spring-ai";
  private @Nullable Integer dimension;
  private String metric = "cosine";
  private @Nullable String embedder;

  /** Creates the properties with their defaults. */
  public VectorizerProperties() {}

  /**
   * The data directory of a durable store, or null for an in-memory one.
   *
   * @return the directory or null
   */
  public @Nullable Path getDataDirectory() {
    return dataDirectory;
  }

  /**
   * Sets the data directory.
   *
   * @param dataDirectory the directory, or null for an in-memory store
   */
  public void setDataDirectory(@Nullable Path dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  /**
   * The collection's name.
   *
   * @return the name
   */
  public String getCollection() {
    return collection;
  }

  /**
   * Sets the collection's name.
   *
   * @param collection the name
   */
  public void setCollection(String collection) {
    this.collection = collection;
  }

  /**
   * The dimension, or null for the embedding model's.
   *
   * @return the dimension or null
   */
  public @Nullable Integer getDimension() {
    return dimension;
  }

  /**
   * Sets the dimension.
   *
   * @param dimension the dimension, or null for the embedding model's
   */
  public void setDimension(@Nullable Integer dimension) {
    this.dimension = dimension;
  }

  /**
   * The metric name: {@code cosine} or {@code dot}.
   *
   * @return the metric
   */
  public String getMetric() {
    return metric;
  }

  /**
   * Sets the metric.
   *
   * @param metric {@code cosine} or {@code dot}
   */
  public void setMetric(String metric) {
    this.metric = metric;
  }

  /**
   * The Vectorizer embedder to use when the context has no {@code EmbeddingModel}, or null.
   *
   * @return the embedder name or null
   */
  public @Nullable String getEmbedder() {
    return embedder;
  }

  /**
   * Sets the embedder name ({@code hashing}, {@code minilm}, {@code bge-small}).
   *
   * @param embedder the name
   */
  public void setEmbedder(@Nullable String embedder) {
    this.embedder = embedder;
  }
}
