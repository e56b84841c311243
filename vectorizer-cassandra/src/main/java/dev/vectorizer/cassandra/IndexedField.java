package dev.vectorizer.cassandra;

import java.util.Locale;
import java.util.Objects;

/**
 * A payload field that a Cassandra collection copies into its own column with a Storage-Attached
 * Index (SAI), so that filters on it are evaluated by Cassandra instead of on the client. Declare
 * them when the collection is created ({@link CassandraVectorStore#createCollection(String,
 * dev.vectorizer.CollectionConfig, java.util.List)}).
 *
 * <p>Every point's value at the field must be of the declared type, or absent: a list, an object or
 * a value of another type is rejected on upsert, naming the point and the field. Immutable and
 * thread-safe.
 *
 * @param path the payload path, as in filters ({@code "lang"}, {@code "meta.author"})
 * @param type what the column holds
 */
public record IndexedField(String path, Type type) {
  /** The column types a payload field can be indexed as. */
  public enum Type {
    /** Strings: a {@code text} column; {@code eq} filters run in Cassandra. */
    TEXT,
    /**
     * Numbers: a {@code double} column; {@code eq} and {@code range} filters run in Cassandra.
     * Integers beyond 2^53 are compared as the nearest double.
     */
    NUMBER,
    /** Booleans: a {@code boolean} column; {@code eq} filters run in Cassandra. */
    BOOLEAN
  }

  /** Checks the arguments. */
  public IndexedField {
    if (path == null
        || path.isEmpty()
        || path.startsWith(".")
        || path.endsWith(".")
        || path.contains("..")) {
      throw new IllegalArgumentException(
          "indexed field path '" + path + "' is empty or has an empty segment");
    }
    Objects.requireNonNull(type, "type");
  }

  /**
   * Parses {@code PATH:TYPE}, for example {@code lang:text}, {@code year:number}, {@code
   * draft:boolean} (types are case-insensitive).
   *
   * @param spec the text
   * @return the field
   * @throws IllegalArgumentException naming the text and the accepted types
   */
  public static IndexedField parse(String spec) {
    int colon = spec == null ? -1 : spec.lastIndexOf(':');
    if (colon <= 0 || colon == spec.length() - 1) {
      throw new IllegalArgumentException(
          "indexed field '" + spec + "' is not PATH:TYPE (types: text, number, boolean)");
    }
    String type = spec.substring(colon + 1).trim().toUpperCase(Locale.ROOT);
    for (Type t : Type.values()) {
      if (t.name().equals(type)) {
        return new IndexedField(spec.substring(0, colon).trim(), t);
      }
    }
    throw new IllegalArgumentException(
        "indexed field '"
            + spec
            + "' has unknown type '"
            + type.toLowerCase(Locale.ROOT)
            + "': use text, number or boolean");
  }

  @Override
  public String toString() {
    return path + ":" + type.name().toLowerCase(Locale.ROOT);
  }

  /** Checks a collection's declared fields: at most 100, none twice. */
  static void checkAll(java.util.List<IndexedField> fields) {
    Objects.requireNonNull(fields, "fields");
    if (fields.size() > 100) {
      throw new IllegalArgumentException(
          "a collection indexes at most 100 payload fields, got " + fields.size());
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (IndexedField f : fields) {
      if (!seen.add(Objects.requireNonNull(f, "field").path())) {
        throw new IllegalArgumentException("indexed field '" + f.path() + "' is declared twice");
      }
    }
  }
}
