package dev.vectorizer.backup;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

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
    Object root;
    try (Reader r = Files.newBufferedReader(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> top) || !(top.get("backup") instanceof Map<?, ?> section)) {
      throw new IllegalArgumentException(file + ": no 'backup:' section");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : section.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            file
                + ": unknown key 'backup."
                + key
                + "' (known: "
                + String.join(", ", new java.util.TreeSet<>(KEYS))
                + ")");
      }
      m.put(key, e.getValue());
    }
    Path base = file.toAbsolutePath().getParent();
    try {
      return new BackupPolicy(
          bool(file, m, "enabled", true),
          base.resolve(string(file, m, "directory", "./backups")).normalize(),
          string(file, m, "schedule", "0 2 * * *"),
          integer(file, m, "retention_days", 30),
          bool(file, m, "compression", true),
          bool(file, m, "incremental", true),
          integer(file, m, "max_chain_length", 7),
          strings(file, m, "collections"));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(file.toString())
          ? e
          : new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static boolean bool(Path f, Map<String, Object> m, String key, boolean def) {
    Object v = m.getOrDefault(key, def);
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException(
          f + ": 'backup." + key + "' must be true or false, got " + v);
    }
    return b;
  }

  private static int integer(Path f, Map<String, Object> m, String key, int def) {
    Object v = m.getOrDefault(key, def);
    if (!(v instanceof Integer i)) {
      throw new IllegalArgumentException(
          f + ": 'backup." + key + "' must be a whole number, got " + v);
    }
    return i;
  }

  private static String string(Path f, Map<String, Object> m, String key, String def) {
    Object v = m.getOrDefault(key, def);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(f + ": 'backup." + key + "' must be a text, got " + v);
    }
    return s;
  }

  private static List<String> strings(Path f, Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list) || list.stream().anyMatch(x -> !(x instanceof String))) {
      throw new IllegalArgumentException(
          f + ": 'backup." + key + "' must be a list of names, got " + v);
    }
    return list.stream().map(String::valueOf).toList();
  }
}
