package dev.vectorizer.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vectorizer.Collection;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The point routes (upsert, get, delete, count) and vector search, over the public API.
 *
 * <p>Thread-safe.
 */
final class PointRoutes {
  static final Set<String> UPSERT_FIELDS = Set.of("points");
  static final Set<String> POINT_FIELDS = Set.of("id", "vector", "payload");
  static final Set<String> DELETE_FIELDS = Set.of("ids", "filter");
  static final Set<String> COUNT_FIELDS = Set.of("filter");
  static final Set<String> SEARCH_FIELDS =
      Set.of(
          "vector",
          "limit",
          "filter",
          "beam_width",
          "exact",
          "with_payload",
          "with_vector",
          "score_threshold");

  private final VectorStore store;
  private final int maxBatch;
  private final int maxLimit;
  private final ServerMetrics metrics;

  PointRoutes(VectorStore store, int maxBatch, int maxLimit, ServerMetrics metrics) {
    this.store = store;
    this.maxBatch = maxBatch;
    this.maxLimit = maxLimit;
    this.metrics = metrics;
  }

  Reply upsert(Call c) {
    Collection col = store.collection(c.collection());
    List<JsonNode> items = c.json().array("points", maxBatch);
    List<Point> points = new ArrayList<>(items.size());
    int dimension = col.config().dimension();
    for (int i = 0; i < items.size(); i++) {
      JsonBody p = JsonBody.of(items.get(i), "points[" + i + "]", POINT_FIELDS);
      String id = p.string("id", null);
      float[] vector = p.vector("vector");
      if (vector.length != dimension) {
        throw ApiException.badRequest(
            "'points["
                + i
                + "].vector' (id '"
                + id
                + "') has "
                + vector.length
                + " components, collection '"
                + c.auditCollection
                + "' has dimension "
                + dimension);
      }
      try {
        points.add(Point.of(id, vector, p.object("payload")));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("'points[" + i + "]': " + e.getMessage());
      }
    }
    col.upsert(points);
    return Reply.ok(Map.of("upserted", points.size()));
  }

  Reply get(Call c) {
    Collection col = store.collection(c.collection());
    String id = c.param("id");
    Point p =
        col.get(Point.checkId(id))
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "point_not_found",
                        "no point '" + id + "' in collection '" + c.auditCollection + "'"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("vector", p.vector());
    m.put("payload", p.payload());
    return Reply.ok(m);
  }

  Reply delete(Call c) {
    Collection col = store.collection(c.collection());
    JsonBody b = c.json();
    if (b.has("ids") == b.has("filter")) {
      throw ApiException.badRequest("give either 'ids' or 'filter'");
    }
    long deleted;
    if (b.has("ids")) {
      List<String> ids = b.strings("ids", maxBatch);
      ids.forEach(Point::checkId);
      deleted = col.delete(ids);
    } else {
      deleted = col.deleteWhere(FilterJson.parse(b.raw("filter"), "filter"));
    }
    return Reply.ok(Map.of("deleted", deleted));
  }

  Reply count(Call c) {
    Collection col = store.collection(c.collection());
    JsonBody b = c.json();
    long n = b.has("filter") ? col.count(FilterJson.parse(b.raw("filter"), "filter")) : col.count();
    return Reply.ok(Map.of("count", n));
  }

  Reply search(Call c) {
    Collection col = store.collection(c.collection());
    JsonBody b = c.json();
    float[] vector = b.vector("vector");
    int dimension = col.config().dimension();
    if (vector.length != dimension) {
      throw ApiException.badRequest(
          "'vector' has "
              + vector.length
              + " components, collection '"
              + c.auditCollection
              + "' has dimension "
              + dimension);
    }
    SearchRequest r =
        SearchRequest.of(vector)
            .limit(b.integer("limit", 10, 1, maxLimit, "max_limit"))
            .exact(b.bool("exact", false))
            .includePayload(b.bool("with_payload", true))
            .includeVector(b.bool("with_vector", false));
    if (b.has("beam_width")) {
      r = r.beamWidth(b.integer("beam_width", 0, 1, SearchRequest.MAX_BEAM_WIDTH, null));
    }
    if (b.has("filter")) {
      Filter f = FilterJson.parse(b.raw("filter"), "filter");
      r = r.filter(f);
    }
    Float threshold = b.optionalFloat("score_threshold");
    if (threshold != null) {
      r = r.scoreThreshold(threshold);
    }
    long start = System.nanoTime();
    List<Hit> hits = col.search(r);
    metrics.store().recordSearch(col.name(), System.nanoTime() - start);
    List<Object> out = new ArrayList<>(hits.size());
    for (Hit h : hits) {
      Map<String, Object> m = new LinkedHashMap<>(4);
      m.put("id", h.id());
      m.put("score", h.score());
      if (r.includePayload()) {
        m.put("payload", h.payload());
      }
      if (r.includeVector()) {
        m.put("vector", h.vector());
      }
      out.add(m);
    }
    return Reply.ok(Map.of("hits", out));
  }
}
