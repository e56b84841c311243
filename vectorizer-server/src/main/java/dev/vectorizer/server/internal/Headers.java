package dev.vectorizer.server.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Request headers with case-insensitive names. Immutable and thread-safe.
 *
 * @param values the values by lowercase name
 */
record Headers(Map<String, List<String>> values) {
  static Headers of(Map<String, List<String>> raw) {
    Map<String, List<String>> m = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : raw.entrySet()) {
      if (e.getKey() != null) {
        m.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
            .addAll(e.getValue());
      }
    }
    return new Headers(m);
  }

  /** The first value of a header, or null. */
  String first(String name) {
    List<String> v = values.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
