package dev.vectorizer.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher on a real file system with the real OS watcher. After each change the collection must
 * equal what a fresh index of the tree produces.
 */
class FileSyncTest {
  @TempDir Path tmp;
  Path root;
  VectorStore store;
  FileSync sync;
  final List<WatchEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("tree")).toRealPath();
    store = VectorStore.open(tmp.resolve("data"));
  }

  @AfterEach
  void tearDown() {
    if (sync != null) {
      sync.close();
    }
    store.close();
  }

  private WatchConfig config() {
    return WatchConfig.of(List.of(root), "files").withDebounceMs(50);
  }

  private FileSync start(WatchConfig c) throws IOException {
    FileSync s = new FileSync(store, c, tmp.resolve("data/watch/files.json"), null);
    s.addListener(events::add);
    s.start();
    return s;
  }

  static String text(String topic, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("This file talks about ")
          .append(topic)
          .append(", sentence ")
          .append(i)
          .append(". ");
    }
    return sb.toString();
  }

  /** Chunk texts by source id, for every file under the root, plus the point count. */
  private Map<String, List<String>> dump(Collection c) throws IOException {
    Map<String, List<String>> out = new TreeMap<>();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.forEach(files::add);
    }
    for (Path f : files) {
      String id = f.toString();
      var first = c.get(id + "#0");
      if (first.isEmpty()) {
        continue;
      }
      // A text being written right now has chunk 0 without its count yet (the count is added once
      // every chunk is in): not a stable state, so the caller's loop looks again.
      if (!(first.get().payload().get("chunks") instanceof Number count)) {
        out.put(id, List.of("(being written)"));
        continue;
      }
      int n = count.intValue();
      List<String> chunks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        chunks.add((String) c.get(id + "#" + i).orElseThrow().payload().get("text"));
      }
      out.put(id, chunks);
    }
    out.put("(points)", List.of(Long.toString(c.count())));
    return out;
  }

  /** What a fresh index of the tree holds. */
  private Map<String, List<String>> fresh(WatchConfig c) throws Exception {
    try (VectorStore mem = VectorStore.inMemory()) {
      try (DocumentIndexer once = new DocumentIndexer(mem, c, null)) {
        once.indexAll();
      }
      if (!mem.hasCollection(c.collection())) {
        return Map.of("(points)", List.of("0"));
      }
      return dump(mem.collection(c.collection()));
    }
  }

  private void assertMirrors(WatchConfig c) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L; // a safety net, not a speed test
    Map<String, List<String>> want = fresh(c);
    Map<String, List<String>> got = null;
    while (System.nanoTime() < deadline) {
      sync.awaitIdle(10_000);
      got =
          store.hasCollection("files")
              ? dump(store.collection("files"))
              : Map.of("(points)", List.of("0"));
      if (got.equals(want)) {
        return;
      }
      Thread.sleep(50);
    }
    assertEquals(want, got, "the collection does not mirror the tree; events: " + events);
  }

  @Test
  void createModifyDeleteRenameAndAtomicSave() throws Exception {
    Files.writeString(root.resolve("a.txt"), text("apples", 40));
    sync = start(config());
    assertMirrors(config());
    Files.writeString(root.resolve("b.md"), text("bananas", 60));
    assertMirrors(config());
    Files.writeString(root.resolve("a.txt"), text("apricots", 5)); // fewer chunks: no stale ones
    assertMirrors(config());
    Files.move(root.resolve("b.md"), root.resolve("c.md"));
    assertMirrors(config());
    Path tmpSave = root.resolve(".c.md.swp");
    Files.writeString(tmpSave, text("cherries", 30));
    Files.move(
        tmpSave,
        root.resolve("c.md"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    assertMirrors(config());
    Files.delete(root.resolve("a.txt"));
    assertMirrors(config());
    assertTrue(
        store
                .collection("files")
                .search(
                    dev.vectorizer.SearchRequest.of(
                        dev.vectorizer.Embedder.byName("hashing").embed("cherries")))
                .size()
            > 0);
  }

  /** The sources of the keyword hits of a query (the watcher's collection's BM25 postings). */
  private List<String> keywordSources(String query) {
    return store
        .textCollection("files", dev.vectorizer.Embedder.byName("hashing"))
        .search(dev.vectorizer.TextQuery.of(query).mode(dev.vectorizer.SearchMode.KEYWORD))
        .stream()
        .map(h -> h.sourceId())
        .distinct()
        .toList();
  }

  @Test
  void keywordPostingsFollowEditsRenamesAndDeletes() throws Exception {
    Path a = root.resolve("a.txt");
    Files.writeString(a, text("apples", 30) + " It fails with ERR_4012.");
    sync = start(config());
    assertMirrors(config());
    assertEquals(List.of(a.toString()), keywordSources("ERR_4012"));
    Files.writeString(a, text("apricots", 3) + " Now it fails with ERR_5000.");
    assertMirrors(config());
    assertEquals(List.of(), keywordSources("ERR_4012"), "no stale postings after an edit");
    assertEquals(List.of(), keywordSources("apples"), "no stale postings after an edit");
    assertEquals(List.of(a.toString()), keywordSources("ERR_5000"));
    Path b = root.resolve("b.txt");
    Files.move(a, b);
    assertMirrors(config());
    assertEquals(List.of(b.toString()), keywordSources("ERR_5000"), "renamed");
    Files.delete(b);
    assertMirrors(config());
    assertEquals(List.of(), keywordSources("ERR_5000"), "deleted");
  }

  @Test
  void deepDirectoriesSubtreeRemovalAndAFileReplacedByADirectory() throws Exception {
    sync = start(config());
    Path deep = Files.createDirectories(root.resolve("x/y/z/w"));
    Files.writeString(deep.resolve("deep.txt"), text("depth", 10));
    Files.writeString(root.resolve("x/y/mid.txt"), text("middle", 10));
    assertMirrors(config());
    deleteTree(root.resolve("x/y"));
    assertMirrors(config());
    Files.writeString(root.resolve("thing"), text("a file", 10));
    assertMirrors(config());
    Files.delete(root.resolve("thing"));
    Files.createDirectories(root.resolve("thing"));
    Files.writeString(root.resolve("thing/inside.txt"), text("now a directory", 10));
    assertMirrors(config());
  }

  @Test
  void aBurstOfTwoThousandFiles() throws Exception {
    sync = start(config());
    Path burst = Files.createDirectories(root.resolve("burst"));
    for (int i = 0; i < 2000; i++) {
      Files.writeString(
          burst.resolve("f" + i + ".txt"), "file number " + i + " about item " + (i * 7));
    }
    assertMirrors(config());
    assertEquals(2000, store.collection("files").count());
  }

  @Test
  void changesWhileStoppedAreReconciledAndAnUnchangedRestartEmbedsNothing() throws Exception {
    Files.writeString(root.resolve("keep.txt"), text("kept", 10));
    Files.writeString(root.resolve("gone.txt"), text("gone", 10));
    Files.writeString(root.resolve("edit.txt"), text("before", 10));
    sync = start(config());
    assertMirrors(config());
    sync.close();
    Files.delete(root.resolve("gone.txt"));
    Files.writeString(root.resolve("edit.txt"), text("after", 12));
    Files.writeString(root.resolve("new.txt"), text("new", 10));
    sync = start(config());
    assertMirrors(config());
    WatchCounters c = sync.counters();
    assertEquals(2, c.indexed(), "edit.txt and new.txt: " + c);
    assertEquals(1, c.removed(), "gone.txt: " + c);
    sync.close();
    store.close();
    store = VectorStore.open(tmp.resolve("data"));
    sync = start(config());
    assertMirrors(config());
    assertEquals(0, sync.counters().indexed(), "a restart with no changes embeds nothing");
    assertEquals(3, sync.counters().unchanged());
  }

  /** What a crash leaves: texts written to the collection that no side file recorded. */
  @Test
  void theCollectionNotASideFileDecidesWhatIsIndexed() throws Exception {
    Files.writeString(root.resolve("a.txt"), text("apples", 10));
    sync = start(config());
    assertMirrors(config());
    sync.close();
    sync = null;
    var texts = store.textCollection("files", dev.vectorizer.Embedder.byName("hashing"));
    texts.upsert(root.resolve("ghost.txt").toString(), text("ghosts", 30), Map.of());
    texts.upsert(root.resolve("a.txt").toString(), text("stale apples", 30), Map.of());
    sync = start(config());
    assertMirrors(config());
    assertEquals(1, sync.counters().removed(), "the ghost of a file that is gone");
    assertEquals(1, sync.counters().indexed(), "a.txt, whose text no longer matches the file");
  }

  @Test
  void excludedPathsBinaryFilesAndSymlinkLoops() throws Exception {
    Files.createDirectories(root.resolve(".git/objects"));
    Files.writeString(root.resolve(".git/config"), text("git internals", 5));
    Files.createDirectories(root.resolve("node_modules/lib"));
    Files.writeString(root.resolve("node_modules/lib/index.js"), text("dependency", 5));
    Files.write(root.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
    Files.writeString(root.resolve("real.txt"), text("real", 5));
    Files.createDirectories(root.resolve("loop"));
    Files.createSymbolicLink(root.resolve("loop/parent"), root);
    Files.createSymbolicLink(root.resolve("outside"), tmp);
    sync = start(config());
    assertMirrors(config());
    Files.writeString(root.resolve(".git/HEAD"), "ref: refs/heads/main");
    Files.writeString(root.resolve("node_modules/lib/more.js"), text("more", 3));
    Files.writeString(root.resolve("real2.txt"), text("real two", 5));
    assertMirrors(config());
    Collection files = store.collection("files");
    assertTrue(files.get(root.resolve(".git/config") + "#0").isEmpty());
    assertTrue(files.get(root.resolve("node_modules/lib/index.js") + "#0").isEmpty());
    assertTrue(files.get(root.resolve("image.png") + "#0").isEmpty());
    assertTrue(sync.counters().skipped() > 0);

    sync.close();
    WatchConfig follow =
        new WatchConfig(
            true,
            List.of(root),
            50,
            true,
            false,
            List.of("**"),
            WatchConfig.DEFAULT_EXCLUDES,
            true,
            10_000_000L,
            "files",
            Map.of(),
            "hashing",
            1000,
            200,
            true);
    sync = start(follow);
    assertTrue(sync.awaitIdle(30_000), "a symlink loop does not hang the scan");
    assertTrue(
        files.get(root.resolve("outside") + "#0").isEmpty(), "links out of the root are skipped");
  }

  @Test
  void hotReloadAppliesNewPatterns() throws Exception {
    Path yaml = tmp.resolve("watch.yaml");
    Files.writeString(
        yaml,
        "file_watcher:\n  watch_paths: [\""
            + root
            + "\"]\n  debounce_ms: 50\n  collection: files\n");
    Files.writeString(root.resolve("a.txt"), text("alpha", 5));
    Files.writeString(root.resolve("b.log"), text("log lines", 5));
    sync = new FileSync(store, WatchConfig.load(yaml), tmp.resolve("data/watch/files.json"), yaml);
    sync.addListener(events::add);
    sync.start();
    assertMirrors(WatchConfig.load(yaml));
    Files.writeString(
        yaml,
        "file_watcher:\n  watch_paths: [\""
            + root
            + "\"]\n  debounce_ms: 50\n  collection: files\n"
            + "  exclude_patterns: [\"**/*.log\"]\n");
    Files.setLastModifiedTime(
        yaml, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    WatchConfig next = WatchConfig.load(yaml);
    assertMirrors(next);
    assertTrue(
        store.collection("files").get(root.resolve("b.log") + "#0").isEmpty(),
        "newly excluded file removed");
  }

  @Test
  void yamlErrorsNameTheKeyAndTheFile() throws Exception {
    Path yaml = tmp.resolve("bad.yaml");
    Files.writeString(yaml, "file_watcher:\n  watch_path: [\".\"]\n");
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> WatchConfig.load(yaml));
    assertTrue(
        e.getMessage().contains("file_watcher.watch_path") && e.getMessage().contains("bad.yaml"),
        e.getMessage());
    Files.writeString(yaml, "file_watcher:\n  debounce_ms: soon\n");
    e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> WatchConfig.load(yaml));
    assertTrue(e.getMessage().contains("debounce_ms"), e.getMessage());
    Files.writeString(
        yaml,
        "file_watcher:\n  watch_paths: [\"/p\"]\n  max_file_size: \"2MB\"\n  routes:\n"
            + "    - pattern: \"**/*.md\"\n      collection: docs\n");
    WatchConfig c = WatchConfig.load(yaml);
    assertEquals(2_000_000L, c.maxFileSize());
    assertEquals(Map.of("**/*.md", "docs"), c.routes());
  }

  @Test
  void aCorruptedOrForeignHashCacheIsIgnoredAndCostsOnlyReading() throws Exception {
    Files.writeString(root.resolve("a.txt"), text("apples", 5));
    Files.writeString(root.resolve("b.txt"), text("bananas", 5));
    sync = start(config());
    assertMirrors(config());
    sync.close();
    Path cache = tmp.resolve("data/watch/files.json");
    String json = Files.readString(cache);
    assertTrue(json.contains("\"format\":2"), json);
    Files.writeString(cache, json.replace("a.txt", "A.txt")); // checksum no longer matches
    sync = start(config());
    assertMirrors(config());
    assertEquals(0, sync.counters().indexed(), "the collection, not the cache, decides");
    assertEquals(2, sync.counters().unchanged());
    sync.close();
    Files.writeString(cache, "{\"format\":1,\"files\":{}}"); // the old manifest format
    sync = start(config());
    assertMirrors(config());
    assertEquals(0, sync.counters().indexed());
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
