package dev.vectorizer.server;

import dev.vectorizer.Durability;
import dev.vectorizer.VectorStore;
import dev.vectorizer.backup.BackupInfo;
import dev.vectorizer.backup.BackupPolicy;
import dev.vectorizer.backup.BackupScheduler;
import dev.vectorizer.internal.config.ConfigFile;
import dev.vectorizer.watch.FileSync;
import dev.vectorizer.watch.WatchConfig;
import dev.vectorizer.watch.WatchEvent;
import dev.vectorizer.watch.WatchListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code vectorizer serve} runs, in one place: the durable store of a data directory,
 * the REST server, and, when {@code vectorizer.yaml} has them, the backup schedule ({@code
 * backup:}) and the directory watcher ({@code file_watcher:}), both reported in the metrics.
 *
 * <p>{@link #close()} stops in the safe order: drain the HTTP server (requests in flight finish),
 * stop the watcher (its pending batch is applied), stop the schedule, close the store.
 *
 * <p>Thread-safe. It owns everything it opened.
 */
public final class VectorizerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VectorizerService.class);

  private final VectorStore store;
  private final VectorizerServer server;
  private final FileSync watcher;
  private final List<String> notices;
  private final Object scheduleLock = new Object();
  private Thread schedule;
  private boolean stopping;
  private boolean closed;

  private VectorizerService(
      VectorStore store, VectorizerServer server, FileSync watcher, List<String> notices) {
    this.store = store;
    this.server = server;
    this.watcher = watcher;
    this.notices = notices;
  }

  /**
   * Opens the store and starts serving.
   *
   * @param data the data directory
   * @param configFile {@code vectorizer.yaml}, or null for the defaults
   * @param host the address to bind instead of the file's, or null
   * @param port the port instead of the file's, or null
   * @return the running service
   * @throws IOException when a file cannot be read or the port cannot be bound
   * @throws IllegalArgumentException naming the file and key of a bad setting
   */
  public static VectorizerService start(Path data, Path configFile, String host, Integer port)
      throws IOException {
    ServerConfig config =
        configFile == null ? ServerConfig.defaults() : ServerConfig.load(configFile);
    if (host != null) {
      config = config.withHost(host);
    }
    if (port != null) {
      config = config.withPort(port);
    }
    ConfigFile file = configFile == null ? null : ConfigFile.load(configFile);
    BackupPolicy policy = file != null && file.has("backup") ? BackupPolicy.load(configFile) : null;
    WatchConfig watch =
        file != null && file.has("file_watcher") ? WatchConfig.load(configFile) : null;
    List<String> notices = new ArrayList<>();

    VectorStore store = VectorStore.builder(data).durability(Durability.FSYNC).open();
    VectorizerServer server = null;
    FileSync sync = null;
    try {
      Path backups = policy != null ? policy.directory() : data.resolve("backups");
      VectorizerApi api =
          VectorizerApi.builder(store)
              .config(config)
              .dataDirectory(data)
              .backupDirectory(backups)
              .build();
      server = VectorizerServer.start(api);
      if (config.apiKeys().isEmpty()) {
        notices.add(
            server.loopbackForced()
                ? "no api_keys are configured: listening on 127.0.0.1 only, not on "
                    + config.host()
                    + " (see docs/server.md, \"API keys\")"
                : "no api_keys are configured: every local request is allowed (loopback only)");
      }
      notices.add("backups go to " + backups.toAbsolutePath());
      if (watch != null && watch.enabled()) {
        sync =
            new FileSync(
                store,
                watch,
                data.resolve("watch").resolve(watch.collection() + ".json"),
                configFile);
        sync.addListener(
            new WatchListener() {
              @Override
              public void onEvent(WatchEvent e) {
                api.recordWatchEvent(e.type().name().toLowerCase(Locale.ROOT));
              }
            });
        sync.start();
        notices.add("watching " + watch.watchPaths() + " into '" + watch.collection() + "'");
      }
      VectorizerService service = new VectorizerService(store, server, sync, notices);
      if (policy != null && policy.enabled()) {
        BackupScheduler scheduler = new BackupScheduler(store, policy, Clock.systemUTC());
        notices.add(
            "backups scheduled \""
                + policy.schedule()
                + "\" (UTC), next at "
                + scheduler.nextRun(Instant.now()));
        service.startSchedule(scheduler, api);
      }
      return service;
    } catch (IOException | RuntimeException e) {
      if (sync != null) {
        sync.close();
      }
      if (server != null) {
        server.close();
      }
      store.close();
      throw e;
    }
  }

  private synchronized void startSchedule(BackupScheduler scheduler, VectorizerApi api) {
    schedule = new Thread(() -> runSchedule(scheduler, api), "vectorizer-backup-schedule");
    schedule.setDaemon(true);
    schedule.start();
  }

  /**
   * Sleeps on a monitor, never through an interrupt: an interrupt during a backup would close the
   * store's file channels.
   */
  private void runSchedule(BackupScheduler scheduler, VectorizerApi api) {
    while (true) {
      Instant next = scheduler.nextRun(Instant.now());
      synchronized (scheduleLock) {
        long wait;
        while (!stopping && (wait = Duration.between(Instant.now(), next).toMillis()) > 0) {
          try {
            scheduleLock.wait(wait);
          } catch (InterruptedException e) {
            return;
          }
        }
        if (stopping) {
          return;
        }
      }
      long start = System.nanoTime();
      try {
        for (BackupInfo b : scheduler.runOnce()) {
          api.recordBackup(b.collection(), b.type(), true, System.nanoTime() - start);
          LOG.info("scheduled backup {} of '{}' written to {}", b.type(), b.collection(), b.file());
        }
      } catch (RuntimeException e) {
        api.recordBackup("all", "scheduled", false, System.nanoTime() - start);
        LOG.error("scheduled backup failed", e);
      }
    }
  }

  /**
   * The HTTP server.
   *
   * @return the server
   */
  public VectorizerServer server() {
    return server;
  }

  /**
   * The store.
   *
   * @return the store
   */
  public VectorStore store() {
    return store;
  }

  /**
   * What an operator should know at start: loopback forced, where backups go, schedules, watches.
   *
   * @return one line each
   */
  public List<String> notices() {
    return List.copyOf(notices);
  }

  /** Drains and stops everything, in order. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (scheduleLock) {
      stopping = true;
      scheduleLock.notifyAll();
    }
    try {
      server.close();
    } finally {
      try {
        if (watcher != null) {
          watcher.close();
        }
      } finally {
        if (schedule != null) {
          try { // a backup in progress finishes first
            schedule.join(Duration.ofMinutes(10));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        store.close();
      }
    }
  }
}
