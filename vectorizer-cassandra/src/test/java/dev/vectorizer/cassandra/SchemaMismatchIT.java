package dev.vectorizer.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorizerException;
import dev.vectorizer.cassandra.internal.Names;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tables that do not match the collection's configuration are reported, never reinterpreted. */
class SchemaMismatchIT {
  private static CqlSession raw() {
    return CqlSession.builder()
        .addContactPoint(new InetSocketAddress("127.0.0.1", CassandraNode.shared().port()))
        .withLocalDatacenter("datacenter1")
        .withConfigLoader(
            DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                .build())
        .build();
  }

  @Test
  void aVectorIndexWithAnotherMetricIsNamed() {
    String uri = CassandraNode.shared().uri("mismatch_metric");
    try (CassandraVectorStore s = CassandraVectorStore.open(uri)) {
      s.createCollection("docs", CollectionConfig.of(4), List.of(IndexedField.parse("lang:text")))
          .upsert(Point.of("a", new float[] {1, 0, 0, 0}, Map.of("lang", "en")));
    }
    String table = "mismatch_metric." + Names.table("docs");
    try (CqlSession cql = raw()) {
      cql.execute("DROP INDEX mismatch_metric." + Names.vectorIndex(Names.table("docs")));
      cql.execute(
          "CREATE CUSTOM INDEX ON "
              + table
              + " (vector) USING 'StorageAttachedIndex'"
              + " WITH OPTIONS = {'similarity_function': 'euclidean'}");
    }
    try (CassandraVectorStore s = CassandraVectorStore.open(uri)) {
      VectorizerException e = assertThrows(VectorizerException.class, () -> s.collection("docs"));
      assertTrue(
          e.getMessage()
              .contains(
                  "the vector index uses similarity_function euclidean, the collection's metric"
                      + " COSINE needs cosine"),
          e.getMessage());
      assertTrue(e.getMessage().contains(table), e.getMessage());
    }
  }

  @Test
  void aTableWithAnotherDimensionIsNamedAndNotAdopted() {
    String uri = CassandraNode.shared().uri("mismatch_dim");
    try (CassandraVectorStore s = CassandraVectorStore.open(uri)) {
      try (CqlSession cql = raw()) {
        cql.execute(
            "CREATE TABLE mismatch_dim."
                + Names.table("docs")
                + " (id text PRIMARY KEY, vector vector<float, 3>, payload text)");
      }
      VectorizerException e =
          assertThrows(
              VectorizerException.class,
              () ->
                  s.createCollection(
                      "docs", CollectionConfig.builder(4).metric(Metric.DOT_PRODUCT).build()));
      assertTrue(
          e.getMessage()
              .contains(
                  "column vector is vector<float, 3>, expected vector<float, 4> (the collection's"
                      + " dimension is 4)"),
          e.getMessage());
      assertFalse(s.hasCollection("docs"), "a failed create leaves no catalog entry");
    }
  }

  @Test
  void anIndexedFieldHoldingAnotherTypeIsRejectedOnUpsert() {
    try (CassandraVectorStore s =
        CassandraVectorStore.open(CassandraNode.shared().uri("field_types"))) {
      var c =
          s.createCollection(
              "docs", CollectionConfig.of(2), List.of(IndexedField.parse("year:number")));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  c.upsert(
                      List.of(
                          Point.of("ok", new float[] {1, 0}, Map.of("year", 2024)),
                          Point.of("bad", new float[] {0, 1}, Map.of("year", List.of(1, 2))))));
      assertTrue(
          e.getMessage()
              .startsWith("point 'bad' has a list ([1, 2]) at 'year', which collection 'docs'"),
          e.getMessage());
      assertEquals(0, c.count(), "a rejected batch is not applied in part");
      UnsupportedOperationException exact =
          assertThrows(
              UnsupportedOperationException.class,
              () -> c.search(SearchRequest.of(new float[] {1, 0}).exact(true)));
      assertTrue(exact.getMessage().contains("vectorizer migrate"), exact.getMessage());
      UnsupportedOperationException snap =
          assertThrows(UnsupportedOperationException.class, c::snapshot);
      assertTrue(snap.getMessage().contains("nodetool snapshot field_types"), snap.getMessage());
      assertTrue(
          assertThrows(UnsupportedOperationException.class, s::check)
              .getMessage()
              .contains("nodetool verify field_types"));
      assertTrue(
          assertThrows(UnsupportedOperationException.class, () -> s.repair("docs"))
              .getMessage()
              .contains("nodetool scrub field_types"));
    }
  }
}
