package dev.vectorizer.backup;

import dev.vectorizer.internal.config.ConfigFile;
import dev.vectorizer.internal.config.ConfigSection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Scheduled backups, as operators write them in YAML:
 *
 * <pre>
 * backup:
 *   enabled: true
 *   directory: "./backups"        # relative to the YAML file's directory
 *   schedule: "0 2 * * *"         # Unix cron: minute hour day-of-month month day-of-week (UTC)
 *   retention_days: 30
 *   compression: true             # .tar.gz (false: .tar)
 *   incremental: true             # incremental on top of the latest backup when possible
 *   max_chain_length: 7           # a full backup when the chain would be longer (default 7)
 *   collections: ["docs"]         # default: every collection
 * </pre>
 *
 * Unknown keys and bad values are errors naming the key and the file.
 *
 * @param enabled whether the schedule runs
 * @param directory where archives go
 * @param schedule the cron expression
 * @param retentionDays backups older than this many days are deleted (unless a kept one needs them)
 * @param compression gzip or not
 * @param incremental whether to take incremental backups
 * @param maxChainLength archives in a chain (full + incrementals) before a new full one
 * @param collections the collections, empty for all
 */
public record BackupPolicy(
    boolean enabled,
    Path directory,
    String schedule,
    int retentionDays,
    boolean compression,
    boolean incremental,
    int maxChainLength,
    List<String> collections) {
  private static final Set<String> KEYS =
      Set.of(
          "enabled",
          "directory",
          "schedule",
          "retention_days",
          "compression",
          "incremental",
          "max_chain_length",
          "collections");

  /** Checks the values. */
  public BackupPolicy {
    Schedule.parse(schedule); // fails naming the expression
    if (retentionDays < 1) {
      throw new IllegalArgumentException("retention_days must be >= 1, got " + retentionDays);
    }
    if (maxChainLength < 1) {
      throw new IllegalArgumentException("max_chain_length must be >= 1, got " + maxChainLength);
    }
    collections = List.copyOf(collections);
  }

  /**
   * Reads the {@code backup:} section of a YAML file.
   *
   * @param file the file
   * @return the policy
   * @throws IllegalArgumentException naming the key and the file for an unknown key or bad value
   * @throws IOException when the file cannot be read
   */
  public static BackupPolicy load(Path file) throws IOException {
    return from(ConfigFile.load(file).section("backup"));
  }

  /**
   * Reads a {@code backup:} section of an already parsed configuration file.
   *
   * @param s the section
   * @return the policy
   * @throws IllegalArgumentException naming the key and the file for an unknown key or bad value
   */
  static BackupPolicy from(ConfigSection s) {
    s.requireOnly(KEYS);
    try {
      return new BackupPolicy(
          s.bool("enabled", true),
          s.path("directory", "./backups"),
          s.string("schedule", "0 2 * * *"),
          s.integer("retention_days", 30, 1, 36_500),
          s.bool("compression", true),
          s.bool("incremental", true),
          s.integer("max_chain_length", 7, 1, 10_000),
          s.strings("collections", List.of()));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(s.file().file().toString())
          ? e
          : new IllegalArgumentException(s.file().file() + ": " + e.getMessage(), e);
    }
  }
}
