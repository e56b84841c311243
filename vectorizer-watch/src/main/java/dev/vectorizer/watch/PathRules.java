package dev.vectorizer.watch;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configuration's path rules, on lexical paths (absolute, normalised, links not resolved):
 * which watch path a file belongs to, whether the include and exclude globs keep it, whether it is
 * too deep for a non-recursive watch, and which collection it goes to. Globs are matched against
 * the path relative to its watch path ({@code **}{@code /x} also matches {@code x} at the top); a
 * watch path that is a file is matched by its name.
 *
 * <p>Immutable and thread-safe; one per configuration.
 */
final class PathRules {
  private final WatchConfig config;
  private final Map<String, PathMatcher> matchers = new ConcurrentHashMap<>();

  PathRules(WatchConfig config) {
    this.config = config;
  }

  WatchConfig config() {
    return config;
  }

  List<Path> roots() {
    return config.watchPaths();
  }

  /** The first watch path that is {@code p} or holds it, or null. */
  Path rootOf(Path p) {
    for (Path root : config.watchPaths()) {
      if (p.startsWith(root)) {
        return root;
      }
    }
    return null;
  }

  /** Whether a source id names a path under one of the watch paths. */
  boolean owns(String sourceId) {
    for (Path root : config.watchPaths()) {
      if (under(sourceId, root)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code id} is {@code dir} or a path below it, as strings. */
  static boolean under(String id, Path dir) {
    String d = dir.toString();
    if (id.equals(d)) {
      return true;
    }
    String prefix = d.endsWith(dir.getFileSystem().getSeparator()) ? d : d + "/";
    return id.startsWith(prefix);
  }

  /** The collections this configuration writes to. */
  Set<String> collections() {
    Set<String> out = new LinkedHashSet<>();
    out.add(config.collection());
    out.addAll(config.routes().values());
    return out;
  }

  private static String relative(Path root, Path p) {
    Path rel = p.equals(root) ? p.getFileName() : root.relativize(p);
    return rel == null ? "" : rel.toString().replace('\\', '/');
  }

  /** Whether a directory below a watch path is excluded (the scan does not enter it). */
  boolean excludedDirectory(Path root, Path dir) {
    if (dir.equals(root)) {
      return false;
    }
    String rel = relative(root, dir);
    for (String g : config.excludePatterns()) {
      // "**/.git/**" must exclude the directory itself, not only what is in it.
      if (matches(g, rel + "/x") || matches(g, rel)) {
        return true;
      }
    }
    return false;
  }

  /** Why a file is not indexed by the rules, or null when it is. */
  String excludedFile(Path root, Path file) {
    if (!config.recursive() && !file.equals(root) && root.relativize(file).getNameCount() > 1) {
      return "below the top folder (recursive is false)";
    }
    String rel = relative(root, file);
    for (String g : config.excludePatterns()) {
      if (matches(g, rel)) {
        return "excluded by the pattern " + g;
      }
    }
    for (String g : config.includePatterns()) {
      if (matches(g, rel)) {
        return null;
      }
    }
    return "not matched by include_patterns";
  }

  /** Whether a directory on the way to a file is excluded. */
  boolean insideExcludedDirectory(Path root, Path file) {
    for (Path d = file.getParent(); d != null && d.startsWith(root) && !d.equals(root); ) {
      if (excludedDirectory(root, d)) {
        return true;
      }
      d = d.getParent();
    }
    return false;
  }

  /** The collection a file goes to: the first matching route, else the default. */
  String route(Path root, Path file) {
    String rel = relative(root, file);
    for (Map.Entry<String, String> r : config.routes().entrySet()) {
      if (matches(r.getKey(), rel)) {
        return r.getValue();
      }
    }
    return config.collection();
  }

  private boolean matches(String glob, String rel) {
    PathMatcher m =
        matchers.computeIfAbsent(glob, g -> FileSystems.getDefault().getPathMatcher("glob:" + g));
    // "**/x" also matches "x" at the top: try the path with and without a leading "/".
    return m.matches(Path.of(rel)) || m.matches(Path.of("/" + rel));
  }
}
