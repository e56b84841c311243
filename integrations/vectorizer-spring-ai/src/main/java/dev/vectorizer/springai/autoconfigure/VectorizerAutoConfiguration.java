package dev.vectorizer.springai.autoconfigure;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Embedder;
import dev.vectorizer.Metric;
import dev.vectorizer.VectorStore;
import dev.vectorizer.springai.VectorizerEmbeddingModel;
import dev.vectorizer.springai.VectorizerVectorStore;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration: a Vectorizer store (durable in {@code vectorizer.data-directory},
 * else in memory; closed with the context), an {@code EmbeddingModel} from {@code
 * vectorizer.embedder} when the application defines none, and a Spring AI {@code VectorStore} over
 * the collection {@code vectorizer.collection}. Each bean backs off when the application defines
 * its own.
 */
@AutoConfiguration
@ConditionalOnClass({VectorStore.class, org.springframework.ai.vectorstore.VectorStore.class})
@EnableConfigurationProperties(VectorizerProperties.class)
public class VectorizerAutoConfiguration {
  /** Creates the configuration; Spring calls this. */
  public VectorizerAutoConfiguration() {}

  /**
   * The Vectorizer store.
   *
   * @param properties the properties
   * @return a durable or in-memory store
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public VectorStore vectorizerStore(VectorizerProperties properties) {
    return properties.getDataDirectory() == null
        ? VectorStore.inMemory()
        : VectorStore.open(properties.getDataDirectory());
  }

  /**
   * An embedding model from a Vectorizer embedder, when the application has none.
   *
   * @param properties the properties
   * @return the model
   */
  @Bean
  @ConditionalOnMissingBean(EmbeddingModel.class)
  @ConditionalOnProperty(prefix = "vectorizer", name = "embedder")
  public VectorizerEmbeddingModel vectorizerEmbeddingModel(VectorizerProperties properties) {
    return new VectorizerEmbeddingModel(
        Embedder.byName(java.util.Objects.requireNonNull(properties.getEmbedder())));
  }

  /**
   * The Spring AI vector store.
   *
   * @param store the Vectorizer store
   * @param embeddingModel the embedding model
   * @param properties the properties
   * @param observations the observation registry, when there is one
   * @return the vector store
   * @throws IllegalArgumentException when the collection exists with another dimension or metric
   */
  @Bean
  @ConditionalOnMissingBean(org.springframework.ai.vectorstore.VectorStore.class)
  public VectorizerVectorStore vectorizerVectorStore(
      VectorStore store,
      EmbeddingModel embeddingModel,
      VectorizerProperties properties,
      ObjectProvider<ObservationRegistry> observations) {
    int dimension =
        properties.getDimension() != null ? properties.getDimension() : embeddingModel.dimensions();
    Metric metric = Metric.parse(properties.getMetric());
    var collection =
        store.getOrCreateCollection(
            properties.getCollection(), CollectionConfig.builder(dimension).metric(metric).build());
    return VectorizerVectorStore.builder(collection, embeddingModel)
        .observationRegistry(observations.getIfUnique(() -> ObservationRegistry.NOOP))
        .build();
  }
}
