package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.VectorStore;
import dev.vectorizer.watch.FileSync;
import dev.vectorizer.watch.WatchConfig;
import dev.vectorizer.watch.WatchCounters;
import java.nio.file.Path;

/** The indexer contract through the watcher ({@link FileSync}) started on the same YAML. */
class WatchIndexerTest extends IndexerContract {
  @Override
  Counts run(Path data, Path yaml) throws Exception {
    WatchConfig c = WatchConfig.load(yaml);
    try (VectorStore store = VectorStore.open(data)) {
      FileSync sync = new FileSync(store, c, WatchOptions.hashCache(data, c), yaml);
      try {
        sync.start();
        assertTrue(sync.awaitIdle(60_000), "the watcher became idle");
      } finally {
        sync.close();
      }
      WatchCounters n = sync.counters();
      return new Counts(n.indexed(), n.unchanged(), n.removed(), n.links());
    }
  }
}
