package dev.vectorizer.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the watcher does what. Owns the worker thread, the pending paths and the configuration
 * reload; the indexer does the work.
 *
 * <ul>
 *   <li>Debounce: an OS event (a hint) makes its path due {@code debounce_ms} after the path's last
 *       event (trailing edge). Every 20 ms the worker applies the due paths as one batch and then
 *       saves the hash cache.
 *   <li>Scans: a full reconcile on start (with {@code auto_discovery}; without it, only the texts
 *       an interrupted write left incomplete are repaired), after an event-queue overflow and after
 *       a configuration change.
 *   <li>Retries: a path whose store write failed (a full disk, say) is tried again after 0.5 s,
 *       doubling up to 30 s, until it succeeds; a failed scan likewise. Read errors are not retried
 *       (the next change or scan reads the file again).
 *   <li>Reload ({@code hot_reload}): the YAML file's modification time is checked every turn; a
 *       changed, valid configuration restarts the OS watcher and reconciles; an invalid one is
 *       reported and the old one kept.
 * </ul>
 *
 * <p>Thread-safe: events arrive on the OS watcher's thread, requests from any thread; all indexing
 * runs on the single worker, so the indexer needs no locking.
 */
final class Scheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final long FIRST_RETRY_MS = 500;
  private static final long MAX_RETRY_MS = 30_000;

  private final DocumentIndexer indexer;
  private final Path configFile;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vectorizer-watch");
            t.setDaemon(true);
            return t;
          });
  private final Map<Path, Long> pending = new ConcurrentHashMap<>();
  private final Map<Path, Integer> attempts = new HashMap<>();
  private volatile boolean rescan;
  private volatile long rescanDue;
  private int rescanAttempts;
  private long configModified;
  private volatile OsEvents os;
  private volatile boolean closed;

  Scheduler(DocumentIndexer indexer, Path configFile) {
    this.indexer = indexer;
    this.configFile = configFile;
  }

  void start() throws IOException {
    WatchConfig c = indexer.config();
    os = watch(c);
    if (configFile != null) {
      configModified = Files.getLastModifiedTime(configFile).toMillis();
    }
    if (c.autoDiscovery()) {
      rescan = true;
    } else {
      worker.execute(() -> guarded(() -> indexer.repair().forEach(this::retryLater)));
    }
    worker.scheduleWithFixedDelay(() -> guarded(this::tick), 0, 20, TimeUnit.MILLISECONDS);
  }

  private OsEvents watch(WatchConfig c) throws IOException {
    long quiet = TimeUnit.MILLISECONDS.toNanos(c.debounceMs());
    return OsEvents.start(
        c.watchPaths(),
        indexer.watchable(),
        p -> pending.put(p, System.nanoTime() + quiet),
        () -> rescan = true);
  }

  private void guarded(Runnable step) {
    try {
      if (!closed) {
        step.run();
      }
    } catch (Throwable t) {
      LOG.error("watcher step failed", t);
      indexer.error(null, "the watcher failed: " + Problems.describe(t));
    }
  }

  /** One turn: reload, a requested scan, then the due paths as one batch. */
  private void tick() {
    checkConfigReload();
    long now = System.nanoTime();
    if (rescan && now >= rescanDue) {
      rescan = false;
      try {
        indexer.reconcile().forEach(this::retryLater);
        rescanAttempts = 0;
      } catch (StoredTexts.StoreFailure e) {
        long delay = backoff(++rescanAttempts);
        indexer.error(null, e.getMessage() + "; scanning again in " + delay + " ms");
        rescanDue = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
        rescan = true;
      }
    }
    List<Path> due = new ArrayList<>();
    for (Map.Entry<Path, Long> e : pending.entrySet()) {
      if (now >= e.getValue() && pending.remove(e.getKey(), e.getValue())) {
        due.add(e.getKey());
      }
    }
    if (!due.isEmpty()) {
      applyBatch(due);
    }
  }

  private void applyBatch(List<Path> paths) {
    indexer.refreshMounts();
    for (Path p : paths) {
      if (indexer.apply(p) == DocumentIndexer.Outcome.RETRY) {
        retryLater(p);
      } else {
        attempts.remove(p);
      }
    }
    indexer.flush();
  }

  private void retryLater(Path p) {
    long delay = backoff(attempts.merge(p, 1, Integer::sum));
    pending.merge(p, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay), Math::min);
  }

  private static long backoff(int attempt) {
    return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(attempt - 1, 10));
  }

  private void checkConfigReload() {
    if (configFile == null || !indexer.config().hotReload()) {
      return;
    }
    try {
      long m = Files.getLastModifiedTime(configFile).toMillis();
      if (m == configModified) {
        return;
      }
      configModified = m;
      WatchConfig next = WatchConfig.load(configFile);
      if (next.equals(indexer.config())) {
        return;
      }
      LOG.info("{} changed: applying the new configuration", configFile);
      os.close();
      indexer.reconfigure(next);
      os = watch(next);
      rescan = true;
    } catch (IOException | RuntimeException e) {
      indexer.error(configFile, "configuration not applied: " + Problems.describe(e));
    }
  }

  /** Whether nothing is pending, no scan is due and the worker is between turns. */
  boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline) {
      if (pending.isEmpty() && !rescan) {
        try {
          if (worker.submit(() -> pending.isEmpty() && !rescan).get()) {
            return true;
          }
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          return pending.isEmpty();
        }
      }
      Thread.sleep(10);
    }
    return false;
  }

  /** Stops the OS watcher, applies what is pending (retries once), stops the worker. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      OsEvents o = os;
      if (o != null) {
        o.close();
      }
      worker
          .submit(
              () -> {
                List<Path> rest = new ArrayList<>(pending.keySet());
                pending.clear();
                applyBatch(rest);
                return null;
              })
          .get(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      LOG.error("closing the watcher: {}", Problems.describe(e));
    } finally {
      closed = true;
      worker.shutdownNow();
    }
  }
}
