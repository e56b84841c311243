package dev.vectorizer.internal.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One map of a {@link ConfigFile} (a top-level section such as {@code backup:}, or a map nested in
 * it), read through typed getters. Every error names the file and the full key, says what was
 * expected and shows what was found: {@code vectorizer.yaml: 'backup.retention_days' must be a
 * whole number from 1 to 36500, got "thirty"}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigSection {
  private final ConfigFile file;
  private final String path;
  private final Map<String, Object> values;

  private ConfigSection(ConfigFile file, String path, Map<String, Object> values) {
    this.file = file;
    this.path = path;
    this.values = values;
  }

  static ConfigSection of(ConfigFile file, String path, Object value) {
    if (value == null) {
      return new ConfigSection(file, path, Map.of()); // "backup:" with nothing under it
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          file.file() + ": '" + path + "' must be a map of settings, got " + describe(value));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      values.put(String.valueOf(e.getKey()), e.getValue());
    }
    return new ConfigSection(file, path, values);
  }

  /**
   * Refuses keys other than these, naming the first unknown one and listing the known ones.
   *
   * @param known the keys this section may hold
   * @return this section
   * @throws IllegalArgumentException for an unknown key
   */
  public ConfigSection requireOnly(Set<String> known) {
    for (String key : values.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            file.file()
                + ": unknown key '"
                + path
                + "."
                + key
                + "' (known: "
                + String.join(", ", new TreeSet<>(known))
                + ")");
      }
    }
    return this;
  }

  /**
   * The file this section came from.
   *
   * @return the file
   */
  public ConfigFile file() {
    return file;
  }

  /**
   * The section's dotted key, for example {@code file_watcher} or {@code server.api_keys[0]}.
   *
   * @return the key
   */
  public String path() {
    return path;
  }

  /**
   * Whether a key is set.
   *
   * @param key the key
   * @return whether it is there
   */
  public boolean has(String key) {
    return values.containsKey(key);
  }

  /**
   * An error about a key, in the common form.
   *
   * @param key the key
   * @param expected what the value must be ("a whole number")
   * @param got the value found
   * @return the exception to throw
   */
  public IllegalArgumentException invalid(String key, String expected, Object got) {
    return new IllegalArgumentException(
        file.file()
            + ": '"
            + path
            + "."
            + key
            + "' must be "
            + expected
            + ", got "
            + describe(got));
  }

  /**
   * A boolean.
   *
   * @param key the key
   * @param defaultValue the value when missing
   * @return the value
   */
  public boolean bool(String key, boolean defaultValue) {
    Object v = values.getOrDefault(key, defaultValue);
    if (v instanceof Boolean b) {
      return b;
    }
    throw invalid(key, "true or false", v);
  }

  /**
   * A whole number in a range.
   *
   * @param key the key
   * @param defaultValue the value when missing
   * @param min the smallest allowed
   * @param max the largest allowed
   * @return the value
   */
  public int integer(String key, int defaultValue, int min, int max) {
    Object v = values.getOrDefault(key, defaultValue);
    if (v instanceof Integer i && i >= min && i <= max) {
      return i;
    }
    throw invalid(key, "a whole number from " + min + " to " + max, v);
  }

  /**
   * A size in bytes: a whole number, or a number with a unit ({@code 512KB}, {@code 10MB}, {@code
   * 1GB}; decimal units; {@code KiB}, {@code MiB}, {@code GiB} are binary).
   *
   * @param key the key
   * @param defaultValue the value when missing
   * @return the size, at least 0
   */
  public long size(String key, long defaultValue) {
    Object v = values.getOrDefault(key, defaultValue);
    if (v instanceof Integer || v instanceof Long) {
      long n = ((Number) v).longValue();
      if (n >= 0) {
        return n;
      }
    } else if (v instanceof String s) {
      Long n = parseSize(s);
      if (n != null) {
        return n;
      }
    }
    throw invalid(key, "a size such as 10MB", v);
  }

  private static Long parseSize(String s) {
    String t = s.trim().toUpperCase(Locale.ROOT);
    String[][] units = {
      {"KIB", "1024"},
      {"MIB", "1048576"},
      {"GIB", "1073741824"},
      {"KB", "1000"},
      {"MB", "1000000"},
      {"GB", "1000000000"},
      {"B", "1"}
    };
    long mult = 1;
    for (String[] u : units) {
      if (t.endsWith(u[0])) {
        mult = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length()).trim();
        break;
      }
    }
    if (t.isEmpty() || !t.chars().allMatch(Character::isDigit) || t.length() > 12) {
      return null;
    }
    try {
      return Math.multiplyExact(Long.parseLong(t), mult);
    } catch (ArithmeticException e) {
      return null; // more bytes than a long holds
    }
  }

  /**
   * A non-blank text.
   *
   * @param key the key
   * @param defaultValue the value when missing
   * @return the value
   */
  public String string(String key, String defaultValue) {
    Object v = values.getOrDefault(key, defaultValue);
    if (v instanceof String s && !s.isBlank()) {
      return s;
    }
    throw invalid(key, "a text", v);
  }

  /**
   * A non-blank text that may be missing.
   *
   * @param key the key
   * @return the value, or empty
   */
  public Optional<String> optionalString(String key) {
    return values.get(key) == null ? Optional.empty() : Optional.of(string(key, null));
  }

  /**
   * One of a fixed set of texts.
   *
   * @param key the key
   * @param defaultValue the value when missing
   * @param allowed the values accepted
   * @return the value
   */
  public String choice(String key, String defaultValue, Set<String> allowed) {
    Object v = values.getOrDefault(key, defaultValue);
    if (v instanceof String s && allowed.contains(s)) {
      return s;
    }
    throw invalid(key, "one of " + String.join(", ", new TreeSet<>(allowed)), v);
  }

  /**
   * A list of texts (a single text counts as a list of one).
   *
   * @param key the key
   * @param defaultValue the value when missing
   * @return the values
   */
  public List<String> strings(String key, List<String> defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof String s && !s.isBlank()) {
      return List.of(s);
    }
    if (v instanceof List<?> list
        && list.stream().allMatch(x -> x instanceof String s && !s.isBlank())) {
      return list.stream().map(String::valueOf).toList();
    }
    throw invalid(key, "a list of texts", v);
  }

  /**
   * A path, relative to the file's directory unless absolute.
   *
   * @param key the key
   * @param defaultValue the value when missing (resolved the same way)
   * @return the normalised path
   */
  public Path path(String key, String defaultValue) {
    return resolve(key, string(key, defaultValue));
  }

  private Path resolve(String key, String value) {
    try {
      return file.baseDirectory().resolve(value).normalize();
    } catch (InvalidPathException e) { // a NUL character, or one the file system cannot encode
      throw invalid(key, "a path (" + e.getReason() + ")", value);
    }
  }

  /**
   * A list of paths, each relative to the file's directory unless absolute.
   *
   * @param key the key
   * @return the normalised paths (empty when missing)
   */
  public List<Path> paths(String key) {
    List<Path> out = new ArrayList<>();
    for (String s : strings(key, List.of())) {
      out.add(resolve(key, s));
    }
    return out;
  }

  /**
   * A nested map.
   *
   * @param key the key
   * @return the nested section (empty when missing)
   */
  public ConfigSection section(String key) {
    return of(file, path + "." + key, values.get(key));
  }

  /**
   * A list of maps, for example {@code routes:} or {@code api_keys:}.
   *
   * @param key the key
   * @return one section per item (empty when missing), named {@code key[i]}
   */
  public List<ConfigSection> sections(String key) {
    Object v = values.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw invalid(key, "a list of maps", v);
    }
    List<ConfigSection> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(of(file, path + "." + key + "[" + i + "]", list.get(i)));
    }
    return out;
  }

  /** Renders a found value for messages: texts quoted, maps and lists by kind and size. */
  static String describe(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof String s) {
      return '"' + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + '"';
    }
    if (v instanceof Map<?, ?> m) {
      return "a map of " + m.size() + " entries";
    }
    if (v instanceof List<?> l) {
      return "a list of " + l.size() + " items";
    }
    return String.valueOf(v);
  }
}
