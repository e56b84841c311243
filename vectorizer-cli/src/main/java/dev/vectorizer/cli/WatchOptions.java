package dev.vectorizer.cli;

import dev.vectorizer.Embedder;
import dev.vectorizer.watch.WatchConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options {@code index} and {@code watch} share, so that both build the same {@link
 * WatchConfig}: the {@code file_watcher:} section of {@code --config} (or its defaults), with the
 * paths and options given on the command line taking precedence.
 */
final class WatchOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML with a file_watcher: section (patterns, limits, routes...).")
  Path config;

  @Option(
      names = "--collection",
      paramLabel = "NAME",
      description = "Default: the config's, or 'files'.")
  String collection;

  @Option(
      names = "--embedder",
      description = "hashing (default), minilm (all-MiniLM-L6-v2, offline), bge-small.")
  String embedder;

  @Option(names = "--chunk-size", description = "Characters per chunk (default 1000).")
  Integer chunkSize;

  @Option(names = "--chunk-overlap", description = "Overlap in characters (default 200).")
  Integer chunkOverlap;

  @Option(
      names = "--max-file-size",
      paramLabel = "BYTES",
      description = "Larger files are skipped (default 10 MB).")
  Long maxFileSize;

  /** The configuration; paths, when given, replace the config's watch_paths. */
  WatchConfig resolve(List<Path> paths) {
    WatchConfig c;
    try {
      c = config != null ? WatchConfig.load(config) : WatchConfig.of(List.of(), "files");
      if (!paths.isEmpty()) {
        c = c.withWatchPaths(paths);
      }
      c =
          new WatchConfig(
              c.enabled(),
              c.watchPaths(),
              c.debounceMs(),
              c.autoDiscovery(),
              c.hotReload(),
              c.includePatterns(),
              c.excludePatterns(),
              c.recursive(),
              maxFileSize != null ? maxFileSize : c.maxFileSize(),
              collection != null ? collection : c.collection(),
              c.routes(),
              embedder != null ? embedder : c.embedder(),
              chunkSize != null ? chunkSize : c.chunkSize(),
              chunkOverlap != null ? chunkOverlap : c.chunkOverlap(),
              c.followSymlinks());
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    } catch (IOException e) {
      throw new Main.Failure("cannot read " + config + ": " + e.getMessage());
    }
    if (!Embedder.names().contains(c.embedder())) {
      VectorizerCommand.embedder(c.embedder()); // throws the usage error listing the known ones
    }
    if (c.watchPaths().isEmpty()) {
      throw new Main.UsageError("give files or folders, or watch_paths in --config");
    }
    return c;
  }

  /** The hash cache both commands share, so that {@code watch} after {@code index} reads less. */
  static Path hashCache(Path data, WatchConfig c) {
    return data.resolve("watch").resolve(c.collection() + ".json");
  }
}
