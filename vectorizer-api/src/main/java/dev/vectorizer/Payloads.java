package dev.vectorizer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Validates and deep-copies payloads into unmodifiable JSON-like values. */
final class Payloads {
  private Payloads() {}

  static Map<String, Object> copyObject(Map<?, ?> map, String where) {
    if (map.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(
            "payload of " + where + " has a non-string key: " + e.getKey());
      }
      if (key.isEmpty() || key.indexOf('.') >= 0) {
        throw new IllegalArgumentException(
            "payload of "
                + where
                + " has key '"
                + key
                + "': keys must be non-empty and contain no '.'");
      }
      copy.put(key, copyValue(e.getValue(), where, key));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object copyValue(@Nullable Object value, String where, String path) {
    if (value == null) {
      throw new IllegalArgumentException(
          "payload of " + where + " has a null value at '" + path + "': omit the key instead");
    }
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number n) {
      if (!Double.isFinite(n.doubleValue())) {
        throw new IllegalArgumentException(
            "payload of " + where + " has a non-finite number at '" + path + "': " + value);
      }
      return javaNumber(n, "payload of " + where + " at '" + path + "'");
    }
    if (value instanceof Map<?, ?> m) {
      return copyObject(m, where + " at '" + path + "'");
    }
    if (value instanceof java.util.Collection<?> elements) {
      // Lists, and sets or other collections in their iteration order: a JSON array.
      List<Object> copy = new ArrayList<>(elements.size());
      for (Object element : elements) {
        copy.add(copyValue(element, where, path + "[" + copy.size() + "]"));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value.getClass().isArray()) {
      int length = java.lang.reflect.Array.getLength(value);
      List<Object> copy = new ArrayList<>(length);
      for (int i = 0; i < length; i++) {
        copy.add(copyValue(java.lang.reflect.Array.get(value, i), where, path + "[" + i + "]"));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException(
        "payload of "
            + where
            + " has a value of type "
            + value.getClass().getName()
            + " at '"
            + path
            + "': use String, Boolean, Number, a java.util collection or array, or java.util.Map"
            + collectionAdvice(value));
  }

  /**
   * The number as one of the JDK's own number types: Double, Integer, Long, Short, Byte, BigInteger
   * and BigDecimal are kept; a Float is widened to the Double of the same value (JSON has no
   * floats: a durable store reads numbers back as doubles, and a float's shortest text, read as a
   * double, is another value than the float, so in-memory and durable stores would compare it
   * differently); any other {@link Number} (Scala's {@code BigDecimal} and {@code BigInt}, {@code
   * AtomicLong}, ...) becomes the {@link BigDecimal} of its decimal text, or is rejected naming its
   * type when that text is not a number.
   */
  static Number javaNumber(Number n, String where) {
    if (n instanceof Float f) {
      return f.doubleValue();
    }
    if (n instanceof Double
        || n instanceof Integer
        || n instanceof Long
        || n instanceof Short
        || n instanceof Byte
        || n instanceof BigInteger
        || n instanceof BigDecimal) {
      return n;
    }
    String text = n.toString();
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          where
              + " has a number of type "
              + n.getClass().getName()
              + " whose text '"
              + text
              + "' is not a decimal number: convert it to a Long, Double or java.math.BigDecimal",
          e);
    }
  }

  /** Advice for a collection passed where a scalar or a java.util collection was expected. */
  static String collectionAdvice(@Nullable Object value) {
    if (value == null) {
      return "";
    }
    if (value.getClass().getName().startsWith("scala.")) {
      return " (a Scala value: convert collections with .asJava from scala.jdk.CollectionConverters,"
          + " or pass a sequence to varargs as values*)";
    }
    if (value instanceof java.util.Collection<?> || value.getClass().isArray()) {
      return " (a collection or array: pass its elements one by one, or as a java.util.List to"
          + " the List overload)";
    }
    return "";
  }
}
