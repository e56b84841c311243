package dev.vectorizer.cli;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Embedder;
import dev.vectorizer.KeywordConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.VectorStore;
import dev.vectorizer.watch.DocumentIndexer;
import dev.vectorizer.watch.WatchConfig;
import dev.vectorizer.watch.WatchCounters;
import dev.vectorizer.watch.WatchEvent;
import dev.vectorizer.watch.WatchListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vectorizer index PATH... [--collection NAME] [--config FILE] [--embedder NAME] [--analyzer
 * english|standard|as-written] [--no-identifiers]}: one pass of the watcher's {@link
 * DocumentIndexer}: the same patterns, limits, binary check, hashing and symlink rules as {@code
 * watch}; texts of files that disappeared under the paths are removed; unchanged files are not
 * embedded again. Each text goes into both the dense (embeddings) and the keyword (BM25 postings)
 * index of its collection; the keyword options choose the analyzer of a new collection.
 */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description =
        "Index text files and folders into a text collection once, as 'watch' would (re-runs"
            + " embed only changed files and remove deleted ones).")
final class IndexCommand implements Runnable {
  @ParentCommand VectorizerCommand root;

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files and folders.")
  List<Path> paths = new ArrayList<>();

  @Mixin WatchOptions options;

  @Spec CommandSpec spec;

  @Option(
      names = "--analyzer",
      defaultValue = "english",
      paramLabel = "NAME",
      description =
          "How the keyword index cuts text into terms, for a new collection: english (default:"
              + " stemming, stop words), standard, as-written.")
  String analyzer;

  @Option(
      names = "--identifiers",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Also index identifier-like tokens (--max-procs, ERR_4012) as written (default; a new"
              + " collection only).")
  boolean identifiers;

  @Override
  public void run() {
    KeywordConfig keyword;
    try {
      keyword =
          KeywordConfig.builder()
              .analyzer(KeywordConfig.Analyzer.parse(analyzer))
              .identifiers(identifiers)
              .build();
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
    WatchConfig c = options.resolve(paths);
    for (Path p : c.watchPaths()) {
      if (!Files.exists(p)) {
        throw new Main.Failure("no such file or folder: " + p);
      }
    }
    long start = System.nanoTime();
    WatchCounters n;
    try (VectorStore store = root.openForWriting(Durability.FSYNC);
        DocumentIndexer indexer =
            new DocumentIndexer(
                store, prepare(store, c, keyword), WatchOptions.hashCache(root.data, c))) {
      Progress[] progress = new Progress[1]; // made when the scan knows the total
      indexer.addListener(
          new WatchListener() {
            @Override
            public void onEvent(WatchEvent e) {
              if (e.type() == WatchEvent.Type.ERROR) {
                root.err.println(
                    "error    " + (e.path() == null ? "" : e.path() + ": ") + e.reason());
              }
            }

            @Override
            public void onProgress(int done, int total) {
              if (progress[0] == null) {
                progress[0] = new Progress(root.err, total);
              }
              progress[0].update(done);
            }
          });
      n = indexer.indexAll();
      if (progress[0] != null) {
        progress[0].finish();
      }
    }
    root.out.printf(
        "indexed %d files (%d chunks) into %s with %s; %d unchanged; %d removed; skipped %d"
            + " binary, %d larger than %d bytes, %d symlinks or mounts, %d excluded or other;"
            + " in %.1f s%n",
        n.indexed(),
        n.chunks(),
        c.collection(),
        c.embedder(),
        n.unchanged(),
        n.removed(),
        n.binary(),
        n.tooLarge(),
        c.maxFileSize(),
        n.links(),
        n.skipped() - n.binary() - n.tooLarge() - n.links(),
        (System.nanoTime() - start) / 1e9);
    if (n.errors() > 0) {
      throw new Main.Failure(n.errors() + " files could not be indexed (see the errors above)");
    }
  }

  /**
   * Creates the default collection with the asked keyword settings, or refuses settings that differ
   * from an existing collection's (postings cannot be re-analyzed in place).
   */
  private WatchConfig prepare(VectorStore store, WatchConfig c, KeywordConfig keyword) {
    String name = c.collection();
    boolean asked =
        spec.commandLine().getParseResult().hasMatchedOption("--analyzer")
            || spec.commandLine().getParseResult().hasMatchedOption("--identifiers");
    try {
      if (store.hasCollection(name)) {
        KeywordConfig have = store.collection(name).config().keyword();
        if (asked && !keyword.equals(have)) {
          throw new Main.Failure(
              "collection '"
                  + name
                  + "' has keyword settings "
                  + have
                  + "; they cannot change (asked for "
                  + keyword
                  + "): index into a new collection");
        }
      } else if (asked) {
        Embedder embedder = VectorizerCommand.embedder(c.embedder());
        try {
          store.createCollection(
              name,
              CollectionConfig.builder(embedder.dimension())
                  .metric(Metric.COSINE)
                  .embedder(embedder.id())
                  .keyword(keyword)
                  .build());
        } finally {
          if (embedder instanceof AutoCloseable closeable) {
            try {
              closeable.close();
            } catch (Exception ignored) {
              // best effort
            }
          }
        }
      }
    } catch (IllegalArgumentException e) {
      throw new Main.Failure(e.getMessage());
    }
    return c;
  }
}
