package dev.vectorizer.mcp;

import dev.vectorizer.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Filters written as JSON by MCP clients, one object per condition:
 *
 * <pre>{@code
 * {"field": "lang", "eq": "en"}            {"field": "lang", "in": ["en", "de"]}
 * {"field": "year", "gte": 2020, "lt": 2030}  (numbers; strings compare as text)
 * {"field": "title", "contains": "json"}    {"field": "author", "exists": true}
 * {"and": [...]}   {"or": [...]}   {"not": {...}}
 * }</pre>
 *
 * Anything else is an {@link IllegalArgumentException} naming the part that is wrong.
 */
final class JsonFilter {
  private static final Set<String> BOUNDS = Set.of("gt", "gte", "lt", "lte");

  private JsonFilter() {}

  /** The JSON Schema of a filter argument (kept loose: the parser gives the precise errors). */
  static Map<String, Object> schema() {
    return Map.of(
        "type",
        "object",
        "description",
        "A payload filter: {\"field\": F, \"eq\"|\"in\"|\"gt\"|\"gte\"|\"lt\"|\"lte\"|\"contains\"|"
            + "\"exists\": V} or {\"and\": [...]}, {\"or\": [...]}, {\"not\": {...}}");
  }

  static Filter parse(Object json) {
    if (!(json instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          "a filter must be a JSON object, got " + Args.describe(json));
    }
    if (map.containsKey("and") || map.containsKey("or")) {
      String op = map.containsKey("and") ? "and" : "or";
      if (map.size() != 1 || !(map.get(op) instanceof List<?> list)) {
        throw new IllegalArgumentException(
            "\"" + op + "\" takes an array of filters and nothing else: " + map);
      }
      List<Filter> parts = new ArrayList<>();
      for (Object part : list) {
        parts.add(parse(part));
      }
      Filter[] array = parts.toArray(Filter[]::new);
      return op.equals("and") ? Filter.and(array) : Filter.or(array);
    }
    if (map.containsKey("not")) {
      if (map.size() != 1) {
        throw new IllegalArgumentException("\"not\" takes one filter and nothing else: " + map);
      }
      return Filter.not(parse(map.get("not")));
    }
    if (!(map.get("field") instanceof String field)) {
      throw new IllegalArgumentException(
          "a condition needs a \"field\" string (or use and/or/not): " + map);
    }
    Map<String, Object> ops = new java.util.LinkedHashMap<>();
    map.forEach((k, v) -> ops.put(String.valueOf(k), v));
    ops.remove("field");
    if (ops.isEmpty()) {
      throw new IllegalArgumentException("condition on '" + field + "' has no operator: " + map);
    }
    if (BOUNDS.containsAll(ops.keySet())) {
      return range(field, ops);
    }
    if (ops.size() != 1) {
      throw new IllegalArgumentException(
          "condition on '"
              + field
              + "' mixes operators "
              + ops.keySet()
              + ": write one per object and combine them with \"and\"");
    }
    String op = ops.keySet().iterator().next();
    Object value = ops.get(op);
    return switch (op) {
      case "eq" -> Filter.eq(field, value);
      case "ne" -> Filter.not(Filter.eq(field, value));
      case "in" -> {
        if (!(value instanceof List<?> values)) {
          throw new IllegalArgumentException("\"in\" on '" + field + "' takes an array: " + map);
        }
        yield Filter.in(field, values);
      }
      case "contains" -> {
        if (!(value instanceof String text)) {
          throw new IllegalArgumentException(
              "\"contains\" on '" + field + "' takes a string: " + map);
        }
        yield Filter.contains(field, text);
      }
      case "exists" -> {
        if (!(value instanceof Boolean b)) {
          throw new IllegalArgumentException(
              "\"exists\" on '" + field + "' takes true or false: " + map);
        }
        yield b ? Filter.exists(field) : Filter.not(Filter.exists(field));
      }
      default ->
          throw new IllegalArgumentException(
              "unknown operator \""
                  + op
                  + "\" on '"
                  + field
                  + "': use eq, ne, in, gt, gte, lt, lte, contains or exists");
    };
  }

  private static Filter range(String field, Map<String, Object> bounds) {
    boolean strings = bounds.values().stream().allMatch(v -> v instanceof String);
    boolean numbers = bounds.values().stream().allMatch(v -> v instanceof Number);
    if (strings) {
      Filter.StringRange r = Filter.stringRange(field);
      for (Map.Entry<String, Object> b : bounds.entrySet()) {
        String v = (String) b.getValue();
        r =
            switch (b.getKey()) {
              case "gt" -> r.gt(v);
              case "gte" -> r.gte(v);
              case "lt" -> r.lt(v);
              default -> r.lte(v);
            };
      }
      return r;
    }
    if (!numbers) {
      throw new IllegalArgumentException(
          "range on '" + field + "' needs all numbers or all strings: " + bounds);
    }
    Filter.Range r = Filter.range(field);
    for (Map.Entry<String, Object> b : bounds.entrySet()) {
      Number v = (Number) b.getValue();
      r =
          switch (b.getKey()) {
            case "gt" -> r.gt(v);
            case "gte" -> r.gte(v);
            case "lt" -> r.lt(v);
            default -> r.lte(v);
          };
    }
    return r;
  }
}
