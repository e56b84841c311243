package dev.vectorizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builders of the API: defaults, copies, and messages that name the bad value. */
class ConfigAndRequestTest {
  private static String error(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void collectionConfigDefaultsAndCopies() {
    CollectionConfig c = CollectionConfig.of(384);
    assertEquals(384, c.dimension());
    assertEquals(Metric.COSINE, c.metric());
    assertEquals(32, c.maxDegree());
    assertEquals(64, c.beamWidth());
    assertEquals(100, c.searchBeamWidth());
    assertNull(c.embedder());
    CollectionConfig d = c.toBuilder().metric(Metric.EUCLIDEAN).maxDegree(16).build();
    assertEquals(Metric.EUCLIDEAN, d.metric());
    assertEquals(16, d.maxDegree());
    assertEquals(384, d.dimension());
    assertEquals(c, c.toBuilder().build(), "a round trip through the builder is equal");
    assertEquals(c.hashCode(), c.toBuilder().build().hashCode());
    assertNotEquals(c, d);
  }

  @Test
  void collectionConfigRefusesOutOfRangeValuesNamingThem() {
    assertEquals(
        "dimension must be between 1 and 16384, got 0", error(() -> CollectionConfig.of(0)));
    assertEquals(
        "dimension must be between 1 and 16384, got 16385",
        error(() -> CollectionConfig.of(16_385)));
    assertEquals(
        "alpha must be between 1.0 and 4.0, got NaN",
        error(() -> CollectionConfig.builder(4).alpha(Float.NaN)));
    assertTrue(error(() -> CollectionConfig.builder(4).neighborOverflow(0.5f)).contains("got 0.5"));
    assertTrue(error(() -> CollectionConfig.builder(4).maxDegree(0)).startsWith("maxDegree"));
    assertTrue(error(() -> CollectionConfig.builder(4).beamWidth(-1)).contains("got -1"));
    assertEquals("embedder id is blank", error(() -> CollectionConfig.builder(4).embedder(" ")));
  }

  @Test
  void searchRequestsAreImmutableAndChecked() {
    float[] v = {1, 2, 3};
    SearchRequest r = SearchRequest.of(v);
    v[0] = 99;
    assertArrayEquals(new float[] {1, 2, 3}, r.vector(), "the vector is copied");
    assertEquals(10, r.limit());
    SearchRequest s = r.limit(3).beamWidth(50).exact(true).scoreThreshold(0.5f);
    assertEquals(10, r.limit(), "setters return new requests");
    assertEquals(3, s.limit());
    assertEquals(50, s.beamWidth());
    assertTrue(s.exact());
    assertEquals(0.5f, s.scoreThreshold());
    assertTrue(error(() -> r.limit(0)).startsWith("limit must be between 1 and"));
    assertTrue(error(() -> r.limit(0)).endsWith("got 0"));
    assertTrue(error(() -> r.beamWidth(0)).endsWith("got 0"));
    assertTrue(error(() -> r.scoreThreshold(Float.NaN)).contains("finite"));
    assertTrue(error(() -> SearchRequest.of(new float[] {1, Float.NaN})).contains("query"));
  }

  @Test
  void storeBuilderAndOptionsCheckTheirValues() {
    Path dir = Path.of("data");
    assertEquals(
        "sealThreshold must be >= 1, got 0",
        error(() -> VectorStore.builder(dir).sealThreshold(0)));
    assertEquals(
        "maxSegments must be >= 1, got -2", error(() -> VectorStore.builder(dir).maxSegments(-2)));
    StoreOptions o = StoreOptions.defaults(dir);
    assertEquals(Durability.FSYNC, o.durability());
    assertEquals(StoreOptions.DEFAULT_SEAL_THRESHOLD, o.sealThreshold());
    assertThrows(NullPointerException.class, () -> VectorStore.builder(null));
    assertTrue(
        error(() -> new StoreOptions(dir, Durability.NONE, false, 1, 0)).contains("maxSegments"));
  }

  @Test
  void reportsAndStatsCopyTheirCollections() {
    CheckReport empty = new CheckReport(java.util.List.of());
    assertTrue(empty.clean());
    CheckReport.Finding warning =
        new CheckReport.Finding("c", null, CheckReport.Severity.WARNING, "torn tail", "cut it");
    CheckReport one = new CheckReport(java.util.List.of(warning));
    assertTrue(!one.clean() && !one.hasErrors());
    assertThrows(
        NullPointerException.class,
        () -> new CheckReport.Finding(null, null, CheckReport.Severity.ERROR, "x", null));
    java.util.HashMap<String, String> bad = new java.util.HashMap<>(Map.of("c", "corrupt"));
    StoreStats stats = new StoreStats(1, 0, "scalar", true, bad);
    bad.clear();
    assertEquals(Map.of("c", "corrupt"), stats.unavailable());
  }

  @Test
  void withoutAnEngineTheFactoriesSayWhatToAdd() {
    VectorizerException e = assertThrows(VectorizerException.class, VectorStore::inMemory);
    assertTrue(e.getMessage().contains("vectorizer-core"), e.getMessage());
  }
}
