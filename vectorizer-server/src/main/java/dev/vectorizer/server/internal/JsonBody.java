package dev.vectorizer.server.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON object of a request, read through typed getters whose errors name the field's path ({@code
 * points[3].vector[7]}) and what was expected. Unknown fields are refused (a typo such as {@code
 * limt} must not be silently ignored).
 *
 * <p>Not thread-safe; one per request.
 */
final class JsonBody {
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100).build());
  }

  private final ObjectNode node;
  private final String path;

  private JsonBody(ObjectNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Parses a request body (empty means {@code {}}) and checks its fields. */
  static JsonBody parse(byte[] body, Set<String> fields) {
    if (body.length == 0) {
      return of(JSON.createObjectNode(), "", fields);
    }
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiException(
          400, "bad_json", "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new ApiException(400, "bad_json", "the body cannot be read: " + e.getMessage());
    }
    if (n == null || n.isMissingNode()) {
      return of(JSON.createObjectNode(), "", fields);
    }
    return of(n, "", fields);
  }

  static JsonBody of(JsonNode n, String path, Set<String> fields) {
    if (!(n instanceof ObjectNode o)) {
      throw ApiException.badRequest(
          (path.isEmpty() ? "the body" : "'" + path + "'")
              + " must be a JSON object, got "
              + kind(n));
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw ApiException.badRequest(
            "unknown field '"
                + at(path, f)
                + "' (known: "
                + String.join(", ", new TreeSet<>(fields))
                + ")");
      }
    }
    return new JsonBody(o, path);
  }

  private static String at(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  static String kind(JsonNode n) {
    if (n == null || n.isNull()) {
      return "null";
    }
    if (n.isTextual()) {
      String s = n.textValue();
      return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
    if (n.isArray()) {
      return "an array";
    }
    if (n.isObject()) {
      return "an object";
    }
    return n.toString();
  }

  private ApiException invalid(String field, String expected, JsonNode got) {
    return ApiException.badRequest(
        "'" + at(path, field) + "' must be " + expected + ", got " + kind(got));
  }

  boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  JsonNode raw(String field) {
    return node.get(field);
  }

  String path(String field) {
    return at(path, field);
  }

  String string(String field, String defaultValue) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (defaultValue == null) {
        throw ApiException.badRequest("'" + at(path, field) + "' is required");
      }
      return defaultValue;
    }
    if (!v.isTextual() || v.textValue().isEmpty()) {
      throw invalid(field, "a non-empty string", v);
    }
    return v.textValue();
  }

  boolean bool(String field, boolean defaultValue) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return defaultValue;
    }
    if (!v.isBoolean()) {
      throw invalid(field, "true or false", v);
    }
    return v.booleanValue();
  }

  /** A whole number; {@code limitName} names the server setting when {@code max} is one. */
  int integer(String field, int defaultValue, int min, int max, String limitName) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return defaultValue;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw invalid(field, "a whole number", v);
    }
    int i = v.intValue();
    if (i < min || i > max) {
      throw ApiException.badRequest(
          "'"
              + at(path, field)
              + "' is "
              + i
              + ", must be between "
              + min
              + " and "
              + max
              + (limitName == null ? "" : " (server." + limitName + ")"));
    }
    return i;
  }

  Float optionalFloat(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || !Float.isFinite(v.floatValue())) {
      throw invalid(field, "a finite number", v);
    }
    return v.floatValue();
  }

  float[] vector(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw ApiException.badRequest("'" + at(path, field) + "' is required");
    }
    if (!(v instanceof ArrayNode a) || a.isEmpty()) {
      throw invalid(field, "a non-empty array of numbers", v);
    }
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode x = a.get(i);
      if (!x.isNumber()) {
        throw ApiException.badRequest(
            "'" + at(path, field) + "[" + i + "]' must be a number, got " + kind(x));
      }
      out[i] = x.floatValue();
      if (!Float.isFinite(out[i])) {
        throw ApiException.badRequest(
            "'"
                + at(path, field)
                + "["
                + i
                + "]' is "
                + x
                + ", which is not a finite 32-bit float");
      }
    }
    return out;
  }

  /** An array of at most {@code max} items (the server's max_batch). */
  List<JsonNode> array(String field, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw ApiException.badRequest("'" + at(path, field) + "' is required");
    }
    if (!(v instanceof ArrayNode a)) {
      throw invalid(field, "an array", v);
    }
    if (a.size() > max) {
      throw ApiException.badRequest(
          "'"
              + at(path, field)
              + "' has "
              + a.size()
              + " items, the limit is "
              + max
              + " (server.max_batch): send smaller batches");
    }
    List<JsonNode> out = new ArrayList<>(a.size());
    a.forEach(out::add);
    return out;
  }

  List<String> strings(String field, int max) {
    List<JsonNode> items = array(field, max);
    List<String> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonNode x = items.get(i);
      if (!x.isTextual()) {
        throw ApiException.badRequest(
            "'" + at(path, field) + "[" + i + "]' must be a string, got " + kind(x));
      }
      out.add(x.textValue());
    }
    return out;
  }

  /** A JSON object as a payload map (numbers as Integer, Long, BigInteger or Double). */
  Map<String, Object> object(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw invalid(field, "a JSON object", v);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = JSON.convertValue(v, LinkedHashMap.class);
    return m;
  }

  JsonBody nested(String field, Set<String> fields) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw ApiException.badRequest("'" + at(path, field) + "' is required");
    }
    return of(v, at(path, field), fields);
  }
}
