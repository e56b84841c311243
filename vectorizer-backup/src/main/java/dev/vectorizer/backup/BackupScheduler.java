package dev.vectorizer.backup;

import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link BackupPolicy}: at each cron time, backs up the policy's collections (incremental on
 * top of the latest backup of the collection while its chain is shorter than {@code
 * max_chain_length}, full otherwise), then applies retention. Both read the store's {@link
 * BackupCatalog} and consider only backups written to the policy's directory.
 *
 * <p>Retention deletes backups older than {@code retention_days}, except a backup that a kept
 * backup needs (its parent chain), and never the latest chain of a collection; it removes what it
 * deleted from the catalog.
 *
 * <p>Thread-safe; {@link #start()} runs it on a daemon thread until {@link #close()}.
 */
public final class BackupScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final VectorStore store;
  private final BackupPolicy policy;
  private final Clock clock;
  private final Schedule schedule;
  private final BackupManager manager;
  private final BackupCatalog catalog;
  private volatile Thread thread;
  private volatile boolean stopped;

  /**
   * Creates a scheduler.
   *
   * @param store a durable store opened for writing
   * @param policy the policy
   * @param clock the clock (a fixed or offset clock in tests)
   */
  public BackupScheduler(VectorStore store, BackupPolicy policy, Clock clock) {
    this.store = store;
    this.policy = policy;
    this.clock = clock;
    this.schedule = Schedule.parse(policy.schedule());
    this.manager = new BackupManager(store, clock);
    this.catalog =
        manager
            .catalog()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "scheduled backups need a durable store (VectorStore.open(dir))"));
  }

  /**
   * The first scheduled run strictly after an instant.
   *
   * @param after the instant
   * @return the next run
   */
  public Instant nextRun(Instant after) {
    return schedule.next(after);
  }

  /**
   * Takes the backups of one scheduled run now, then applies retention.
   *
   * @return the backups written
   */
  public List<BackupInfo> runOnce() {
    List<BackupInfo> written = new ArrayList<>();
    try {
      Files.createDirectories(policy.directory());
    } catch (IOException e) {
      throw new dev.vectorizer.VectorizerException(
          "cannot create " + policy.directory() + ": " + e.getMessage(), e);
    }
    List<String> names =
        policy.collections().isEmpty() ? store.listCollections() : policy.collections();
    List<BackupCatalog.Entry> existing = ours(false);
    for (String name : names) {
      BackupCatalog.Entry latest = null;
      for (BackupCatalog.Entry b : existing) {
        if (b.collection().equals(name) && b.status() == BackupCatalog.Status.OK) {
          latest = b; // sorted oldest first
        }
      }
      boolean incremental =
          policy.incremental()
              && latest != null
              && chainLength(latest, existing) < policy.maxChainLength();
      String ext = policy.compression() ? ".tar.gz" : ".tar";
      Path out =
          policy
              .directory()
              .resolve(
                  name
                      + "-"
                      + STAMP.format(clock.instant())
                      + (incremental ? "-inc" : "-full")
                      + ext);
      written.add(
          incremental
              ? manager.incremental(name, out, latest.file(), policy.compression())
              : manager.full(name, out, policy.compression()));
    }
    applyRetention();
    return written;
  }

  /**
   * The catalog's backups whose archives are in the policy's directory (backups written elsewhere,
   * by hand, are never chained onto or deleted by the schedule).
   */
  private List<BackupCatalog.Entry> ours(boolean withUnfinished) {
    Path dir = policy.directory().toAbsolutePath().normalize();
    return catalog.list(false).entries().stream()
        .filter(e -> dir.equals(e.file().getParent()))
        .filter(e -> withUnfinished || e.status() != BackupCatalog.Status.UNFINISHED)
        .toList();
  }

  private static int chainLength(BackupCatalog.Entry b, List<BackupCatalog.Entry> all) {
    Map<String, BackupCatalog.Entry> byId = new HashMap<>();
    for (BackupCatalog.Entry e : all) {
      byId.put(e.id(), e);
    }
    int n = 1;
    for (BackupCatalog.Entry e = b; e.parent() != null && n <= all.size(); n++) {
      e = byId.get(e.parent());
      if (e == null || e.status() != BackupCatalog.Status.OK) {
        return Integer.MAX_VALUE; // a broken chain: start a new one with a full backup
      }
    }
    return n;
  }

  /**
   * Deletes the backups in the policy's directory that are older than the retention period and that
   * no kept backup needs, and removes them from the catalog (so are expired entries whose archive
   * was already gone).
   *
   * @return the deleted archives
   */
  public List<Path> applyRetention() {
    Instant cutoff = clock.instant().minus(Duration.ofDays(policy.retentionDays()));
    List<BackupCatalog.Entry> all = ours(false);
    Map<String, BackupCatalog.Entry> byId = new HashMap<>();
    for (BackupCatalog.Entry b : all) {
      byId.put(b.id(), b);
    }
    Set<String> keep = new HashSet<>();
    Map<String, BackupCatalog.Entry> latestPerCollection = new HashMap<>();
    for (BackupCatalog.Entry b : all) {
      if (b.status() == BackupCatalog.Status.OK) {
        latestPerCollection.put(b.collection(), b);
      }
      if (!b.createdAt().isBefore(cutoff)) {
        keep.add(b.id());
      }
    }
    for (BackupCatalog.Entry b : latestPerCollection.values()) {
      keep.add(b.id());
    }
    for (String id : new ArrayList<>(keep)) {
      BackupCatalog.Entry b = byId.get(id);
      while (b != null && b.parent() != null && keep.add(b.parent())) {
        b = byId.get(b.parent()); // keep the whole chain a kept backup needs
      }
    }
    List<Path> deleted = new ArrayList<>();
    for (BackupCatalog.Entry b : all) {
      if (keep.contains(b.id())) {
        continue;
      }
      try {
        if (Files.deleteIfExists(b.file())) {
          deleted.add(b.file());
        }
        catalog.removed(b.id(), "retention: older than " + policy.retentionDays() + " days");
      } catch (IOException e) {
        LOG.warn("cannot delete expired backup {}", b.file(), e);
      }
    }
    return deleted;
  }

  /** Runs the schedule on a daemon thread until {@link #close()}. */
  public synchronized void start() {
    if (!policy.enabled() || thread != null) {
      return;
    }
    thread =
        new Thread(
            () -> {
              while (!stopped) {
                Instant next = nextRun(clock.instant());
                try {
                  Thread.sleep(Math.max(0, Duration.between(clock.instant(), next).toMillis()));
                } catch (InterruptedException e) {
                  return;
                }
                if (stopped) {
                  return;
                }
                try {
                  for (BackupInfo b : runOnce()) {
                    LOG.info("backup {} of '{}' written to {}", b.type(), b.collection(), b.file());
                  }
                } catch (RuntimeException e) {
                  LOG.error("scheduled backup failed", e);
                }
              }
            },
            "vectorizer-backup-schedule");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void close() {
    stopped = true;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
