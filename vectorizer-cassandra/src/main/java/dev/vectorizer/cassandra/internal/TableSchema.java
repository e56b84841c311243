package dev.vectorizer.cassandra.internal;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.Quantization;
import dev.vectorizer.cassandra.IndexedField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The table a collection needs, as DDL and as the shape to compare an existing table with:
 *
 * <pre>
 * CREATE TABLE ks.v_docs_1a2b3c4d (
 *   id text PRIMARY KEY, vector vector&lt;float, 384&gt;, payload text,
 *   f_lang_8e2f10 text, f_year_00c1d2 double, ...)
 * CREATE CUSTOM INDEX v_docs_1a2b3c4d_v ON ... (vector) USING 'StorageAttachedIndex'
 *   WITH OPTIONS = {'similarity_function': 'cosine'}
 * CREATE CUSTOM INDEX v_docs_1a2b3c4d_f0 ON ... (f_lang_8e2f10) USING 'StorageAttachedIndex'
 * </pre>
 *
 * <p>Immutable.
 *
 * @param keyspace the keyspace
 * @param table the table
 * @param dimension the vector dimension
 * @param metric the metric
 * @param fields the indexed fields, in declaration order
 */
public record TableSchema(
    String keyspace, String table, int dimension, Metric metric, List<IndexedField> fields) {
  static final String SAI = "StorageAttachedIndex";

  /** Copies the fields. */
  public TableSchema {
    fields = List.copyOf(fields);
  }

  /**
   * The shape of an existing table, read from {@code system_schema}.
   *
   * @param columns column name to CQL type ({@code "vector<float, 4>"})
   * @param partitionKey the partition key columns
   * @param indexes target column to index options ({@code class_name}, {@code
   *     similarity_function}...)
   */
  public record Shape(
      Map<String, String> columns,
      List<String> partitionKey,
      Map<String, Map<String, String>> indexes) {}

  /**
   * Refuses what the Cassandra store cannot honour: a quantized configuration (Cassandra 5's SAI
   * vector index builds and compresses its own graphs; docs/adr/0017).
   *
   * @param config a collection configuration
   * @throws IllegalArgumentException naming the quantization and the fix
   */
  public static void checkConfig(CollectionConfig config) {
    Objects.requireNonNull(config, "config");
    if (config.quantization() != Quantization.NONE) {
      throw new IllegalArgumentException(
          "quantization "
              + config.quantization()
              + " is not supported by the Cassandra store (its SAI index compresses vectors"
              + " itself): create the collection with Quantization.NONE");
    }
  }

  /**
   * The CQL type of a field's column.
   *
   * @param type the field's type
   * @return text, double or boolean
   */
  static String cqlType(IndexedField.Type type) {
    return switch (type) {
      case TEXT -> "text";
      case NUMBER -> "double";
      case BOOLEAN -> "boolean";
    };
  }

  /**
   * The similarity function of the vector index for a metric.
   *
   * @param metric the metric
   * @return cosine, dot_product or euclidean
   */
  static String similarity(Metric metric) {
    return switch (metric) {
      case COSINE -> "cosine";
      case DOT_PRODUCT -> "dot_product";
      case EUCLIDEAN -> "euclidean";
    };
  }

  /**
   * The qualified table name.
   *
   * @return {@code keyspace.table}
   */
  public String qualified() {
    return keyspace + "." + table;
  }

  /**
   * The columns the table must have.
   *
   * @return column name to CQL type, in table order
   */
  public Map<String, String> columns() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("id", "text");
    c.put("vector", "vector<float, " + dimension + ">");
    c.put("payload", "text");
    for (IndexedField f : fields) {
      c.put(Names.fieldColumn(f.path()), cqlType(f.type()));
    }
    return c;
  }

  /**
   * The statements that create the table and its indexes, each {@code IF NOT EXISTS}.
   *
   * @return CQL statements, in order
   */
  public List<String> ddl() {
    List<String> out = new ArrayList<>();
    StringBuilder t = new StringBuilder("CREATE TABLE IF NOT EXISTS " + qualified() + " (");
    columns()
        .forEach(
            (name, type) ->
                t.append(name)
                    .append(' ')
                    .append(type)
                    .append(name.equals("id") ? " PRIMARY KEY" : "")
                    .append(", "));
    t.setLength(t.length() - 2);
    out.add(t.append(')').toString());
    out.add(
        "CREATE CUSTOM INDEX IF NOT EXISTS "
            + Names.vectorIndex(table)
            + " ON "
            + qualified()
            + " (vector) USING '"
            + SAI
            + "' WITH OPTIONS = {'similarity_function': '"
            + similarity(metric)
            + "'}");
    for (int i = 0; i < fields.size(); i++) {
      out.add(
          "CREATE CUSTOM INDEX IF NOT EXISTS "
              + Names.fieldIndex(table, i)
              + " ON "
              + qualified()
              + " ("
              + Names.fieldColumn(fields.get(i).path())
              + ") USING '"
              + SAI
              + "'");
    }
    return out;
  }

  /**
   * Compares an existing table with this schema. Extra columns and indexes are allowed (an operator
   * may add some); anything this store reads or relies on must be as expected.
   *
   * @param actual the existing table's shape
   * @return the differences, one sentence each; empty when the table fits
   */
  public List<String> differences(Shape actual) {
    List<String> diffs = new ArrayList<>();
    if (!actual.partitionKey().equals(List.of("id"))) {
      diffs.add("its partition key is " + actual.partitionKey() + ", expected [id]");
    }
    columns()
        .forEach(
            (name, type) -> {
              String have = actual.columns().get(name);
              if (have == null) {
                diffs.add("column " + name + " " + type + " is missing" + fieldNote(name));
              } else if (!normalize(have).equals(normalize(type))) {
                diffs.add(
                    "column "
                        + name
                        + " is "
                        + have
                        + ", expected "
                        + type
                        + (name.equals("vector")
                            ? " (the collection's dimension is " + dimension + ")"
                            : fieldNote(name)));
              }
            });
    Map<String, String> vectorIndex = actual.indexes().get("vector");
    if (!isSai(vectorIndex)) {
      diffs.add("column vector has no StorageAttachedIndex (vector search needs one)");
    } else {
      String fn = vectorIndex.getOrDefault("similarity_function", "cosine");
      if (!fn.equalsIgnoreCase(similarity(metric))) {
        diffs.add(
            "the vector index uses similarity_function "
                + fn.toLowerCase(Locale.ROOT)
                + ", the collection's metric "
                + metric
                + " needs "
                + similarity(metric));
      }
    }
    for (IndexedField f : fields) {
      String column = Names.fieldColumn(f.path());
      if (actual.columns().containsKey(column) && !isSai(actual.indexes().get(column))) {
        diffs.add("column " + column + " has no StorageAttachedIndex" + fieldNote(column));
      }
    }
    return diffs;
  }

  private String fieldNote(String column) {
    for (IndexedField f : fields) {
      if (Names.fieldColumn(f.path()).equals(column)) {
        return " (indexed field " + f + ")";
      }
    }
    return "";
  }

  private static boolean isSai(Map<String, String> options) {
    if (options == null) {
      return false;
    }
    String cls = options.getOrDefault("class_name", "");
    return cls.equals(SAI) || cls.endsWith("." + SAI) || cls.equalsIgnoreCase("sai");
  }

  private static String normalize(String type) {
    return type.replace(" ", "").toLowerCase(Locale.ROOT).replace("varchar", "text");
  }
}
