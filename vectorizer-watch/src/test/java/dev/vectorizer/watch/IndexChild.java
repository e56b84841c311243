package dev.vectorizer.watch;

import dev.vectorizer.VectorStore;
import java.nio.file.Path;
import java.util.List;

/** A child process for tests: one {@link DocumentIndexer} pass, skip events printed. */
public final class IndexChild {
  private IndexChild() {}

  /**
   * Runs.
   *
   * @param args data directory, tree
   */
  public static void main(String[] args) {
    try (VectorStore store = VectorStore.open(Path.of(args[0]));
        DocumentIndexer indexer =
            new DocumentIndexer(store, WatchConfig.of(List.of(Path.of(args[1])), "files"), null)) {
      indexer.addListener(e -> System.out.println(e.type() + " " + e.path() + ": " + e.reason()));
      System.out.println("DONE " + indexer.indexAll());
    }
  }
}
