package dev.vectorizer.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Embedder;
import dev.vectorizer.TextCollection;
import dev.vectorizer.VectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symlink containment while watching: links made, replaced or looped after the start never make the
 * watcher read outside its watch paths (an {@code /etc}-like folder made by the test).
 */
class ContainmentTest {
  static final String SECRET = "root:*:19000:0:99999:7::: secret";

  @TempDir Path tmp;
  Path tree;
  Path etc;
  VectorStore store;
  FileSync sync;
  final List<WatchEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    tree = Files.createDirectories(tmp.resolve("tree")).toRealPath();
    etc = Files.createDirectories(tmp.resolve("etc")).toRealPath();
    Files.writeString(etc.resolve("shadow"), SECRET);
    Files.createDirectories(etc.resolve("ssh"));
    Files.writeString(etc.resolve("ssh/key"), SECRET + " key");
    store = VectorStore.open(tmp.resolve("data"));
  }

  @AfterEach
  void tearDown() {
    if (sync != null) {
      sync.close();
    }
    store.close();
  }

  private void start(boolean follow) throws Exception {
    WatchConfig d = WatchConfig.of(List.of(tree), "files");
    WatchConfig c =
        new WatchConfig(
            true,
            d.watchPaths(),
            30,
            true,
            false,
            d.includePatterns(),
            d.excludePatterns(),
            true,
            d.maxFileSize(),
            "files",
            Map.of(),
            "hashing",
            1000,
            200,
            follow);
    sync = new FileSync(store, c, null, null);
    sync.addListener(events::add);
    sync.start();
    assertTrue(sync.awaitIdle(30_000));
  }

  private Set<String> sources() {
    if (!store.hasCollection("files")) {
      return Set.of();
    }
    return store.textCollection("files", Embedder.byName("hashing")).sources().keySet();
  }

  private void eventually(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, what + "; events: " + events);
      Thread.sleep(20);
    }
    assertTrue(sync.awaitIdle(20_000));
  }

  private void assertNothingFromOutside() {
    if (!store.hasCollection("files")) {
      return;
    }
    TextCollection t = store.textCollection("files", Embedder.byName("hashing"));
    for (var hit : t.search("root secret key shadow", 100, null)) {
      assertFalse(hit.text().contains("secret"), "read outside the watch path: " + hit);
    }
  }

  /** Replaces {@code link} atomically with a link to {@code target}, as {@code ln -sfn} does. */
  private static void relink(Path link, Path target) throws Exception {
    Path tmpLink = link.resolveSibling(link.getFileName() + ".new");
    Files.createSymbolicLink(tmpLink, target);
    Files.move(tmpLink, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aLinkReplacedWhileWatchingIsDroppedAndNeverReadOutside() throws Exception {
    Files.writeString(tree.resolve("inside.txt"), "a harmless note inside the tree");
    Files.createSymbolicLink(tree.resolve("link.txt"), tree.resolve("inside.txt"));
    start(true);
    String link = tree.resolve("link.txt").toString();
    assertTrue(sources().contains(link), "a link inside the tree is followed: " + sources());
    relink(tree.resolve("link.txt"), etc.resolve("shadow"));
    eventually(() -> !sources().contains(link), "the replaced link's text is removed");
    assertTrue(sync.counters().links() >= 1, sync.counters().toString());
    relink(tree.resolve("link.txt"), Path.of("../etc/ssh/key")); // relative, through ".."
    Files.createSymbolicLink(tree.resolve("etclink"), etc);
    Files.createDirectories(tree.resolve("sub"));
    Files.createSymbolicLink(tree.resolve("sub/up"), Path.of("../../etc"));
    Files.writeString(tree.resolve("sub/marker.txt"), "written last");
    eventually(
        () -> sources().contains(tree.resolve("sub/marker.txt").toString()), "marker indexed");
    assertEquals(
        Set.of(tree.resolve("inside.txt").toString(), tree.resolve("sub/marker.txt").toString()),
        sources());
    assertNothingFromOutside();
  }

  @Test
  void aScanFollowsLinksOnlyInsideTheTree() throws Exception {
    Files.writeString(tree.resolve("inside.txt"), "a harmless note inside the tree");
    Files.createSymbolicLink(tree.resolve("etclink"), etc);
    Files.createSymbolicLink(tree.resolve("shadow-"), etc.resolve("shadow"));
    Files.createSymbolicLink(tree.resolve("dotdot"), Path.of("../etc"));
    start(true);
    assertEquals(Set.of(tree.resolve("inside.txt").toString()), sources());
    assertEquals(3, sync.counters().links(), sync.counters().toString());
    assertNothingFromOutside();
  }

  @Test
  void withoutFollowingNoLinkIsReadAndLoopsDoNotHang() throws Exception {
    Files.writeString(tree.resolve("real.txt"), "a real file");
    start(false);
    Files.createSymbolicLink(tree.resolve("inside-link.txt"), tree.resolve("real.txt"));
    Files.createSymbolicLink(tree.resolve("shadow"), etc.resolve("shadow"));
    Files.createSymbolicLink(tree.resolve("loop"), tree);
    Files.writeString(tree.resolve("marker.txt"), "written last");
    eventually(() -> sources().contains(tree.resolve("marker.txt").toString()), "marker indexed");
    assertEquals(
        Set.of(tree.resolve("real.txt").toString(), tree.resolve("marker.txt").toString()),
        sources());
    assertTrue(sync.counters().links() >= 3, sync.counters().toString());
    assertNothingFromOutside();
    sync.close();
    sync = null;

    start(true); // the same tree, following links: the loop is skipped, the scan ends
    assertEquals(
        Set.of(
            tree.resolve("real.txt").toString(),
            tree.resolve("marker.txt").toString(),
            tree.resolve("inside-link.txt").toString()),
        sources());
    assertTrue(
        events.stream()
            .anyMatch(e -> e.reason() != null && e.reason().startsWith("a symlink loop")),
        events.toString());
    assertNothingFromOutside();
  }

  @Test
  void mountTableParsingToleratesBadLines() {
    Set<Path> m =
        MountTable.parse(
            List.of(
                "36 35 98:0 /mnt1 /mnt/with\\040space rw,noatime master:1 - ext3 /dev/root rw",
                "22 27 0:21 / /proc rw,relatime - proc proc rw",
                "",
                "garbage",
                "1 2 3 4",
                "1 2 3:4 / relative/path rw - x y z",
                "1 2 3:4 / /back\\134slash\\04 rw - x y z"));
    assertEquals(
        Set.of(Path.of("/mnt/with space"), Path.of("/proc"), Path.of("/back\\slash\\04")), m);
  }
}
