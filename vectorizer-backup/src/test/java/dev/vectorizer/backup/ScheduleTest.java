package dev.vectorizer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedules, chains and retention under a test clock; the YAML configuration. */
class ScheduleTest {
  @TempDir Path dir;

  /** A clock the test moves by hand. */
  static final class TestClock extends Clock {
    Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private Path yaml(String body) throws Exception {
    return Files.writeString(dir.resolve("vectorizer.yaml"), body);
  }

  @Test
  void theYamlOfTheIssueLoadsAndBadKeysOrValuesAreNamed() throws Exception {
    BackupPolicy p =
        BackupPolicy.load(
            yaml(
                """
                backup:
                  enabled: true
                  directory: "./backups"
                  schedule: "0 2 * * *"
                  retention_days: 30
                  compression: true
                  incremental: true
                """));
    assertEquals(dir.resolve("backups").toAbsolutePath(), p.directory());
    assertEquals(30, p.retentionDays());
    assertEquals(7, p.maxChainLength());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BackupPolicy.load(yaml("backup:\n  retention: 3\n")));
    assertTrue(
        e.getMessage().contains("unknown key 'backup.retention'")
            && e.getMessage().contains("vectorizer.yaml"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BackupPolicy.load(yaml("backup:\n  schedule: \"every night\"\n")));
    assertTrue(e.getMessage().contains("'every night'"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BackupPolicy.load(yaml("backup:\n  retention_days: soon\n")));
    assertTrue(e.getMessage().contains("retention_days"), e.getMessage());
  }

  @Test
  void theScheduleFiresAtTheRightTimes() {
    try (VectorStore store = VectorStore.open(dir.resolve("data"))) {
      BackupPolicy p =
          new BackupPolicy(true, dir.resolve("b"), "0 2 * * *", 30, true, true, 7, List.of());
      BackupScheduler s = new BackupScheduler(store, p, Clock.systemUTC());
      assertEquals(
          Instant.parse("2026-11-24T02:00:00Z"), s.nextRun(Instant.parse("2026-11-24T01:00:00Z")));
      assertEquals(
          Instant.parse("2026-11-25T02:00:00Z"), s.nextRun(Instant.parse("2026-11-24T02:00:00Z")));
      BackupScheduler quarter =
          new BackupScheduler(
              store,
              new BackupPolicy(
                  true, dir.resolve("b"), "*/15 9-17 * * 1-5", 30, true, true, 7, List.of()),
              Clock.systemUTC());
      // Friday 17:50 -> Monday 09:00
      assertEquals(
          Instant.parse("2026-11-30T09:00:00Z"),
          quarter.nextRun(Instant.parse("2026-11-27T17:50:00Z")));
    }
  }

  @Test
  void chainsAreCappedAndRetentionKeepsChainsWhole() {
    TestClock clock = new TestClock(Instant.parse("2026-11-01T02:00:00Z"));
    Path backups = dir.resolve("backups");
    try (VectorStore store = VectorStore.open(dir.resolve("data"))) {
      Collection c = store.createCollection("docs", CollectionConfig.of(4));
      BackupPolicy p = new BackupPolicy(true, backups, "0 2 * * *", 3, true, true, 3, List.of());
      BackupScheduler s = new BackupScheduler(store, p, clock);
      for (int day = 0; day < 8; day++) {
        c.upsert(Point.of("d" + day, new float[] {1, day, 2, 3}, Map.of("day", day)));
        assertEquals(1, s.runOnce().size());
        clock.now = clock.now.plus(Duration.ofDays(1));
      }
      // days 0..7 -> full, inc, inc, full, inc, inc, full, inc; retention 3 days at day 8
      List<BackupInfo> left = BackupManager.list(backups);
      List<String> types = left.stream().map(BackupInfo::type).toList();
      assertEquals(List.of("full", "incremental", "incremental", "full", "incremental"), types);
      assertEquals(Instant.parse("2026-11-04T02:00:00Z"), left.get(0).createdAt());
      // the full of day 3 is older than 3 days at day 8 (day 7's run), yet kept: days 4 and 5 need
      // it
      for (BackupInfo b : left) {
        assertEquals(BackupManager.chain(b.file()).size(), BackupManager.verify(b.file()).size());
      }
      clock.now = clock.now.plus(Duration.ofDays(30));
      List<Path> deleted = s.applyRetention();
      List<BackupInfo> latestChain = BackupManager.list(backups);
      assertEquals(2, latestChain.size(), "only the latest chain survives: " + latestChain);
      assertFalse(deleted.isEmpty());
      var restored =
          new BackupManager(store, clock).restore(latestChain.get(1).file(), "back", false);
      assertEquals(8, restored.count());
    }
  }

  @Test
  void schedulesAndRetentionUseAndUpdateTheCatalog() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-11-01T02:00:00Z"));
    Path backups = dir.resolve("scheduled");
    try (VectorStore store = VectorStore.open(dir.resolve("data"))) {
      Collection c = store.createCollection("docs", CollectionConfig.of(4));
      c.upsert(Point.of("a", new float[] {1, 2, 3, 4}, Map.of()));
      BackupManager manual = new BackupManager(store, clock);
      BackupCatalog catalog = manual.catalog().orElseThrow();
      // A backup taken by hand elsewhere: the schedule neither chains onto it nor deletes it.
      BackupInfo kept = manual.full("docs", dir.resolve("by-hand/keep.tar.gz"), true);
      BackupScheduler s =
          new BackupScheduler(
              store,
              new BackupPolicy(true, backups, "0 2 * * *", 2, true, true, 2, List.of()),
              clock);
      List<BackupInfo> first = s.runOnce();
      assertEquals("full", first.get(0).type(), "not an incremental on the hand-made backup");
      // A backup the schedule wrote is moved away by hand: the schedule sees it missing in the
      // catalog, and starts a new chain instead of chaining onto it.
      clock.now = clock.now.plus(Duration.ofDays(1));
      Files.move(first.get(0).file(), dir.resolve("moved.tar.gz"));
      assertEquals("full", s.runOnce().get(0).type());
      for (int day = 2; day < 10; day++) {
        clock.now = clock.now.plus(Duration.ofDays(1));
        c.upsert(Point.of("d" + day, new float[] {day, 1, 1, 1}, Map.of()));
        s.runOnce();
      }
      List<BackupCatalog.Entry> listed = catalog.list(true).entries();
      // What retention deleted is gone from the catalog; what is left is exactly the folder.
      List<Path> inFolder = BackupManager.list(backups).stream().map(BackupInfo::file).toList();
      List<Path> scheduled =
          listed.stream()
              .filter(e -> e.file().startsWith(backups.toAbsolutePath()))
              .map(e -> e.file())
              .toList();
      assertEquals(inFolder, scheduled);
      assertTrue(
          listed.stream().allMatch(e -> e.status() == BackupCatalog.Status.OK), listed.toString());
      assertTrue(listed.stream().anyMatch(e -> e.id().equals(kept.id())));
      assertTrue(Files.exists(kept.file()));
      assertTrue(scheduled.size() < 8, scheduled.toString());
    }
  }
}
