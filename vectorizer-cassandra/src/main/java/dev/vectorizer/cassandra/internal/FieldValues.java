package dev.vectorizer.cassandra.internal;

import dev.vectorizer.Point;
import dev.vectorizer.cassandra.IndexedField;
import java.util.List;
import java.util.Map;

/** Reads an indexed field's value out of a point's payload, checking its declared type. */
final class FieldValues {
  private FieldValues() {}

  /**
   * The column value of a field: a String, Double or Boolean, or null when the payload lacks it
   * (written as null, so that replacing a point clears the old value).
   *
   * @param p the point
   * @param f the field
   * @param collection the collection's name, for messages
   * @return the value or null
   * @throws IllegalArgumentException when the value is a list, an object, or of another type
   */
  static Object of(Point p, IndexedField f, String collection) {
    Object node = p.payload();
    for (String part : f.path().split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        throw mismatch(p, f, collection, node);
      }
      node = map.get(part);
      if (node == null) {
        return null;
      }
    }
    return switch (f.type()) {
      case TEXT -> {
        if (node instanceof String s) {
          yield s;
        }
        throw mismatch(p, f, collection, node);
      }
      case NUMBER -> {
        if (node instanceof Number n) {
          yield n.doubleValue();
        }
        throw mismatch(p, f, collection, node);
      }
      case BOOLEAN -> {
        if (node instanceof Boolean b) {
          yield b;
        }
        throw mismatch(p, f, collection, node);
      }
    };
  }

  private static IllegalArgumentException mismatch(
      Point p, IndexedField f, String collection, Object value) {
    String kind =
        value instanceof List<?>
            ? "a list"
            : value instanceof Map<?, ?> ? "an object" : value.getClass().getSimpleName();
    return new IllegalArgumentException(
        "point '"
            + p.id()
            + "' has "
            + kind
            + " ("
            + value
            + ") at '"
            + f.path()
            + "', which collection '"
            + collection
            + "' indexes as "
            + f.type().name().toLowerCase(java.util.Locale.ROOT)
            + ": store a single value of that type there, or leave the field out");
  }
}
