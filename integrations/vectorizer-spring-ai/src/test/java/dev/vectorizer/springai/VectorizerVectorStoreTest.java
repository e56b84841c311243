package dev.vectorizer.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Embedder;
import dev.vectorizer.Metric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;

/** Search options, every filter operator, and errors, beyond what the kit checks. */
class VectorizerVectorStoreTest {
  private static final VectorizerEmbeddingModel MODEL =
      new VectorizerEmbeddingModel(Embedder.byName("hashing"));

  private dev.vectorizer.VectorStore store;
  private VectorizerVectorStore vectors;

  @BeforeEach
  void open() {
    store = dev.vectorizer.VectorStore.inMemory();
    vectors =
        VectorizerVectorStore.builder(
                store.createCollection("docs", CollectionConfig.of(MODEL.dimensions())), MODEL)
            .build();
    vectors.add(
        List.of(
            new Document(
                "espresso",
                "Espresso is brewed with hot water under pressure.",
                Map.of("lang", "en", "year", 2024, "meta", Map.of("author", "ann"))),
            new Document(
                "tea",
                "Green tea is steeped in water below boiling.",
                Map.of("lang", "en", "year", 2019)),
            new Document(
                "kaffee",
                "Kaffee wird mit heissem Wasser gebrueht.",
                Map.of("lang", "de", "year", 2021))));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private List<String> ids(String filter) {
    return vectors
        .similaritySearch(
            SearchRequest.builder()
                .query("espresso coffee water")
                .topK(10)
                .filterExpression(filter)
                .build())
        .stream()
        .map(Document::getId)
        .sorted()
        .toList();
  }

  @Test
  void everyFilterOperatorIsAnsweredByTheEngine() {
    assertThat(ids("lang == 'en'")).containsExactly("espresso", "tea");
    assertThat(ids("lang != 'en'")).containsExactly("kaffee");
    assertThat(ids("year > 2019")).containsExactly("espresso", "kaffee");
    assertThat(ids("year >= 2019 && year < 2024")).containsExactly("kaffee", "tea");
    assertThat(ids("year <= 2019 || lang == 'de'")).containsExactly("kaffee", "tea");
    assertThat(ids("lang IN ['de', 'fr']")).containsExactly("kaffee");
    assertThat(ids("lang NIN ['de', 'fr']")).containsExactly("espresso", "tea");
    assertThat(ids("NOT (lang == 'en')")).containsExactly("kaffee");
    assertThat(ids("lang > 'd' && lang < 'e'")).containsExactly("kaffee");
    assertThat(ids("meta.author == 'ann'")).containsExactly("espresso");
    assertThat(ids("meta IS NULL")).containsExactly("kaffee", "tea");
    assertThat(ids("meta IS NOT NULL")).containsExactly("espresso");
    var b = new FilterExpressionBuilder();
    assertThat(
            vectors.similaritySearch(
                SearchRequest.builder()
                    .query("tea")
                    .topK(10)
                    .filterExpression(b.eq("year", 2019).build())
                    .build()))
        .extracting(Document::getId)
        .containsExactly("tea");
  }

  @Test
  void resultsCarryTextMetadataScoreAndDistance() {
    Document best =
        vectors
            .similaritySearch(
                SearchRequest.builder().query("how is espresso brewed").topK(1).build())
            .get(0);
    assertThat(best.getId()).isEqualTo("espresso");
    assertThat(best.getText()).startsWith("Espresso is brewed");
    assertThat(best.getMetadata()).containsEntry("lang", "en").doesNotContainKey("text");
    assertThat((double) best.getMetadata().get("distance")).isEqualTo(1.0 - best.getScore());
  }

  @Test
  void similarityThresholdIsInclusiveAndZeroAcceptsAll() {
    List<Document> all =
        vectors.similaritySearch(
            SearchRequest.builder().query("espresso").topK(10).similarityThresholdAll().build());
    assertThat(all).hasSize(3);
    assertThat(all).anyMatch(d -> d.getScore() <= 0); // kept: 0 means accept all
    double best = all.get(0).getScore();
    List<Document> atLeast =
        vectors.similaritySearch(
            SearchRequest.builder().query("espresso").topK(10).similarityThreshold(best).build());
    assertThat(atLeast).extracting(Document::getId).containsExactly("espresso");
    List<Document> positive =
        vectors.similaritySearch(
            SearchRequest.builder().query("espresso").topK(10).similarityThreshold(1e-3).build());
    assertThat(positive).allMatch(d -> d.getScore() >= 1e-3).hasSizeLessThan(3);
  }

  @Test
  void badInputIsNamed() {
    assertThatThrownBy(() -> vectors.add(List.of(new Document("x", "t", Map.of("text", "clash")))))
        .hasMessageContaining("metadata key 'text'");
    var l2 =
        store.createCollection(
            "l2", CollectionConfig.builder(MODEL.dimensions()).metric(Metric.EUCLIDEAN).build());
    assertThatThrownBy(() -> VectorizerVectorStore.builder(l2, MODEL).build())
        .hasMessageContaining("'l2' uses the EUCLIDEAN metric");
    assertThatThrownBy(() -> ids("lang > true")).isInstanceOf(IllegalArgumentException.class);
  }
}
