package dev.vectorizer.springai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vectorizer.Embedder;
import dev.vectorizer.VectorStore;
import dev.vectorizer.springai.VectorizerEmbeddingModel;
import dev.vectorizer.springai.VectorizerVectorStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Boot auto-configuration, run as an application would, with its properties. */
class VectorizerAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(VectorizerAutoConfiguration.class));

  @TempDir Path dir;

  @Test
  void propertiesGiveADurableStoreThatSurvivesTheContext() {
    String[] props = {
      "vectorizer.data-directory=" + dir,
      "vectorizer.collection=docs",
      "vectorizer.embedder=hashing"
    };
    runner
        .withPropertyValues(props)
        .run(
            context -> {
              assertThat(context).hasSingleBean(VectorizerVectorStore.class);
              assertThat(context).hasSingleBean(VectorizerEmbeddingModel.class);
              var vectors = context.getBean(org.springframework.ai.vectorstore.VectorStore.class);
              vectors.add(
                  List.of(new Document("a", "espresso brewed under pressure", java.util.Map.of())));
              assertThat(context.getBean(VectorStore.class).stats().durable()).isTrue();
            });
    // The context closed the store (its lock is free) and the document is on disk.
    try (VectorStore reopened = VectorStore.open(dir)) {
      assertThat(reopened.collection("docs").count()).isEqualTo(1);
      assertThat(reopened.collection("docs").config().dimension()).isEqualTo(384);
    }
    runner
        .withPropertyValues(props)
        .run(
            context ->
                assertThat(
                        context
                            .getBean(org.springframework.ai.vectorstore.VectorStore.class)
                            .similaritySearch(
                                SearchRequest.builder().query("espresso").topK(1).build()))
                    .extracting(Document::getId)
                    .containsExactly("a"));
  }

  @Test
  void withoutADataDirectoryTheStoreIsInMemory() {
    runner
        .withPropertyValues("vectorizer.embedder=hashing", "vectorizer.metric=dot")
        .run(
            context -> {
              assertThat(context.getBean(VectorStore.class).stats().durable()).isFalse();
              assertThat(
                      context.getBean(VectorizerVectorStore.class).collection().config().metric())
                  .isEqualTo(dev.vectorizer.Metric.DOT_PRODUCT);
            });
  }

  @Test
  void anApplicationEmbeddingModelWinsAndTheDimensionFollowsIt() {
    runner
        .withBean(
            EmbeddingModel.class,
            () ->
                new VectorizerEmbeddingModel(
                    new Embedder() {
                      @Override
                      public String id() {
                        return "tiny";
                      }

                      @Override
                      public int dimension() {
                        return 3;
                      }

                      @Override
                      public float[] embed(String text) {
                        return new float[] {1, text.length(), 1};
                      }
                    }))
        .run(
            context -> {
              assertThat(
                      context
                          .getBean(VectorizerVectorStore.class)
                          .collection()
                          .config()
                          .dimension())
                  .isEqualTo(3);
              assertThat(context).getBeans(EmbeddingModel.class).hasSize(1);
            });
  }

  @Test
  void withoutAnyEmbeddingModelTheContextFailsNamingIt() {
    runner.run(
        context ->
            assertThat(context).hasFailed().getFailure().hasStackTraceContaining("EmbeddingModel"));
  }

  @Test
  void anApplicationVectorStoreWins() {
    runner
        .withPropertyValues("vectorizer.embedder=hashing")
        .withBean(
            "mine",
            org.springframework.ai.vectorstore.VectorStore.class,
            () ->
                org.springframework.ai.vectorstore.SimpleVectorStore.builder(
                        new VectorizerEmbeddingModel(Embedder.byName("hashing")))
                    .build())
        .run(context -> assertThat(context).doesNotHaveBean(VectorizerVectorStore.class));
  }
}
