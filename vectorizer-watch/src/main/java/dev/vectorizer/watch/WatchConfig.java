package dev.vectorizer.watch;

import dev.vectorizer.internal.config.ConfigFile;
import dev.vectorizer.internal.config.ConfigSection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
    return from(ConfigFile.load(file).section("file_watcher"));
  }

  /**
   * Reads a {@code file_watcher:} section of an already parsed configuration file.
   *
   * @param s the section
   * @return the configuration
   * @throws IllegalArgumentException naming the key and the file for an unknown key or bad value
   */
  static WatchConfig from(ConfigSection s) {
    s.requireOnly(KEYS);
    Map<String, String> routes = new LinkedHashMap<>();
    for (ConfigSection route : s.sections("routes")) {
      route.requireOnly(Set.of("pattern", "collection"));
      if (!route.has("pattern") || !route.has("collection")) {
        throw new IllegalArgumentException(
            s.file().file()
                + ": each '"
                + s.path()
                + ".routes' item needs 'pattern' and 'collection'");
      }
      routes.put(route.string("pattern", null), route.string("collection", null));
    }
    try {
      return new WatchConfig(
          s.bool("enabled", true),
          s.paths("watch_paths"),
          s.integer("debounce_ms", 300, 0, 60_000),
          s.bool("auto_discovery", true),
          s.bool("hot_reload", true),
          s.strings("include_patterns", List.of("**")),
          s.strings("exclude_patterns", DEFAULT_EXCLUDES),
          s.bool("recursive", true),
          s.size("max_file_size", 10_000_000L),
          s.string("collection", "files"),
          routes,
          s.string("embedder", "hashing"),
          s.integer("chunk_size", 1000, 50, 100_000),
          s.integer("chunk_overlap", 200, 0, 50_000),
          s.bool("follow_symlinks", false));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(s.file().file().toString())
          ? e
          : new IllegalArgumentException(
              s.file().file() + ": " + s.path() + "." + e.getMessage(), e);
    }
  }
}
