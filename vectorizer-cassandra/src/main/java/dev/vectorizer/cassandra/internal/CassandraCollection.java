package dev.vectorizer.cassandra.internal;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.data.CqlVector;
import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionSnapshot;
import dev.vectorizer.CollectionStats;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.StoreClosedException;
import dev.vectorizer.cassandra.IndexedField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A collection stored in one Cassandra table (see {@link TableSchema}).
 *
 * <p>Searches: {@code ORDER BY vector ANN OF ? LIMIT n} with the SAI-evaluable part of the filter
 * as its {@code WHERE} clause ({@link CqlFilter}); the rest of the filter is applied here to
 * candidates fetched {@code overFetch} times over, growing up to {@code maxCandidates} (Cassandra
 * returns at most {@value #MAX_ANN} rows per ANN query) while the page comes back full. A filter
 * the client evaluates can therefore return fewer hits than match when fewer than {@code limit} of
 * the {@code maxCandidates} nearest points pass it. Scores are computed here from the returned
 * vectors, in the metric's natural form.
 *
 * <p>Writes: a batch is validated whole, then written as one INSERT per point (at most {@value
 * Cql#MAX_IN_FLIGHT} in flight); a failure part-way leaves part of the batch written (upserts are
 * idempotent: retry). Thread-safe.
 */
public final class CassandraCollection implements Collection {
  /** The largest LIMIT Cassandra 5.0 accepts on an ANN query. */
  public static final int MAX_ANN = 1000;

  private static final int PAGE = 1000;
  private static final int DELETE_CHUNK = 100;

  private final Cql cql;
  private final String name;
  private final CollectionConfig config;
  private final TableSchema schema;
  private final Map<String, CqlFilter.IndexedColumn> indexed = new LinkedHashMap<>();
  private final int overFetch;
  private final int maxCandidates;
  private final String insert;
  private final LongAdder searches = new LongAdder();
  private volatile boolean closed;

  /**
   * Creates the view of an existing, verified table.
   *
   * @param cql the session
   * @param name the collection's name
   * @param config its configuration
   * @param schema its table
   * @param overFetch candidates per wanted hit when part of a filter runs on the client
   * @param maxCandidates the most candidates one search fetches, up to {@value #MAX_ANN}
   */
  public CassandraCollection(
      Cql cql,
      String name,
      CollectionConfig config,
      TableSchema schema,
      int overFetch,
      int maxCandidates) {
    this.cql = cql;
    this.name = name;
    this.config = config;
    this.schema = schema;
    this.overFetch = overFetch;
    this.maxCandidates = Math.min(maxCandidates, MAX_ANN);
    StringBuilder cols = new StringBuilder("id, vector, payload");
    StringBuilder marks = new StringBuilder("?, ?, ?");
    for (IndexedField f : schema.fields()) {
      String column = Names.fieldColumn(f.path());
      indexed.put(f.path(), new CqlFilter.IndexedColumn(column, f.type()));
      cols.append(", ").append(column);
      marks.append(", ?");
    }
    this.insert = "INSERT INTO " + schema.qualified() + " (" + cols + ") VALUES (" + marks + ")";
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CollectionConfig config() {
    return config;
  }

  /**
   * The table and its indexed fields.
   *
   * @return the schema
   */
  public TableSchema schema() {
    return schema;
  }

  /** Marks the collection closed (dropped, or its store closed). */
  public void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException(
          "collection '" + name + "' is closed (dropped, or its store was closed)");
    }
  }

  @Override
  public void upsert(Point point) {
    upsert(List.of(Objects.requireNonNull(point, "point")));
  }

  @Override
  public void upsert(List<Point> points) {
    Objects.requireNonNull(points, "points");
    ensureOpen();
    Map<String, Point> last = new LinkedHashMap<>();
    for (Point p : points) {
      Objects.requireNonNull(p, "point");
      checkVector(p.vector(), "point '" + p.id() + "'");
      if (config.metric() == Metric.COSINE && Scores.isZero(p.vector())) {
        throw new IllegalArgumentException(
            "point '" + p.id() + "' is a zero vector, which has no direction under cosine");
      }
      last.remove(p.id());
      last.put(p.id(), p);
    }
    List<BoundStatement> writes = new ArrayList<>(last.size());
    for (Point p : last.values()) {
      Object[] values = new Object[3 + schema.fields().size()];
      values[0] = p.id();
      values[1] = vector(p.vector());
      values[2] = PayloadJson.write(p.payload());
      int i = 3;
      for (IndexedField f : schema.fields()) {
        values[i++] = FieldValues.of(p, f, name);
      }
      writes.add(cql.bind(insert, values));
    }
    cql.writeAll(writes, "upsert into collection '" + name + "'");
  }

  @Override
  public Optional<Point> get(String id) {
    Point.checkId(id);
    ensureOpen();
    Row row =
        cql.read(
                cql.bind(
                    "SELECT id, vector, payload FROM " + schema.qualified() + " WHERE id = ?", id),
                "get from collection '" + name + "'")
            .one();
    return Optional.ofNullable(row).map(this::point);
  }

  /**
   * Reads many points in one query per chunk.
   *
   * @param ids the ids
   * @return the points found, in no particular order
   */
  public List<Point> getAll(List<String> ids) {
    ensureOpen();
    List<Point> out = new ArrayList<>(ids.size());
    for (int from = 0; from < ids.size(); from += DELETE_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + DELETE_CHUNK));
      String q = "SELECT id, vector, payload FROM " + schema.qualified() + " WHERE id IN ?";
      for (Row r : cql.read(cql.bind(q, chunk), "get from collection '" + name + "'")) {
        out.add(point(r));
      }
    }
    return out;
  }

  Point point(Row r) {
    String id = r.getString("id");
    return Point.of(
        id,
        floats(r.getVector("vector", Float.class)),
        PayloadJson.read(r.getString("payload"), where(id)));
  }

  private String where(String id) {
    return "point '" + id + "' in table " + schema.qualified();
  }

  @Override
  public boolean delete(String id) {
    return delete(List.of(Point.checkId(id))) == 1;
  }

  @Override
  public int delete(List<String> ids) {
    Objects.requireNonNull(ids, "ids");
    ids.forEach(Point::checkId);
    ensureOpen();
    List<String> unique = new ArrayList<>(new java.util.LinkedHashSet<>(ids));
    List<String> present = new ArrayList<>();
    for (int from = 0; from < unique.size(); from += DELETE_CHUNK) {
      List<String> chunk = unique.subList(from, Math.min(unique.size(), from + DELETE_CHUNK));
      String q = "SELECT id FROM " + schema.qualified() + " WHERE id IN ?";
      for (Row r : cql.read(cql.bind(q, chunk), "delete from collection '" + name + "'")) {
        present.add(r.getString(0));
      }
    }
    String d = "DELETE FROM " + schema.qualified() + " WHERE id = ?";
    cql.writeAll(
        present.stream().map(id -> cql.bind(d, id)).toList(),
        "delete from collection '" + name + "'");
    return present.size();
  }

  @Override
  public long deleteWhere(Filter filter) {
    Objects.requireNonNull(filter, "filter");
    return delete(matching(filter));
  }

  @Override
  public List<String> ids() {
    ensureOpen();
    List<String> ids = new ArrayList<>();
    SimpleStatement s =
        SimpleStatement.newInstance("SELECT id FROM " + schema.qualified()).setPageSize(PAGE);
    for (Row r : cql.read(s, "listing the ids of collection '" + name + "'")) {
      ids.add(r.getString(0));
    }
    return ids;
  }

  @Override
  public long count() {
    ensureOpen();
    return countWhere(CqlFilter.NONE);
  }

  @Override
  public long count(Filter filter) {
    Objects.requireNonNull(filter, "filter");
    ensureOpen();
    CqlFilter plan = CqlFilter.plan(filter, indexed);
    if (plan.matchesNothing()) {
      return 0;
    }
    return plan.residual() ? matching(filter).size() : countWhere(plan);
  }

  private long countWhere(CqlFilter plan) {
    String q = "SELECT COUNT(*) FROM " + schema.qualified() + whereClause(plan);
    Row r =
        cql.read(cql.bind(q, plan.values().toArray()), "count of collection '" + name + "'").one();
    return r == null ? 0 : r.getLong(0);
  }

  private static String whereClause(CqlFilter plan) {
    return plan.where().isEmpty() ? "" : " WHERE " + plan.where();
  }

  /** The ids of the points matching a filter: SAI narrows, the client checks the rest. */
  private List<String> matching(Filter filter) {
    ensureOpen();
    CqlFilter plan = CqlFilter.plan(filter, indexed);
    List<String> ids = new ArrayList<>();
    if (plan.matchesNothing()) {
      return ids;
    }
    String q = "SELECT id, payload FROM " + schema.qualified() + whereClause(plan);
    BoundStatement s = cql.bind(q, plan.values().toArray()).setPageSize(PAGE);
    java.util.function.Predicate<Map<String, Object>> residual =
        plan.residual() ? filter.asPredicate() : null;
    for (Row r : cql.read(s, "filtering collection '" + name + "'")) {
      String id = r.getString(0);
      if (residual == null || residual.test(PayloadJson.read(r.getString(1), where(id)))) {
        ids.add(id);
      }
    }
    return ids;
  }

  @Override
  public List<Hit> search(SearchRequest request) {
    Objects.requireNonNull(request, "request");
    float[] query = request.vector();
    checkVector(query, "the query");
    if (request.exact()) {
      throw new UnsupportedOperationException(
          "exact search is not available on Cassandra (its vector index is approximate): search"
              + " without exact(true), or migrate the collection to an embedded store"
              + " (vectorizer migrate --from cassandra://... --to DIR) for exact scans");
    }
    if (request.limit() > MAX_ANN) {
      throw new IllegalArgumentException(
          "limit "
              + request.limit()
              + " is over "
              + MAX_ANN
              + ", the most a Cassandra vector search returns");
    }
    ensureOpen();
    searches.increment();
    Filter filter = request.filter();
    CqlFilter plan = CqlFilter.plan(filter, indexed);
    if (plan.matchesNothing()) {
      return List.of();
    }
    boolean payloads = request.includePayload() || plan.residual();
    java.util.function.Predicate<Map<String, Object>> residual =
        plan.residual() ? filter.asPredicate() : null;
    int limit = request.limit();
    int fetch = plan.residual() ? Math.min(maxCandidates, limit * overFetch) : limit;
    fetch = Math.max(fetch, limit);
    String q =
        "SELECT id, vector"
            + (payloads ? ", payload" : "")
            + " FROM "
            + schema.qualified()
            + whereClause(plan)
            + " ORDER BY vector ANN OF ? LIMIT ?";
    CqlVector<Float> v = vector(query);
    while (true) {
      Object[] values = plan.values().toArray(new Object[plan.values().size() + 2]);
      values[values.length - 2] = v;
      values[values.length - 1] = fetch;
      ResultSet rs =
          cql.read(
              cql.bind(q, values).setPageSize(fetch + 1), "search in collection '" + name + "'");
      List<Hit> hits = new ArrayList<>();
      int rows = 0;
      for (Row r : rs) {
        rows++;
        Hit h = hit(r, query, request, payloads, residual);
        if (h != null) {
          hits.add(h);
        }
      }
      if (hits.size() >= limit || rows < fetch || fetch >= maxCandidates) {
        Comparator<Hit> byScore = Comparator.comparingDouble(Hit::score);
        hits.sort(config.metric().higherIsBetter() ? byScore.reversed() : byScore);
        return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : hits;
      }
      fetch = Math.min(maxCandidates, fetch * 4);
    }
  }

  private Hit hit(
      Row r,
      float[] query,
      SearchRequest request,
      boolean payloads,
      java.util.function.Predicate<Map<String, Object>> residual) {
    String id = r.getString(0);
    Map<String, Object> payload = payloads ? PayloadJson.read(r.getString(2), where(id)) : null;
    if (residual != null && !residual.test(payload)) {
      return null;
    }
    float[] vector = floats(r.getVector(1, Float.class));
    float score = Scores.score(config.metric(), vector, query);
    Float threshold = request.scoreThreshold();
    if (threshold != null
        && (config.metric().higherIsBetter() ? score < threshold : score > threshold)) {
      return null;
    }
    Map<String, Object> shown =
        request.includePayload() ? Point.of(id, new float[] {0}, payload).payload() : Map.of();
    return Hit.of(id, score, shown, request.includeVector() ? vector : null);
  }

  @Override
  public CollectionSnapshot snapshot() {
    throw new UnsupportedOperationException(
        "Cassandra collections have no local snapshots: use Cassandra's own (nodetool snapshot "
            + schema.keyspace()
            + " -t NAME), or migrate the collection to a directory (vectorizer migrate) and"
            + " back that up");
  }

  @Override
  public CollectionStats stats() {
    long points = count();
    return new CollectionStats(points, 0, 0, 0, searches.sum(), 0, 0, "cassandra");
  }

  private void checkVector(float[] vector, String what) {
    if (vector.length != config.dimension()) {
      throw new IllegalArgumentException(
          "dimension mismatch: collection '"
              + name
              + "' has "
              + config.dimension()
              + ", "
              + what
              + " has "
              + vector.length);
    }
  }

  static CqlVector<Float> vector(float[] v) {
    List<Float> boxed = new ArrayList<>(v.length);
    for (float x : v) {
      boxed.add(x);
    }
    return CqlVector.newInstance(boxed);
  }

  static float[] floats(CqlVector<Float> v) {
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.get(i);
    }
    return out;
  }

  @Override
  public String toString() {
    return "CassandraCollection{" + name + " in " + schema.qualified() + "}";
  }
}
