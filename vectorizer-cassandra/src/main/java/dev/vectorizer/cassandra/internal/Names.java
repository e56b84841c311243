package dev.vectorizer.cassandra.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Maps collection names and payload paths to CQL identifiers. Collection names allow characters and
 * lengths CQL tables do not ('-', '.', 128 characters), so a table is named {@code v_} + a
 * lower-case, sanitised prefix of the name + a hash of the exact name; the catalog table keeps the
 * real name. Every identifier made here is at most 48 characters of {@code [a-z0-9_]}.
 */
public final class Names {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]{0,127}");

  /** The table listing the collections of a keyspace. */
  public static final String CATALOG = "vectorizer_collections";

  private Names() {}

  /**
   * Checks a collection name with the embedded store's rule.
   *
   * @param name the name
   * @return the name
   * @throws IllegalArgumentException naming it
   */
  public static String checkCollection(String name) {
    if (name == null || !VALID.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid collection name '"
              + name
              + "': use 1 to 128 letters, digits, '-', '_' or '.', not starting with '.'");
    }
    return name;
  }

  /**
   * The table of a collection.
   *
   * @param collection a valid collection name
   * @return {@code v_<prefix>_<hash>}, at most 43 characters
   */
  public static String table(String collection) {
    return "v_" + sanitize(collection, 32) + "_" + hash(collection, 8);
  }

  /**
   * The column of an indexed payload field.
   *
   * @param path the payload path
   * @return {@code f_<prefix>_<hash>}, at most 33 characters
   */
  public static String fieldColumn(String path) {
    return "f_" + sanitize(path, 24) + "_" + hash(path, 6);
  }

  /**
   * The name of the vector index of a table.
   *
   * @param table the table
   * @return the index name
   */
  public static String vectorIndex(String table) {
    return table + "_v";
  }

  /**
   * The name of the index on a field column.
   *
   * @param table the table
   * @param ordinal the field's position among the collection's indexed fields, 0 to 99
   * @return the index name
   */
  public static String fieldIndex(String table, int ordinal) {
    return table + "_f" + ordinal;
  }

  private static String sanitize(String s, int max) {
    String lower = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return lower.length() > max ? lower.substring(0, max) : lower;
  }

  private static String hash(String s, int hexDigits) {
    CRC32C crc = new CRC32C();
    crc.update(s.getBytes(StandardCharsets.UTF_8));
    String hex = String.format(Locale.ROOT, "%08x", crc.getValue());
    return hex.substring(8 - hexDigits);
  }
}
