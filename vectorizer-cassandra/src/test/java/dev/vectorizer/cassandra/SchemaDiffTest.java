package dev.vectorizer.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Metric;
import dev.vectorizer.cassandra.internal.Names;
import dev.vectorizer.cassandra.internal.TableSchema;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The messages that name how an existing table differs from a collection's configuration. */
class SchemaDiffTest {
  private final TableSchema schema =
      new TableSchema(
          "ks",
          Names.table("docs"),
          4,
          Metric.COSINE,
          List.of(new IndexedField("lang", IndexedField.Type.TEXT)));
  private final String lang = Names.fieldColumn("lang");

  private TableSchema.Shape matching() {
    Map<String, String> columns = new LinkedHashMap<>(schema.columns());
    Map<String, Map<String, String>> indexes = new HashMap<>();
    indexes.put(
        "vector",
        Map.of(
            "class_name",
            "StorageAttachedIndex",
            "similarity_function",
            "cosine",
            "target",
            "vector"));
    indexes.put(lang, Map.of("class_name", "StorageAttachedIndex", "target", lang));
    return new TableSchema.Shape(columns, List.of("id"), indexes);
  }

  @Test
  void aMatchingTableHasNoDifferencesAndExtrasAreAllowed() {
    assertEquals(List.of(), schema.differences(matching()));
    TableSchema.Shape s = matching();
    s.columns().put("note", "text");
    s.columns().put("vector", "vector<float,4>");
    assertEquals(List.of(), schema.differences(s));
  }

  @Test
  void eachDifferenceIsNamed() {
    TableSchema.Shape s = matching();
    s.columns().put("vector", "vector<float, 3>");
    s.columns().remove(lang);
    s.indexes()
        .put(
            "vector",
            Map.of("class_name", "StorageAttachedIndex", "similarity_function", "DOT_PRODUCT"));
    List<String> d = schema.differences(s);
    assertEquals(3, d.size(), d.toString());
    assertEquals(
        "column vector is vector<float, 3>, expected vector<float, 4> (the collection's dimension"
            + " is 4)",
        d.get(0));
    assertEquals("column " + lang + " text is missing (indexed field lang:text)", d.get(1));
    assertEquals(
        "the vector index uses similarity_function dot_product, the collection's metric COSINE"
            + " needs cosine",
        d.get(2));
  }

  @Test
  void missingIndexesAndAnotherKeyAreNamed() {
    TableSchema.Shape s = matching();
    s.indexes().clear();
    s.columns().put(lang, "int");
    List<String> d =
        schema.differences(new TableSchema.Shape(s.columns(), List.of("id", "part"), s.indexes()));
    assertEquals(
        List.of(
            "its partition key is [id, part], expected [id]",
            "column " + lang + " is int, expected text (indexed field lang:text)",
            "column vector has no StorageAttachedIndex (vector search needs one)",
            "column " + lang + " has no StorageAttachedIndex (indexed field lang:text)"),
        d);
  }

  @Test
  void theDdlCreatesTheTableAndItsIndexes() {
    List<String> ddl = schema.ddl();
    assertEquals(3, ddl.size());
    String t = schema.qualified();
    assertEquals(
        "CREATE TABLE IF NOT EXISTS "
            + t
            + " (id text PRIMARY KEY, vector vector<float, 4>,"
            + " payload text, "
            + lang
            + " text)",
        ddl.get(0));
    assertTrue(
        ddl.get(1)
            .endsWith(
                "(vector) USING 'StorageAttachedIndex' WITH OPTIONS ="
                    + " {'similarity_function': 'cosine'}"),
        ddl.get(1));
    assertTrue(ddl.get(2).contains("(" + lang + ") USING 'StorageAttachedIndex'"), ddl.get(2));
  }

  @Test
  void namesAreValidCqlIdentifiersAndDistinct() {
    String longName = "A.very-long_collection.name-".repeat(4);
    for (String n : List.of("docs", "a.docs_1", "b-docs", "DOCS", longName)) {
      String table = Names.table(n);
      assertTrue(table.matches("[a-z][a-z0-9_]{0,47}"), table);
      assertTrue(Names.fieldIndex(table, 99).length() <= 48, table);
    }
    assertTrue(!Names.table("docs").equals(Names.table("DOCS")));
    assertTrue(!Names.table("a.b").equals(Names.table("a_b")));
    assertTrue(!Names.fieldColumn("a.b").equals(Names.fieldColumn("a_b")));
  }
}
