package dev.vectorizer.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorStoreMetricsTest {
  @TempDir Path dir;

  private static void fill(Collection c, int n) {
    for (int i = 0; i < n; i++) {
      c.upsert(Point.of("p" + i, new float[] {i, 1, 2}, Map.of("i", i)));
    }
  }

  @Test
  void gaugesAndCountersFollowTheStore() {
    try (VectorStore store = VectorStore.open(dir);
        VectorStoreMetrics metrics = VectorStoreMetrics.of(store)) {
      Collection docs = store.createCollection("docs", CollectionConfig.of(3));
      fill(docs, 10);
      docs.delete("p0");
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      metrics.bindTo(registry);

      assertEquals(1.0, registry.get(VectorStoreMetrics.STORE_COLLECTIONS).gauge().value());
      assertEquals(9.0, registry.get(VectorStoreMetrics.STORE_POINTS).gauge().value());
      assertEquals(
          9.0,
          registry
              .get(VectorStoreMetrics.COLLECTION_POINTS)
              .tag("collection", "docs")
              .gauge()
              .value());
      assertEquals(
          1.0,
          registry
              .get(VectorStoreMetrics.COLLECTION_DELETED)
              .tag("collection", "docs")
              .gauge()
              .value());
      assertEquals(
          1.0,
          registry
              .get(VectorStoreMetrics.COLLECTION_SEGMENTS)
              .tag("collection", "docs")
              .gauge()
              .value());

      List<?> hits =
          metrics.timeSearch("docs", () -> docs.search(SearchRequest.of(new float[] {1, 1, 2})));
      assertEquals(9, hits.size());
      assertEquals(
          1,
          registry.get(VectorStoreMetrics.SEARCH_TIMER).tag("collection", "docs").timer().count());
      double searches =
          registry
                  .get(VectorStoreMetrics.COLLECTION_SEARCHES)
                  .tags("collection", "docs", "kind", "graph")
                  .functionCounter()
                  .count()
              + registry
                  .get(VectorStoreMetrics.COLLECTION_SEARCHES)
                  .tags("collection", "docs", "kind", "exact")
                  .functionCounter()
                  .count();
      assertEquals(1.0, searches);
      assertTrue(
          registry
                  .get(VectorStoreMetrics.COLLECTION_WAL_BYTES)
                  .tag("collection", "docs")
                  .functionCounter()
                  .count()
              > 10 * 3 * 4);
      assertTrue(
          registry
                  .get(VectorStoreMetrics.COLLECTION_WAL_FSYNC)
                  .tag("collection", "docs")
                  .functionTimer()
                  .count()
              >= 1);

      // A new collection appears on refresh; a dropped one disappears.
      Collection other = store.createCollection("other", CollectionConfig.of(3));
      fill(other, 3);
      assertNull(
          registry.find(VectorStoreMetrics.COLLECTION_POINTS).tag("collection", "other").gauge());
      metrics.refresh();
      assertEquals(
          3.0,
          registry
              .get(VectorStoreMetrics.COLLECTION_POINTS)
              .tag("collection", "other")
              .gauge()
              .value());
      store.dropCollection("docs");
      assertTrue(
          Double.isNaN(
              registry
                  .get(VectorStoreMetrics.COLLECTION_POINTS)
                  .tag("collection", "docs")
                  .gauge()
                  .value()));
      metrics.refresh();
      assertNull(
          registry.find(VectorStoreMetrics.COLLECTION_POINTS).tag("collection", "docs").gauge());
      assertNull(registry.find(VectorStoreMetrics.SEARCH_TIMER).tag("collection", "docs").timer());

      metrics.close();
      assertTrue(registry.getMeters().isEmpty(), registry.getMeters().toString());
    }
  }

  @Test
  void prometheusNamesAreTheDocumentedOnes() {
    try (VectorStore store = VectorStore.inMemory();
        VectorStoreMetrics metrics = VectorStoreMetrics.of(store)) {
      fill(store.createCollection("docs", CollectionConfig.of(3)), 2);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      metrics.bindTo(registry);
      metrics.timeSearch(
          "docs", () -> store.collection("docs").search(SearchRequest.of(new float[] {1, 2, 3})));
      String text = registry.scrape();
      for (String name :
          List.of(
              "vectorizer_store_collections 1",
              "vectorizer_store_points 2",
              "vectorizer_collection_points{collection=\"docs\"} 2",
              "vectorizer_collection_deleted_points{collection=\"docs\"} 0",
              "vectorizer_collection_segments{collection=\"docs\"} 1",
              "vectorizer_collection_graph_nodes{collection=\"docs\"}",
              "vectorizer_collection_searches_total{collection=\"docs\",kind=\"exact\"} 1",
              "vectorizer_collection_compactions_total{collection=\"docs\"} 0",
              "vectorizer_collection_merges_total{collection=\"docs\"} 0",
              "vectorizer_collection_wal_bytes_total{collection=\"docs\"} 0",
              "vectorizer_collection_wal_fsync_seconds_count{collection=\"docs\"} 0",
              "vectorizer_search_seconds_count{collection=\"docs\"} 1",
              "vectorizer_search_seconds_bucket{collection=\"docs\",le=")) {
        assertTrue(text.contains(name), name + " missing from\n" + text);
      }
    }
  }
}
