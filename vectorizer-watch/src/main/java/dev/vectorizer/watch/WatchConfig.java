package dev.vectorizer.watch;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What to watch and how, as users write it in YAML under {@code file_watcher:}. Defaults: enabled,
 * debounce 300 ms, auto discovery and hot reload on, include everything, exclude {@code **}{@code
 * /.git/**}, {@code **}{@code /node_modules/**} and {@code **}{@code /__pycache__/**}, recursive,
 * files up to 10 MB, collection {@code files}, embedder {@code hashing}, chunks of 1,000 characters
 * overlapping by 200, symlinks not followed.
 *
 * @param enabled whether to watch at all
 * @param watchPaths the roots
 * @param debounceMs quiet time after a path's last event before it is applied
 * @param autoDiscovery scan and reconcile on start
 * @param hotReload re-read the YAML file when it changes
 * @param includePatterns globs a file's path (relative to its root) must match
 * @param excludePatterns globs that exclude a path
 * @param recursive whether to descend into subdirectories
 * @param maxFileSize larger files are skipped (bytes)
 * @param collection the default collection
 * @param routes glob to collection, first match wins
 * @param embedder the embedder's name
 * @param chunkSize characters per chunk
 * @param chunkOverlap characters of overlap
 * @param followSymlinks whether to follow symbolic links (never outside the roots)
 */
public record WatchConfig(
    boolean enabled,
    List<Path> watchPaths,
    int debounceMs,
    boolean autoDiscovery,
    boolean hotReload,
    List<String> includePatterns,
    List<String> excludePatterns,
    boolean recursive,
    long maxFileSize,
    String collection,
    Map<String, String> routes,
    String embedder,
    int chunkSize,
    int chunkOverlap,
    boolean followSymlinks) {

  /** The default exclusions. */
  public static final List<String> DEFAULT_EXCLUDES =
      List.of("**/.git/**", "**/node_modules/**", "**/__pycache__/**");

  private static final Set<String> KEYS =
      new TreeSet<>(
          Set.of(
              "enabled",
              "watch_paths",
              "debounce_ms",
              "auto_discovery",
              "hot_reload",
              "include_patterns",
              "exclude_patterns",
              "recursive",
              "max_file_size",
              "collection",
              "routes",
              "embedder",
              "chunk_size",
              "chunk_overlap",
              "follow_symlinks"));

  /** Checks the values. */
  public WatchConfig {
    watchPaths = watchPaths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    includePatterns = List.copyOf(includePatterns);
    excludePatterns = List.copyOf(excludePatterns);
    routes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    if (debounceMs < 0 || debounceMs > 60_000) {
      throw new IllegalArgumentException(
          "debounce_ms must be between 0 and 60000, got " + debounceMs);
    }
    if (maxFileSize < 1) {
      throw new IllegalArgumentException("max_file_size must be positive, got " + maxFileSize);
    }
  }

  /**
   * The defaults for some roots and a collection.
   *
   * @param roots the roots
   * @param collection the collection
   * @return the configuration
   */
  public static WatchConfig of(List<Path> roots, String collection) {
    return new WatchConfig(
        true,
        roots,
        300,
        true,
        true,
        List.of("**"),
        DEFAULT_EXCLUDES,
        true,
        10_000_000L,
        collection,
        Map.of(),
        "hashing",
        1000,
        200,
        false);
  }

  /**
   * A copy with other roots.
   *
   * @param roots the roots
   * @return the configuration
   */
  public WatchConfig withWatchPaths(List<Path> roots) {
    return new WatchConfig(
        enabled,
        roots,
        debounceMs,
        autoDiscovery,
        hotReload,
        includePatterns,
        excludePatterns,
        recursive,
        maxFileSize,
        collection,
        routes,
        embedder,
        chunkSize,
        chunkOverlap,
        followSymlinks);
  }

  /**
   * A copy with another debounce.
   *
   * @param ms milliseconds
   * @return the configuration
   */
  public WatchConfig withDebounceMs(int ms) {
    return new WatchConfig(
        enabled,
        watchPaths,
        ms,
        autoDiscovery,
        hotReload,
        includePatterns,
        excludePatterns,
        recursive,
        maxFileSize,
        collection,
        routes,
        embedder,
        chunkSize,
        chunkOverlap,
        followSymlinks);
  }

  /**
   * Reads the {@code file_watcher:} section of a YAML file. Relative paths are relative to the
   * file's directory.
   *
   * @param file the file
   * @return the configuration
   * @throws IllegalArgumentException naming the key and the file for an unknown key or bad value
   * @throws IOException when the file cannot be read
   */
  public static WatchConfig load(Path file) throws IOException {
    Object root;
    try (Reader r = Files.newBufferedReader(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> top) || !(top.get("file_watcher") instanceof Map<?, ?> s)) {
      throw new IllegalArgumentException(file + ": no 'file_watcher:' section");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : s.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            file
                + ": unknown key 'file_watcher."
                + key
                + "' (known: "
                + String.join(", ", KEYS)
                + ")");
      }
      m.put(key, e.getValue());
    }
    Path base = file.toAbsolutePath().getParent();
    Values v = new Values(file, m);
    List<Path> paths = new ArrayList<>();
    for (String p : v.strings("watch_paths", List.of())) {
      paths.add(base.resolve(p).normalize());
    }
    Map<String, String> routes = new LinkedHashMap<>();
    Object r = m.get("routes");
    if (r != null) {
      if (!(r instanceof List<?> list)) {
        throw new IllegalArgumentException(file + ": 'file_watcher.routes' must be a list");
      }
      for (Object item : list) {
        if (!(item instanceof Map<?, ?> route)
            || !(route.get("pattern") instanceof String pattern)
            || !(route.get("collection") instanceof String coll)
            || route.size() != 2) {
          throw new IllegalArgumentException(
              file
                  + ": each 'file_watcher.routes' item needs exactly 'pattern' and 'collection', got "
                  + item);
        }
        routes.put(pattern, coll);
      }
    }
    try {
      return new WatchConfig(
          v.bool("enabled", true),
          paths,
          v.integer("debounce_ms", 300),
          v.bool("auto_discovery", true),
          v.bool("hot_reload", true),
          v.strings("include_patterns", List.of("**")),
          v.strings("exclude_patterns", DEFAULT_EXCLUDES),
          v.bool("recursive", true),
          v.size("max_file_size", 10_000_000L),
          v.string("collection", "files"),
          routes,
          v.string("embedder", "hashing"),
          v.integer("chunk_size", 1000),
          v.integer("chunk_overlap", 200),
          v.bool("follow_symlinks", false));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(file.toString())
          ? e
          : new IllegalArgumentException(file + ": file_watcher." + e.getMessage(), e);
    }
  }

  private record Values(Path file, Map<String, Object> m) {
    private IllegalArgumentException bad(String key, String want, Object got) {
      return new IllegalArgumentException(
          file + ": 'file_watcher." + key + "' must be " + want + ", got " + got);
    }

    boolean bool(String key, boolean def) {
      Object v = m.getOrDefault(key, def);
      if (v instanceof Boolean b) {
        return b;
      }
      throw bad(key, "true or false", v);
    }

    int integer(String key, int def) {
      Object v = m.getOrDefault(key, def);
      if (v instanceof Integer i) {
        return i;
      }
      throw bad(key, "a whole number", v);
    }

    long size(String key, long def) {
      Object v = m.getOrDefault(key, def);
      if (v instanceof Number n) {
        return n.longValue();
      }
      if (v instanceof String s) {
        String t = s.trim().toUpperCase(java.util.Locale.ROOT);
        long mult = 1;
        if (t.endsWith("KB")) {
          mult = 1_000;
        } else if (t.endsWith("MB")) {
          mult = 1_000_000;
        } else if (t.endsWith("GB")) {
          mult = 1_000_000_000;
        }
        String digits = t.replaceAll("[A-Z]+$", "").trim();
        try {
          return Long.parseLong(digits) * mult;
        } catch (NumberFormatException e) {
          throw bad(key, "a size such as 10MB", v);
        }
      }
      throw bad(key, "a size such as 10MB", v);
    }

    String string(String key, String def) {
      Object v = m.getOrDefault(key, def);
      if (v instanceof String s && !s.isBlank()) {
        return s;
      }
      throw bad(key, "a text", v);
    }

    List<String> strings(String key, List<String> def) {
      Object v = m.get(key);
      if (v == null) {
        return def;
      }
      if (v instanceof List<?> list && list.stream().allMatch(x -> x instanceof String)) {
        return list.stream().map(String::valueOf).toList();
      }
      throw bad(key, "a list of texts", v);
    }
  }
}
