package dev.vectorizer.watch;

import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps text collections equal to the files under one or more folders: a {@link DocumentIndexer}
 * (the same one {@code vectorizer index} uses) driven by OS change events, with debounce, batching,
 * retries and configuration reload (see {@code Scheduler}).
 *
 * <p>Crash behaviour: what the collections hold is the only record of what was indexed (each text's
 * chunk 0 carries the file's SHA-256 and is written last), so after a crash at any moment the next
 * start reconciles against the collections and converges to exactly the tree; the hash cache file
 * ({@code stateFile}) is only an optimisation.
 *
 * <p>Thread-safe: start, stop, listeners and counters may be used from any thread. The caller owns
 * the store and closes the watcher before it.
 */
public final class FileSync implements AutoCloseable {
  private final WatchConfig config;
  private final DocumentIndexer indexer;
  private final Scheduler scheduler;

  /**
   * Creates a watcher (call {@link #start()}).
   *
   * @param store the store, opened for writing
   * @param config what to watch
   * @param stateFile the hash cache (for example {@code DATA/watch/NAME.json}), or null for none
   * @param configFile the YAML file for hot reload, or null
   */
  public FileSync(VectorStore store, WatchConfig config, Path stateFile, Path configFile) {
    this.config = config;
    this.indexer = new DocumentIndexer(store, config, stateFile);
    this.scheduler = new Scheduler(indexer, configFile);
  }

  /**
   * Adds a listener (events arrive on the watcher's thread).
   *
   * @param listener the listener
   */
  public void addListener(WatchListener listener) {
    indexer.addListener(listener);
  }

  /**
   * Starts watching, then (with auto discovery) reconciles the collections with the tree in the
   * background. Does nothing when the configuration is disabled.
   *
   * @throws IOException when a watch path is not a directory or cannot be watched
   */
  public void start() throws IOException {
    if (!config.enabled()) {
      return;
    }
    for (Path root : config.watchPaths()) {
      if (!Files.isDirectory(root)) {
        throw new IOException("watch path " + root + " is not a directory");
      }
    }
    scheduler.start();
  }

  /**
   * Waits until no change or retry is pending and no scan is due (for tests and tools).
   *
   * @param timeoutMillis how long to wait
   * @return whether it became idle in time
   * @throws InterruptedException when interrupted
   */
  public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    return scheduler.awaitIdle(timeoutMillis);
  }

  /**
   * The counters.
   *
   * @return a snapshot
   */
  public WatchCounters counters() {
    return indexer.counters();
  }

  /**
   * Stops watching, applies the pending changes, saves the hash cache, closes the embedders the
   * watcher created. Idempotent.
   */
  @Override
  public void close() {
    scheduler.close();
    indexer.close();
  }
}
