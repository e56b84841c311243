package dev.vectorizer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  private static Object copyValue(Object value, String where, String path) {
    if (value == null) {
      throw new IllegalArgumentException(
          "payload of " + where + " has a null value at '" + path + "': omit the key instead");
    }
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(
            "payload of " + where + " has a non-finite number at '" + path + "': " + value);
      }
      return value;
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger
        || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Map<?, ?> m) {
      return copyObject(m, where + " at '" + path + "'");
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        copy.add(copyValue(list.get(i), where, path + "[" + i + "]"));
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
            + "': use String, Boolean, Number, List or Map");
  }
}
