package dev.vectorizer.mcp;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A tool call's arguments, read with checks: a missing or mistyped argument is an {@link
 * IllegalArgumentException} naming it, which the server turns into an MCP error result.
 */
final class Args {
  private final Map<String, Object> map;

  Args(@Nullable Map<String, Object> map) {
    this.map = map == null ? Map.of() : map;
  }

  @Nullable Object raw(String name) {
    return map.get(name);
  }

  String string(String name) {
    Object v = map.get(name);
    if (!(v instanceof String s) || s.isEmpty()) {
      throw new IllegalArgumentException(
          "argument '" + name + "' must be a non-empty string, got " + describe(v));
    }
    return s;
  }

  @Nullable String optionalString(String name) {
    return map.get(name) == null ? null : string(name);
  }

  int integer(String name, int defaultValue, int min, int max) {
    Object v = map.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new IllegalArgumentException(
          "argument '" + name + "' must be an integer, got " + describe(v));
    }
    long value = n.longValue();
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "argument '" + name + "' must be between " + min + " and " + max + ", got " + value);
    }
    return (int) value;
  }

  boolean bool(String name, boolean defaultValue) {
    Object v = map.get(name);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException(
          "argument '" + name + "' must be true or false, got " + describe(v));
    }
    return b;
  }

  List<?> list(String name) {
    Object v = map.get(name);
    if (!(v instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException(
          "argument '" + name + "' must be a non-empty array, got " + describe(v));
    }
    return list;
  }

  /** Destructive tools: refuses unless the caller passed {@code confirm: true}. */
  void requireConfirm(String what) {
    if (!Boolean.TRUE.equals(map.get("confirm"))) {
      throw new IllegalArgumentException(
          what + " destroys data: call again with \"confirm\": true to proceed");
    }
  }

  static String describe(@Nullable Object v) {
    if (v == null) {
      return "nothing";
    }
    String text = String.valueOf(v);
    return (v instanceof String ? "\"" + text + "\"" : text)
        + " ("
        + v.getClass().getSimpleName()
        + ")";
  }
}
