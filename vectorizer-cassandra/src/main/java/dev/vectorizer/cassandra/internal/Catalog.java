package dev.vectorizer.cassandra.internal;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.VectorizerException;
import dev.vectorizer.cassandra.IndexedField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keyspace's list of collections: table {@value Names#CATALOG} with one row per collection
 * (name, table, configuration as JSON, indexed fields as JSON). It keeps the exact names and the
 * full configuration, which a table alone cannot hold.
 *
 * <p>Thread-safe.
 */
public final class Catalog {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One collection's entry. */
  public record Entry(
      String name, String table, CollectionConfig config, List<IndexedField> fields) {
    /** Copies the fields. */
    public Entry {
      fields = List.copyOf(fields);
    }
  }

  private final Cql cql;
  private final String qualified;

  /**
   * Opens the catalog, creating its table when missing.
   *
   * @param cql the session
   */
  public Catalog(Cql cql) {
    this.cql = cql;
    this.qualified = cql.keyspace() + "." + Names.CATALOG;
    cql.ddl(
        "CREATE TABLE IF NOT EXISTS "
            + qualified
            + " (name text PRIMARY KEY, table_name text, config text, fields text)",
        "creating the catalog table " + qualified);
  }

  /**
   * Adds an entry unless the name is taken (a lightweight transaction, so two clients cannot both
   * create a name).
   *
   * @param e the entry
   * @return whether it was added
   */
  public boolean add(Entry e) {
    String q =
        "INSERT INTO "
            + qualified
            + " (name, table_name, config, fields) VALUES (?, ?, ?, ?) IF NOT EXISTS";
    Row r =
        cql.write(
                cql.bind(q, e.name(), e.table(), writeConfig(e.config()), writeFields(e.fields()))
                    .setSerialConsistencyLevel(
                        com.datastax.oss.driver.api.core.DefaultConsistencyLevel.LOCAL_SERIAL)
                    // A retried IF NOT EXISTS would report its own first attempt as a conflict.
                    .setIdempotent(false),
                "registering collection '" + e.name() + "'")
            .one();
    return r != null && r.getBoolean(0);
  }

  /**
   * Removes an entry.
   *
   * @param name the collection's name
   */
  public void remove(String name) {
    cql.write(
        cql.bind("DELETE FROM " + qualified + " WHERE name = ?", name),
        "unregistering collection '" + name + "'");
  }

  /**
   * Reads an entry.
   *
   * @param name the collection's name
   * @return the entry, or null
   */
  public Entry get(String name) {
    Row r =
        cql.read(
                cql.bind(
                    "SELECT name, table_name, config, fields FROM " + qualified + " WHERE name = ?",
                    name),
                "reading the catalog entry of collection '" + name + "'")
            .one();
    return r == null ? null : entry(r);
  }

  /**
   * The names of all collections.
   *
   * @return the names, sorted
   */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (Row r :
        cql.read(
            SimpleStatement.newInstance("SELECT name FROM " + qualified).setPageSize(1000),
            "listing collections")) {
      names.add(r.getString(0));
    }
    names.sort(null);
    return names;
  }

  /**
   * The shape of a table as {@code system_schema} describes it.
   *
   * @param table the table
   * @return its shape, or null when there is no such table
   */
  public TableSchema.Shape shape(String table) {
    Map<String, String> columns = new LinkedHashMap<>();
    List<String> key = new ArrayList<>();
    for (Row r :
        cql.read(
            cql.bind(
                "SELECT column_name, type, kind FROM system_schema.columns"
                    + " WHERE keyspace_name = ? AND table_name = ?",
                cql.keyspace(),
                table),
            "reading the schema of table " + cql.keyspace() + "." + table)) {
      columns.put(r.getString(0), r.getString(1));
      if ("partition_key".equals(r.getString(2))) {
        key.add(r.getString(0));
      }
    }
    if (columns.isEmpty()) {
      return null;
    }
    Map<String, Map<String, String>> indexes = new HashMap<>();
    for (Row r :
        cql.read(
            cql.bind(
                "SELECT options FROM system_schema.indexes"
                    + " WHERE keyspace_name = ? AND table_name = ?",
                cql.keyspace(),
                table),
            "reading the indexes of table " + cql.keyspace() + "." + table)) {
      Map<String, String> options = r.getMap(0, String.class, String.class);
      indexes.put(options.getOrDefault("target", ""), options);
    }
    return new TableSchema.Shape(columns, key, indexes);
  }

  private Entry entry(Row r) {
    String name = r.getString(0);
    try {
      return new Entry(
          name,
          r.getString(1),
          readConfig(JSON.readTree(r.getString(2))),
          readFields(r.getString(3)));
    } catch (Exception e) {
      throw new VectorizerException(
          "catalog entry of collection '"
              + name
              + "' in "
              + qualified
              + " is unreadable: "
              + e.getMessage(),
          e);
    }
  }

  static String writeConfig(CollectionConfig c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("dimension", c.dimension());
    n.put("metric", c.metric().name());
    n.put("maxDegree", c.maxDegree());
    n.put("beamWidth", c.beamWidth());
    n.put("neighborOverflow", c.neighborOverflow());
    n.put("alpha", c.alpha());
    n.put("searchBeamWidth", c.searchBeamWidth());
    n.put("exactSearchThreshold", c.exactSearchThreshold());
    if (c.embedder() != null) {
      n.put("embedder", c.embedder());
    }
    return n.toString();
  }

  static CollectionConfig readConfig(JsonNode n) {
    CollectionConfig.Builder b =
        CollectionConfig.builder(n.get("dimension").asInt())
            .metric(Metric.valueOf(n.get("metric").asText()))
            .maxDegree(n.get("maxDegree").asInt())
            .beamWidth(n.get("beamWidth").asInt())
            .neighborOverflow((float) n.get("neighborOverflow").asDouble())
            .alpha((float) n.get("alpha").asDouble())
            .searchBeamWidth(n.get("searchBeamWidth").asInt())
            .exactSearchThreshold(n.get("exactSearchThreshold").asInt());
    if (n.hasNonNull("embedder")) {
      b.embedder(n.get("embedder").asText());
    }
    return b.build();
  }

  static String writeFields(List<IndexedField> fields) {
    return String.join(",", fields.stream().map(IndexedField::toString).toList());
  }

  static List<IndexedField> readFields(String text) {
    List<IndexedField> out = new ArrayList<>();
    if (text != null && !text.isEmpty()) {
      for (String spec : text.split(",")) {
        out.add(IndexedField.parse(spec));
      }
    }
    return out;
  }
}
