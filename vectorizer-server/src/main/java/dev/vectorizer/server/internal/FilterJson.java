package dev.vectorizer.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorizer.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Filters in JSON, one key per object, mirroring the Java {@link Filter} factories and record
 * components:
 *
 * <pre>
 * {"and": [F, ...]}    {"or": [F, ...]}    {"not": F}
 * {"eq": {"field": "lang", "value": "en"}}
 * {"in": {"field": "lang", "values": ["en", "de"]}}
 * {"range": {"field": "year", "gte": 2020, "lt": 2025}}      (any of gt, gte, lt, lte)
 * {"string_range": {"field": "name", "gte": "a", "lt": "n"}} (strings compared as Java does)
 * {"exists": {"field": "author"}}
 * {"contains": {"field": "title", "text": "vector"}}
 * </pre>
 *
 * Errors name the path of the bad part ({@code filter.and[1].eq.value}).
 */
final class FilterJson {
  private static final int MAX_DEPTH = 32;
  private static final Set<String> KINDS =
      Set.of("and", "or", "not", "eq", "in", "range", "string_range", "exists", "contains");

  private FilterJson() {}

  static Filter parse(JsonNode n, String path) {
    return parse(n, path, 0);
  }

  private static Filter parse(JsonNode n, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw ApiException.badRequest("'" + path + "' nests filters deeper than " + MAX_DEPTH);
    }
    if (!(n instanceof ObjectNode o) || o.size() != 1) {
      throw ApiException.badRequest(
          "'"
              + path
              + "' must be an object with exactly one of "
              + String.join(", ", new java.util.TreeSet<>(KINDS))
              + ", got "
              + JsonBody.kind(n));
    }
    String kind = o.fieldNames().next();
    JsonNode v = o.get(kind);
    String p = path + "." + kind;
    try {
      return switch (kind) {
        case "and" -> Filter.and(list(v, p, depth).toArray(Filter[]::new));
        case "or" -> Filter.or(list(v, p, depth).toArray(Filter[]::new));
        case "not" -> Filter.not(parse(v, p, depth + 1));
        case "eq" -> {
          JsonBody b = JsonBody.of(v, p, Set.of("field", "value"));
          yield Filter.eq(b.string("field", null), scalar(b.raw("value"), b.path("value")));
        }
        case "in" -> {
          JsonBody b = JsonBody.of(v, p, Set.of("field", "values"));
          List<Object> values = new ArrayList<>();
          List<JsonNode> items = b.array("values", 100_000);
          for (int i = 0; i < items.size(); i++) {
            values.add(scalar(items.get(i), b.path("values") + "[" + i + "]"));
          }
          yield Filter.in(b.string("field", null), values);
        }
        case "range" -> {
          JsonBody b = JsonBody.of(v, p, Set.of("field", "gt", "gte", "lt", "lte"));
          yield new Filter.Range(
              b.string("field", null),
              bound(b, "gt"),
              bound(b, "gte"),
              bound(b, "lt"),
              bound(b, "lte"));
        }
        case "string_range" -> {
          JsonBody b = JsonBody.of(v, p, Set.of("field", "gt", "gte", "lt", "lte"));
          yield new Filter.StringRange(
              b.string("field", null),
              textBound(b, "gt"),
              textBound(b, "gte"),
              textBound(b, "lt"),
              textBound(b, "lte"));
        }
        case "exists" -> Filter.exists(JsonBody.of(v, p, Set.of("field")).string("field", null));
        case "contains" -> {
          JsonBody b = JsonBody.of(v, p, Set.of("field", "text"));
          yield Filter.contains(b.string("field", null), b.string("text", null));
        }
        default ->
            throw ApiException.badRequest(
                "'"
                    + path
                    + "' has unknown filter '"
                    + kind
                    + "' (known: "
                    + String.join(", ", new java.util.TreeSet<>(KINDS))
                    + ")");
      };
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("'" + p + "': " + e.getMessage());
    }
  }

  private static List<Filter> list(JsonNode v, String path, int depth) {
    if (!(v instanceof ArrayNode a)) {
      throw ApiException.badRequest(
          "'" + path + "' must be an array of filters, got " + JsonBody.kind(v));
    }
    List<Filter> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      out.add(parse(a.get(i), path + "[" + i + "]", depth + 1));
    }
    return out;
  }

  private static Double bound(JsonBody b, String name) {
    JsonNode v = b.raw(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
      throw ApiException.badRequest(
          "'" + b.path(name) + "' must be a finite number, got " + JsonBody.kind(v));
    }
    return v.doubleValue();
  }

  private static String textBound(JsonBody b, String name) {
    JsonNode v = b.raw(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest(
          "'" + b.path(name) + "' must be a string, got " + JsonBody.kind(v));
    }
    return v.textValue();
  }

  private static Object scalar(JsonNode v, String path) {
    if (v != null && v.isTextual()) {
      return v.textValue();
    }
    if (v != null && v.isBoolean()) {
      return v.booleanValue();
    }
    if (v != null && v.isNumber()) {
      return v.numberValue();
    }
    throw ApiException.badRequest(
        "'" + path + "' must be a string, boolean or number, got " + JsonBody.kind(v));
  }

  /** The JSON form of a filter (the inverse of {@link #parse}). */
  static ObjectNode write(Filter f) {
    ObjectNode o = JsonBody.JSON.createObjectNode();
    switch (f) {
      case Filter.And a -> {
        ArrayNode list = o.putArray("and");
        a.filters().forEach(x -> list.add(write(x)));
      }
      case Filter.Or a -> {
        ArrayNode list = o.putArray("or");
        a.filters().forEach(x -> list.add(write(x)));
      }
      case Filter.Not n -> o.set("not", write(n.filter()));
      case Filter.Eq e -> {
        ObjectNode b = o.putObject("eq").put("field", e.field());
        b.set("value", JsonBody.JSON.valueToTree(e.value()));
      }
      case Filter.In in -> {
        ArrayNode values = o.putObject("in").put("field", in.field()).putArray("values");
        in.values().forEach(v -> values.add(JsonBody.JSON.<JsonNode>valueToTree(v)));
      }
      case Filter.Range r -> {
        ObjectNode b = o.putObject("range").put("field", r.field());
        if (r.gt() != null) {
          b.put("gt", r.gt());
        }
        if (r.gte() != null) {
          b.put("gte", r.gte());
        }
        if (r.lt() != null) {
          b.put("lt", r.lt());
        }
        if (r.lte() != null) {
          b.put("lte", r.lte());
        }
      }
      case Filter.StringRange r -> {
        ObjectNode b = o.putObject("string_range").put("field", r.field());
        if (r.gt() != null) {
          b.put("gt", r.gt());
        }
        if (r.gte() != null) {
          b.put("gte", r.gte());
        }
        if (r.lt() != null) {
          b.put("lt", r.lt());
        }
        if (r.lte() != null) {
          b.put("lte", r.lte());
        }
      }
      case Filter.Exists e -> o.putObject("exists").put("field", e.field());
      case Filter.Contains c ->
          o.putObject("contains").put("field", c.field()).put("text", c.text());
    }
    return o;
  }
}
