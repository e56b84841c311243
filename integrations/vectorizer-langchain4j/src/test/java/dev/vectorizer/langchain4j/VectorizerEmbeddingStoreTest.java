package dev.vectorizer.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Embedder;
import dev.vectorizer.Metric;
import dev.vectorizer.TextCollection;
import dev.vectorizer.VectorStore;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the kit does not cover: key escaping, the text key, interop, errors, score bounds. */
class VectorizerEmbeddingStoreTest {
  private VectorStore store;
  private VectorizerEmbeddingStore embeddings;

  @BeforeEach
  void open() {
    store = VectorStore.inMemory();
    embeddings = VectorizerEmbeddingStore.builder(store, "docs", 3).build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Embedding e(float... v) {
    return Embedding.from(v);
  }

  private List<EmbeddingMatch<TextSegment>> search(Embedding q, int max, Filter filter) {
    return embeddings
        .search(
            EmbeddingSearchRequest.builder()
                .queryEmbedding(q)
                .maxResults(max)
                .filter(filter)
                .build())
        .matches();
  }

  @Test
  void metadataKeysWithDotsAndPercentSignsRoundTripAndFilter() {
    Metadata m = new Metadata().put("file.name", "a.txt").put("100%", 1).put("%2E", "literal");
    embeddings.add(e(1, 0, 0), TextSegment.from("hello", m));
    embeddings.add(e(0, 1, 0), TextSegment.from("other", new Metadata().put("file.name", "b.txt")));
    List<EmbeddingMatch<TextSegment>> hits =
        search(e(1, 0, 0), 5, metadataKey("file.name").isEqualTo("a.txt"));
    assertThat(hits).hasSize(1);
    Metadata back = hits.get(0).embedded().metadata();
    assertThat(back.toMap()).isEqualTo(m.toMap());
    assertThat(search(e(1, 0, 0), 5, metadataKey("%2E").isEqualTo("literal"))).hasSize(1);
  }

  @Test
  void metadataMayNotUseTheTextKeyAndTheBatchIsNotApplied() {
    TextSegment good = TextSegment.from("fine");
    TextSegment bad = TextSegment.from("bad", new Metadata().put("text", "clash"));
    assertThatThrownBy(
            () ->
                embeddings.addAll(
                    List.of("a", "b"), List.of(e(1, 0, 0), e(0, 1, 0)), List.of(good, bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'text'")
        .hasMessageContaining("textKey");
    assertThat(embeddings.collection().count()).isZero();
    VectorizerEmbeddingStore other =
        VectorizerEmbeddingStore.builder(embeddings.collection()).textKey("body").build();
    other.add(e(1, 0, 0), bad);
    // The same point read through a store with the default text key: "text" is the text there.
    TextSegment seen = search(e(1, 0, 0), 1, null).get(0).embedded();
    assertThat(seen.text()).isEqualTo("clash");
    assertThat(seen.metadata().getString("body")).isEqualTo("bad");
  }

  @Test
  void sizeMismatchIsNamed() {
    assertThatThrownBy(() -> embeddings.addAll(List.of("a"), List.of(e(1, 0, 0), e(0, 1, 0)), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ids (1), embeddings (2)");
  }

  @Test
  void euclideanCollectionsAreRefused() {
    var c =
        store.createCollection("l2", CollectionConfig.builder(3).metric(Metric.EUCLIDEAN).build());
    assertThatThrownBy(() -> VectorizerEmbeddingStore.create(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'l2' uses the EUCLIDEAN metric");
  }

  @Test
  void unsupportedFiltersAreNamed() {
    embeddings.add(e(1, 0, 0), TextSegment.from("x"));
    Filter custom = object -> true;
    assertThatThrownBy(() -> search(e(1, 0, 0), 1, custom))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported LangChain4j filter");
    assertThatThrownBy(
            () ->
                search(
                    e(1, 0, 0),
                    1,
                    new dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan(
                        "id", UUID.randomUUID())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("range filters take numbers or strings");
  }

  @Test
  void minScoreIsARelevanceBoundInclusive() {
    embeddings.add("same", e(1, 0, 0));
    embeddings.add("orthogonal", e(0, 1, 0)); // cosine 0, relevance 0.5
    embeddings.add("opposite", e(-1, 0, 0)); // relevance 0
    List<EmbeddingMatch<TextSegment>> hits =
        embeddings
            .search(
                EmbeddingSearchRequest.builder()
                    .queryEmbedding(e(1, 0, 0))
                    .maxResults(10)
                    .minScore(0.5)
                    .build())
            .matches();
    assertThat(hits).extracting(EmbeddingMatch::embeddingId).containsExactly("same", "orthogonal");
    assertThat(hits.get(0).score()).isEqualTo(1.0);
    assertThat(hits.get(1).score()).isEqualTo(0.5);
    assertThat(hits.get(0).embedded()).isNull();
  }

  @Test
  void aTextCollectionsChunksAreSegments() {
    Embedder hashing = Embedder.byName("hashing");
    TextCollection notes = store.textCollection("notes", hashing);
    notes.upsert(
        "espresso.md", "Espresso is brewed with hot water under pressure.", Map.of("lang", "en"));
    notes.upsert("tea.md", "Green tea is steeped below boiling.", Map.of("lang", "en"));
    VectorizerEmbeddingStore view = VectorizerEmbeddingStore.create(notes.collection());
    List<EmbeddingMatch<TextSegment>> hits =
        view.search(
                EmbeddingSearchRequest.builder()
                    .queryEmbedding(Embedding.from(hashing.embedQuery("espresso brewed")))
                    .maxResults(1)
                    .filter(metadataKey("source").isEqualTo("espresso.md"))
                    .build())
            .matches();
    TextSegment segment = hits.get(0).embedded();
    assertThat(segment.text()).startsWith("Espresso is brewed");
    assertThat(segment.metadata().getString("lang")).isEqualTo("en");
    assertThat(segment.metadata().getInteger("chunk")).isZero();
  }
}
