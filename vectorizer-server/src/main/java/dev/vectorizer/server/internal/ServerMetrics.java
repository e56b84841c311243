package dev.vectorizer.server.internal;

import dev.vectorizer.VectorStore;
import dev.vectorizer.micrometer.VectorStoreMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's meters: the store's ({@link VectorStoreMetrics}), per-route request timers, backup
 * and restore outcomes, watcher events, audit and authentication failures. Prometheus names: {@code
 * vectorizer_http_server_requests_seconds_*}, {@code vectorizer_backup_*}, {@code
 * vectorizer_watch_events_total}, {@code vectorizer_audit_failures_total}, {@code
 * vectorizer_auth_failures_total}; see docs/server.md.
 *
 * <p>Thread-safe.
 */
public final class ServerMetrics implements AutoCloseable {
  static final String HTTP = "vectorizer.http.server.requests";
  static final String BACKUP_DURATION = "vectorizer.backup.duration";
  static final String BACKUP_LAST_SUCCESS = "vectorizer.backup.last.success.time";
  static final String RESTORE_DURATION = "vectorizer.restore.duration";
  static final String WATCH_EVENTS = "vectorizer.watch.events";
  static final String AUDIT_FAILURES = "vectorizer.audit.failures";
  static final String AUTH_FAILURES = "vectorizer.auth.failures";

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;
  private final VectorStoreMetrics store;
  private final Map<String, AtomicLong> lastBackup = new ConcurrentHashMap<>();
  private final Counter auditFailures;

  /**
   * Creates the meters.
   *
   * @param store the store
   * @param registry where to register them; scraped on /metrics when it is a Prometheus registry
   */
  public ServerMetrics(VectorStore store, MeterRegistry registry) {
    this.registry = registry;
    this.prometheus = registry instanceof PrometheusMeterRegistry p ? p : null;
    this.store = VectorStoreMetrics.of(store);
    this.store.bindTo(registry);
    this.auditFailures =
        Counter.builder(AUDIT_FAILURES)
            .description("Audit records that could not be written")
            .register(registry);
  }

  /** The registry. */
  public MeterRegistry registry() {
    return registry;
  }

  VectorStoreMetrics store() {
    return store;
  }

  void request(String method, String route, int status, long nanos) {
    Timer.builder(HTTP)
        .description("HTTP requests by route")
        .tags("method", method, "route", route, "status", Integer.toString(status))
        .publishPercentileHistogram()
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void authFailure(int status) {
    Counter.builder(AUTH_FAILURES)
        .description("Requests refused for a missing or wrong key (401) or role (403)")
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  void auditFailure() {
    auditFailures.increment();
  }

  /**
   * Records a backup.
   *
   * @param collection the store's name of the collection
   * @param type full or incremental
   * @param ok whether it succeeded
   * @param nanos how long it took
   * @param endEpochMillis when it ended
   */
  public void backup(String collection, String type, boolean ok, long nanos, long endEpochMillis) {
    Timer.builder(BACKUP_DURATION)
        .description("Backup duration")
        .tags("collection", collection, "type", type, "outcome", ok ? "success" : "failure")
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
    if (ok) {
      lastBackup
          .computeIfAbsent(
              collection,
              c -> {
                AtomicLong v = new AtomicLong();
                Gauge.builder(BACKUP_LAST_SUCCESS, v, x -> x.get() / 1000.0)
                    .description("When the last successful backup of the collection ended")
                    .baseUnit("seconds")
                    .tag("collection", c)
                    .register(registry);
                return v;
              })
          .set(endEpochMillis);
    }
  }

  void restore(boolean ok, long nanos) {
    Timer.builder(RESTORE_DURATION)
        .description("Restore duration")
        .tag("outcome", ok ? "success" : "failure")
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Counts a watcher event.
   *
   * @param type indexed, removed, skipped or error
   */
  public void watchEvent(String type) {
    Counter.builder(WATCH_EVENTS)
        .description("Files the watcher indexed, removed, skipped or failed on")
        .tag("type", type)
        .register(registry)
        .increment();
  }

  /** The Prometheus text, after bringing the per-collection meters up to date; null if none. */
  String scrape() {
    if (prometheus == null) {
      return null;
    }
    store.refresh();
    return prometheus.scrape();
  }

  @Override
  public void close() {
    store.close();
  }
}
