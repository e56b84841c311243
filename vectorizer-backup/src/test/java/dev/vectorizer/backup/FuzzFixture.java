package dev.vectorizer.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A store with a small collection and its real archives (a full tar, a full tar.gz, and an
 * incremental whose parent sits beside it), with the exact contents each must restore to; and the
 * oracle every fuzzed input is judged by.
 */
final class FuzzFixture implements AutoCloseable {
  /** A real archive to start mutating from. */
  record Seed(String name, byte[] bytes, boolean gzip, Path folder, Map<String, Point> contents) {}

  final VectorStore store;
  final BackupManager backups;
  final List<Seed> seeds = new ArrayList<>();
  private final Path dir;
  private final long liveCount;
  private final Map<String, Integer> verdicts = new java.util.TreeMap<>();

  FuzzFixture(Path dir) throws IOException {
    this.dir = dir;
    store = VectorStore.builder(dir.resolve("data")).sealThreshold(25).open();
    backups = new BackupManager(store, Clock.systemUTC());
    Collection c = store.createCollection("docs", CollectionConfig.of(4));
    for (int i = 0; i < 60; i++) {
      c.upsert(Point.of("p" + i, new float[] {i, 1, -2, 3}, Map.of("i", i)));
    }
    c.delete(List.of("p1", "p2"));
    Map<String, Point> before = contents(c);
    Path a = Files.createDirectories(dir.resolve("seed-tar"));
    Path b = Files.createDirectories(dir.resolve("seed-gz"));
    Path chain = Files.createDirectories(dir.resolve("seed-chain"));
    BackupInfo full = backups.full("docs", a.resolve("full.tar"), false);
    backups.full("docs", b.resolve("full.tar.gz"), true);
    Files.copy(full.file(), chain.resolve("parent.tar"));
    c.upsert(Point.of("p3", new float[] {7, 7, 7, 7}, Map.of("changed", true)));
    c.delete("p4");
    BackupInfo inc = backups.incremental("docs", dir.resolve("inc.tar"), full.file(), false);
    Map<String, Point> after = contents(c);
    seeds.add(new Seed("full.tar", Files.readAllBytes(full.file()), false, a, before));
    seeds.add(
        new Seed("full.tar.gz", Files.readAllBytes(b.resolve("full.tar.gz")), true, b, before));
    seeds.add(new Seed("inc.tar", Files.readAllBytes(inc.file()), false, chain, after));
    for (Path p : List.of(full.file(), b.resolve("full.tar.gz"), inc.file())) {
      Files.delete(p); // only the copies in the seed folders remain
    }
    liveCount = c.count();
  }

  static Map<String, Point> contents(Collection c) {
    Map<String, Point> m = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      c.get("p" + i).ifPresent(p -> m.put(p.id(), p));
    }
    return m;
  }

  /**
   * Judges one input: verify either accepts it or refuses it with a {@link BackupException} naming
   * the file; restore agrees with verify (same message when refused) and, when it accepts, brings
   * back exactly the seed's contents; the live collection never changes.
   */
  void check(Seed seed, byte[] input) throws IOException {
    Path file = seed.folder().resolve("input" + (seed.gzip() ? ".tar.gz" : ".tar"));
    Files.write(file, input);
    try {
      judge(seed, input, file);
    } finally {
      Files.delete(file);
    }
  }

  private void judge(Seed seed, byte[] input, Path file) throws IOException {
    String verdict;
    try {
      BackupManager.verify(file);
      verdict = null;
      verdicts.merge("accepted", 1, Integer::sum);
    } catch (BackupException e) {
      verdict = e.getMessage();
      verdicts.merge(kind(verdict, file), 1, Integer::sum);
      assertTrue(verdict.startsWith("backup " + file), verdict);
      assertTrue(!verdict.endsWith(": null") && !verdict.contains("(null)"), verdict);
      assertTrue(verdict.chars().noneMatch(ch -> ch < 0x20), "one printable line: " + verdict);
    } catch (RuntimeException | StackOverflowError e) {
      throw keep(seed, input, e);
    }
    try {
      Collection restored = backups.restore(file, "fuzzed", true);
      if (verdict != null) {
        fail(
            "verify refused what restore accepted: "
                + verdict
                + "; input kept as "
                + save(seed, input));
      }
      Map<String, Point> got = contents(restored);
      assertEquals(seed.contents().keySet(), got.keySet());
      for (Point p : seed.contents().values()) {
        assertArrayEquals(p.vector(), got.get(p.id()).vector(), p.id());
        assertEquals(p.payload(), got.get(p.id()).payload(), p.id());
      }
    } catch (BackupException e) {
      if (!e.getMessage().equals(verdict)) {
        throw keep(seed, input, e);
      }
    } catch (RuntimeException | StackOverflowError e) {
      throw keep(seed, input, e);
    }
    assertEquals(liveCount, store.collection("docs").count(), "the live collection is untouched");
  }

  private AssertionError keep(Seed seed, byte[] input, Throwable e) throws IOException {
    return new AssertionError(
        "fuzzed " + seed.name() + " (kept as " + save(seed, input) + "): " + e, e);
  }

  private static Path save(Seed seed, byte[] input) throws IOException {
    Path d = Files.createDirectories(Path.of("target", "fuzz-failures"));
    Path f = Files.createTempFile(d, seed.name() + "-", "");
    Files.write(f, input);
    return f.toAbsolutePath();
  }

  /** The message without the file name and the variable parts, to count kinds of refusal. */
  private static String kind(String message, Path file) {
    String k =
        message.replace(file.toString(), "FILE").replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "ID");
    k = k.replaceAll("\\d+", "N").replaceAll("\"[^\"]*\"", "\"..\"");
    return k.length() > 110 ? k.substring(0, 110) : k;
  }

  /** How many inputs ended how. */
  Map<String, Integer> verdicts() {
    return verdicts;
  }

  @Override
  public void close() {
    store.close();
  }

  Path dir() {
    return dir;
  }
}
