package dev.vectorizer.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.Embedder;
import dev.vectorizer.TextCollection;
import dev.vectorizer.VectorStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a watcher child JVM ({@link WatchChild}) with SIGKILL at a random moment of a random burst
 * of creates, edits, appends, renames, atomic saves and deletes ({@link TreeBurst}), changes the
 * tree a little more while it is down, then restarts the watcher and checks that the collection
 * equals a fresh index of the tree exactly: the same sources, the same chunk texts, no other point.
 * Some kills are not followed by a check, so the next child starts on a crashed state and may be
 * killed during its own recovery. Default: {@value #DEFAULT_KILLS} kills; {@code mvn verify
 * -Pstress} runs many ({@code -Dvectorizer.watch.crash.kills=N}); a failure prints the seed to
 * replay ({@code -Dvectorizer.watch.crash.seed=S}).
 */
class WatchCrashTest {
  static final int DEFAULT_KILLS = 3;

  @TempDir Path dir;

  @Test
  void theWatcherConvergesToTheTreeAfterEverySigkill() throws Exception {
    int kills = Integer.getInteger("vectorizer.watch.crash.kills", DEFAULT_KILLS);
    long seed = Long.getLong("vectorizer.watch.crash.seed", System.nanoTime());
    Random rnd = new Random(seed);
    Path tree = Files.createDirectories(dir.resolve("tree")).toRealPath();
    Path data = dir.resolve("data");
    TreeBurst burst = new TreeBurst(tree, rnd);
    for (int i = 0; i < 12; i++) {
      burst.createFile(rnd.nextInt(8) == 0);
    }
    int checks = 0;
    long start = System.nanoTime();
    for (int k = 1; k <= kills; k++) {
      Process child = startChild(data, tree, rnd.nextInt(80));
      long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(rnd.nextInt(1500));
      int ops = 5 + rnd.nextInt(150);
      for (int i = 0; i < ops && System.nanoTime() < killAt; i++) {
        burst.step();
        if (rnd.nextInt(4) == 0) {
          Thread.sleep(rnd.nextInt(15));
        }
      }
      while (System.nanoTime() < killAt) {
        Thread.sleep(2);
      }
      child.destroyForcibly(); // SIGKILL
      child.waitFor();
      for (int i = rnd.nextInt(6); i > 0; i--) {
        burst.step(); // while no watcher runs
      }
      if (k == kills || rnd.nextInt(3) != 0) {
        verify(data, tree, "after kill " + k + " of " + kills + " (seed " + seed + ")");
        checks++;
      }
      if (k % 10 == 0) {
        System.out.printf(
            "WatchCrashTest: %d of %d kills, %d checks passed, %.0f s%n",
            k, kills, checks, (System.nanoTime() - start) / 1e9);
      }
    }
    System.out.printf(
        "WatchCrashTest: %d kills, %d checks, %d tree operations in %.0f s (seed %d)%n",
        kills, checks, burst.operations(), (System.nanoTime() - start) / 1e9, seed);
  }

  private static void verify(Path data, Path tree, String when) throws Exception {
    try (VectorStore store = VectorStore.open(data)) {
      try (FileSync sync =
          new FileSync(store, WatchConfig.of(List.of(tree), "files"), null, null)) {
        sync.start();
        assertTrue(sync.awaitIdle(120_000), when + ": the restarted watcher became idle");
      }
      assertEquals(fresh(tree), dump(store, "files"), when);
    }
  }

  private static Process startChild(Path data, Path tree, int debounceMs) throws Exception {
    List<String> cmd =
        ChildJvm.command(
            WatchChild.class, data.toString(), tree.toString(), Integer.toString(debounceMs));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"READY".equals(line)) {
      p.destroyForcibly();
      throw new AssertionError("the watcher child did not start: " + line);
    }
    return p;
  }

  /** What a fresh index of the tree holds: source to chunk texts, plus the point count. */
  static Map<String, List<String>> fresh(Path tree) {
    try (VectorStore mem = VectorStore.inMemory()) {
      try (DocumentIndexer indexer =
          new DocumentIndexer(mem, WatchConfig.of(List.of(tree), "files"), null)) {
        indexer.indexAll();
      }
      return dump(mem, "files");
    }
  }

  /** Source to chunk texts of a collection, checking every text is complete. */
  static Map<String, List<String>> dump(VectorStore store, String name) {
    Map<String, List<String>> out = new TreeMap<>();
    if (!store.hasCollection(name)) {
      out.put("(points)", List.of("0"));
      return out;
    }
    TextCollection t = store.textCollection(name, Embedder.byName("hashing"));
    Collection c = t.collection();
    for (TextCollection.Source s : t.sources().values()) {
      assertTrue(s.complete(), "incomplete text " + s);
      List<String> chunks = new ArrayList<>();
      for (int i = 0; i < s.chunks(); i++) {
        chunks.add((String) c.get(s.id() + "#" + i).orElseThrow().payload().get("text"));
      }
      out.put(s.id(), chunks);
    }
    out.put("(points)", List.of(Long.toString(c.count())));
    return out;
  }

  /** Random changes to a tree, as editors, build tools and users make them. */
  static final class TreeBurst {
    private static final String[] WORDS = {
      "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
      "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"
    };
    private final Path tree;
    private final Random rnd;
    private int operations;
    private int names;

    TreeBurst(Path tree, Random rnd) {
      this.tree = tree;
      this.rnd = rnd;
    }

    int operations() {
      return operations;
    }

    private String text(boolean big) {
      int words =
          big ? 9_000 + rnd.nextInt(9_000) : 1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 900 : 60);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < words; i++) {
        sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(i % 17 == 16 ? ". " : " ");
        if (rnd.nextInt(50) == 0) {
          sb.append(rnd.nextInt(1000)).append(' ');
        }
      }
      return sb.toString();
    }

    private List<Path> list(boolean directories) throws IOException {
      try (var s = Files.walk(tree)) {
        return s.filter(p -> !p.equals(tree))
            .filter(p -> directories ? Files.isDirectory(p) : Files.isRegularFile(p))
            .sorted()
            .toList();
      }
    }

    private Path someFile() throws IOException {
      List<Path> files = list(false);
      return files.isEmpty() ? null : files.get(rnd.nextInt(files.size()));
    }

    private Path someDirectory() throws IOException {
      List<Path> dirs = new ArrayList<>(list(true));
      dirs.add(tree);
      return dirs.get(rnd.nextInt(dirs.size()));
    }

    private Path newName(Path in) {
      return in.resolve("f" + (names++) + (rnd.nextBoolean() ? ".txt" : ".md"));
    }

    void createFile(boolean big) throws IOException {
      Files.writeString(newName(someDirectory()), text(big));
    }

    /** One random change; never fails because of a path that vanished meanwhile. */
    void step() throws IOException {
      operations++;
      int op = rnd.nextInt(100);
      Path f = someFile();
      if (op < 25 || f == null || list(false).size() < 5) {
        createFile(rnd.nextInt(30) == 0);
      } else if (op < 45) {
        Files.writeString(f, text(rnd.nextInt(40) == 0)); // edit in place
      } else if (op < 52) {
        Files.writeString(f, text(false), java.nio.file.StandardOpenOption.APPEND);
      } else if (op < 62) {
        Files.move(f, newName(f.getParent())); // rename
      } else if (op < 67) {
        Files.move(f, newName(someDirectory())); // move to another folder
      } else if (op < 79) {
        Files.delete(f);
      } else if (op < 87) {
        Path tmp = f.resolveSibling("." + f.getFileName() + ".swp"); // an editor's atomic save
        Files.writeString(tmp, text(false));
        Files.move(
            tmp,
            f,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } else if (op < 93) {
        Path d = Files.createDirectories(someDirectory().resolve("d" + (names++)));
        for (int i = rnd.nextInt(4); i > 0; i--) {
          Files.writeString(newName(d), text(false));
        }
      } else if (op < 97) {
        Path d = someDirectory();
        if (!d.equals(tree)) {
          deleteTree(d); // rm -rf
        }
      } else {
        Path d = someDirectory();
        if (!d.equals(tree)) {
          Files.move(d, d.resolveSibling("d" + (names++))); // rename a folder
        }
      }
    }

    private static void deleteTree(Path d) throws IOException {
      try (var s = Files.walk(d)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
