package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Embedder;
import dev.vectorizer.TextCollection;
import dev.vectorizer.VectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The document indexer's behaviour, run through each entry point that uses it ({@code vectorizer
 * index} and the watcher): both read the same {@code file_watcher:} YAML, so both must leave the
 * same texts with the same payloads.
 */
abstract class IndexerContract {
  @TempDir Path dir;
  Path tree;
  Path outside;
  Path data;
  Path yaml;

  /** What one full pass reported. */
  record Counts(long indexed, long unchanged, long removed, long links) {}

  /** Runs one full pass over the YAML's watch paths into {@code data}. */
  abstract Counts run(Path data, Path yaml) throws Exception;

  @BeforeEach
  void tree() throws Exception {
    tree = Files.createDirectories(dir.resolve("tree")).toRealPath();
    outside = Files.createDirectories(dir.resolve("etc")).toRealPath();
    data = dir.resolve("data");
    yaml = dir.resolve("vectorizer.yaml");
  }

  void config(String extra) throws Exception {
    Files.writeString(
        yaml, "file_watcher:\n  watch_paths: [\"" + tree + "\"]\n  collection: files\n" + extra);
  }

  static void write(Path p, String text) throws Exception {
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  static String sha256(Path p) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  /** Source id to payload, per collection. */
  Map<String, Map<String, Map<String, Object>>> stored() {
    Map<String, Map<String, Map<String, Object>>> out = new TreeMap<>();
    try (VectorStore store = VectorStore.open(data)) {
      for (String name : store.listCollections()) {
        TextCollection t = store.textCollection(name, Embedder.byName("hashing"));
        Map<String, Map<String, Object>> sources = new TreeMap<>();
        t.sources()
            .forEach(
                (id, s) -> {
                  assertTrue(s.complete(), s.toString());
                  sources.put(id, s.payload());
                });
        out.put(name, sources);
      }
    }
    return out;
  }

  @Test
  void patternsRoutesLimitsBinaryFilesAndHashesComeFromTheConfig() throws Exception {
    write(tree.resolve("a.txt"), "Apples are red. ".repeat(20));
    write(tree.resolve("notes/b.md"), "Bananas are yellow. ".repeat(20));
    write(tree.resolve("notes/c.log"), "a log line");
    write(tree.resolve("big.txt"), "x".repeat(3000));
    Files.write(tree.resolve("image.txt"), new byte[] {'P', 'N', 'G', 0, 1, 2});
    write(tree.resolve(".git/config"), "[core]");
    write(tree.resolve("node_modules/lib/index.txt"), "a dependency");
    write(tree.resolve("__pycache__/m.txt"), "bytecode");
    config(
        "  include_patterns: [\"**/*.txt\", \"**/*.md\"]\n"
            + "  max_file_size: 2KB\n"
            + "  routes:\n    - pattern: \"**/*.md\"\n      collection: docs\n");
    Counts c = run(data, yaml);
    assertEquals(2, c.indexed(), c.toString());
    Map<String, Map<String, Map<String, Object>>> s = stored();
    String a = tree.resolve("a.txt").toString();
    String b = tree.resolve("notes/b.md").toString();
    assertEquals(List.of(a), List.copyOf(s.get("files").keySet()), "defaults exclude .git etc.");
    assertEquals(List.of(b), List.copyOf(s.get("docs").keySet()));
    assertEquals(
        Map.of("path", a, "sha256", sha256(tree.resolve("a.txt")), "chunking", "1000/200"),
        s.get("files").get(a));
    assertEquals(sha256(tree.resolve("notes/b.md")), s.get("docs").get(b).get("sha256"));

    Counts again = run(data, yaml);
    assertEquals(0, again.indexed(), "unchanged files are not embedded again: " + again);
    assertEquals(2, again.unchanged(), again.toString());
  }

  @Test
  void filesThatDisappearedAreRemovedAndOtherTextsAreKept() throws Exception {
    write(tree.resolve("keep.txt"), "kept text");
    write(tree.resolve("gone.txt"), "text that goes away");
    write(tree.resolve("dir/deep/inner.txt"), "a file in a folder that goes away");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).toRealPath();
    write(elsewhere.resolve("other.txt"), "indexed from another folder");
    Files.writeString(
        yaml, "file_watcher:\n  watch_paths: [\"" + elsewhere + "\"]\n  collection: files\n");
    run(data, yaml);
    config("");
    run(data, yaml);
    Files.delete(tree.resolve("gone.txt"));
    Files.delete(tree.resolve("dir/deep/inner.txt"));
    Files.delete(tree.resolve("dir/deep"));
    Counts c = run(data, yaml);
    assertEquals(2, c.removed(), c.toString());
    assertEquals(
        List.of(elsewhere.resolve("other.txt").toString(), tree.resolve("keep.txt").toString()),
        List.copyOf(stored().get("files").keySet()),
        "texts outside the indexed paths are not touched");
  }

  @Test
  void symlinksAreFollowedOnlyInsideTheWatchPaths() throws Exception {
    write(outside.resolve("shadow"), "root:*:19000:0:99999:7:::");
    write(outside.resolve("sub/passwd"), "root:x:0:0:root:/root:/bin/bash");
    write(tree.resolve("real/inside.txt"), "a file inside the tree");
    Files.createSymbolicLink(tree.resolve("etclink"), outside);
    Files.createSymbolicLink(tree.resolve("shadow-link"), outside.resolve("shadow"));
    Files.createSymbolicLink(tree.resolve("dotdot"), Path.of("../etc/shadow"));
    Files.createSymbolicLink(tree.resolve("real/up"), Path.of(".."));
    Files.createSymbolicLink(tree.resolve("alias"), tree.resolve("real"));
    Files.createSymbolicLink(tree.resolve("inside-link.txt"), Path.of("real/inside.txt"));
    config("  follow_symlinks: true\n");
    Counts c = run(data, yaml);
    Map<String, Map<String, Object>> files = stored().get("files");
    assertEquals(
        List.of(
            tree.resolve("alias/inside.txt").toString(),
            tree.resolve("inside-link.txt").toString(),
            tree.resolve("real/inside.txt").toString()),
        List.copyOf(files.keySet()),
        "links inside are followed, links out, .. links and loops are not");
    assertTrue(c.links() >= 4, "etclink, shadow-link, dotdot and the loop are counted: " + c);
    assertNoText("root:");

    config("");
    Counts strict = run(data, yaml);
    assertEquals(
        List.of(tree.resolve("real/inside.txt").toString()),
        List.copyOf(stored().get("files").keySet()),
        "follow_symlinks false: no link is followed, and texts read through links go");
    assertTrue(strict.links() >= 5, strict.toString());
  }

  private void assertNoText(String fragment) {
    try (VectorStore store = VectorStore.open(data)) {
      for (String name : store.listCollections()) {
        TextCollection t = store.textCollection(name, Embedder.byName("hashing"));
        for (var hit : t.search("root bash shadow passwd", 100, null)) {
          assertFalse(hit.text().contains(fragment), "read outside the tree: " + hit);
        }
      }
    }
  }
}
