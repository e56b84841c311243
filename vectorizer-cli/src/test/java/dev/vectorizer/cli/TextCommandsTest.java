package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Embedder;
import dev.vectorizer.VectorStore;
import dev.vectorizer.watch.FileSync;
import dev.vectorizer.watch.WatchConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code index} and {@code query}, as a user runs them on a folder. */
class TextCommandsTest {
  @TempDir Path dir;

  private String[] run(int expectedCode, String... args) {
    return new CliRunner(dir.resolve("data")).expect(expectedCode, args);
  }

  @Test
  void indexAFolderThenQueryIt() throws Exception {
    Path docs = dir.resolve("docs");
    Files.createDirectories(docs.resolve("sub"));
    Files.writeString(
        docs.resolve("coffee.md"),
        "Espresso is brewed by forcing hot water through finely ground coffee beans. ".repeat(30));
    Files.writeString(
        docs.resolve("sub/bikes.txt"),
        "A bicycle chain needs cleaning and oil after riding in the rain. ".repeat(30));
    Files.write(docs.resolve("image.bin"), new byte[] {1, 2, 0, 3, 4});
    Files.write(
        docs.resolve("latin1.txt"), "caf\u00e9 cr\u00e8me".getBytes(StandardCharsets.ISO_8859_1));

    String[] first = run(0, "index", docs.toString(), "--collection", "notes");
    assertTrue(first[0].startsWith("indexed 3 files"), first[0]);
    assertTrue(first[0].contains("skipped 1 binary"), first[0]);

    String[] q = run(0, "query", "notes", "how is espresso brewed", "--k", "2");
    assertTrue(q[0].lines().findFirst().orElseThrow().contains("coffee.md"), q[0]);
    String[] json = run(0, "query", "notes", "oil for the chain", "--k", "1", "--json");
    assertTrue(json[0].contains("bikes.txt") && json[0].contains("\"score\""), json[0]);

    String[] again = run(0, "index", docs.toString(), "--collection", "notes");
    assertTrue(again[0].startsWith("indexed 0 files"), again[0]);
    assertTrue(again[0].contains("3 unchanged"), again[0]);

    Files.writeString(docs.resolve("coffee.md"), "Now this file is about green tea.");
    String[] third = run(0, "index", docs.toString(), "--collection", "notes");
    assertTrue(third[0].startsWith("indexed 1 files (1 chunks)"), third[0]);
    String[] tea = run(0, "query", "notes", "green tea", "--k", "1");
    assertTrue(tea[0].contains("coffee.md") && tea[0].contains("green tea"), tea[0]);
  }

  @Test
  void aDeletedFileIsGoneAfterTheNextIndex() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("coffee.md"), "Espresso is brewed under pressure. ".repeat(20));
    Files.writeString(docs.resolve("tea.md"), "Green tea steeps at low temperature. ".repeat(20));
    run(0, "index", docs.toString(), "--collection", "notes");
    assertTrue(run(0, "query", "notes", "espresso", "--k", "1")[0].contains("coffee.md"));
    Files.delete(docs.resolve("coffee.md"));
    String[] again = run(0, "index", docs.toString(), "--collection", "notes");
    assertTrue(again[0].contains("1 unchanged; 1 removed"), again[0]);
    String[] q = run(0, "query", "notes", "espresso brewed under pressure", "--k", "5");
    assertFalse(q[0].contains("coffee.md"), "a deleted file is still returned: " + q[0]);
  }

  @Test
  void aFreshIndexWritesEachChunkOnce() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    for (int i = 0; i < 200; i++) {
      Files.writeString(docs.resolve("f" + i + ".txt"), "file " + i + " is about item " + i * 7);
    }
    String[] out = run(0, "index", docs.toString(), "--collection", "notes");
    assertTrue(out[0].startsWith("indexed 200 files (200 chunks)"), out[0]);
    try (VectorStore store = VectorStore.open(dir.resolve("data"))) {
      assertEquals(200, store.collection("notes").count());
      assertEquals(0, store.collection("notes").stats().deletedPoints(), "chunks written twice");
    }
  }

  @Test
  void watchAfterIndexAndIndexAfterWatchEmbedNothing() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    for (int i = 0; i < 20; i++) {
      Files.writeString(docs.resolve("f" + i + ".txt"), ("file " + i + " says hello. ").repeat(80));
    }
    run(0, "index", docs.toString(), "--collection", "notes");
    WatchConfig c = WatchConfig.of(List.of(docs), "notes");
    try (VectorStore store = VectorStore.open(dir.resolve("data"))) {
      try (FileSync sync = new FileSync(store, c, dir.resolve("data/watch/notes.json"), null)) {
        sync.start();
        assertTrue(sync.awaitIdle(60_000));
        assertEquals(0, sync.counters().indexed(), "watch re-embedded: " + sync.counters());
        assertEquals(20, sync.counters().unchanged());
        Files.writeString(docs.resolve("new.txt"), "a file made while watching");
        Files.delete(docs.resolve("f0.txt"));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (sync.counters().removed() < 1 || sync.counters().indexed() < 1) {
          assertTrue(System.nanoTime() < deadline, sync.counters().toString());
          Thread.sleep(20);
        }
      }
      assertEquals(
          1,
          store.textCollection("notes", Embedder.byName("hashing")).cacheStats().misses(),
          "only the new file's chunk was embedded");
    }
    String[] again = run(0, "index", docs.toString(), "--collection", "notes");
    assertTrue(again[0].startsWith("indexed 0 files (0 chunks)"), again[0]);
    assertTrue(again[0].contains("20 unchanged; 0 removed"), again[0]);
  }

  @Test
  void errorsAreNamed() throws Exception {
    Path f = Files.writeString(dir.resolve("a.txt"), "some text");
    String[] unknown = run(2, "index", f.toString(), "--collection", "c", "--embedder", "gpt-9");
    assertTrue(unknown[1].contains("unknown embedder 'gpt-9'"), unknown[1]);
    assertTrue(unknown[1].contains("hashing") && unknown[1].contains("minilm"), unknown[1]);
    run(0, "collections", "create", "vectors", "--dim", "384");
    String[] notText = run(1, "query", "vectors", "hello");
    assertTrue(notText[1].contains("holds vectors, not texts"), notText[1]);
    String[] missing = run(1, "index", dir.resolve("nope").toString(), "--collection", "c");
    assertTrue(missing[1].contains("no such file or folder"), missing[1]);
  }

  private Path manPages() throws Exception {
    Path docs = dir.resolve("man");
    Files.createDirectories(docs);
    Files.writeString(
        docs.resolve("xargs.txt"),
        "xargs builds and executes command lines from standard input. The option --max-procs=N"
            + " runs up to N processes at a time. Parallel jobs finish in any order.");
    Files.writeString(
        docs.resolve("gzip.txt"),
        "gzip compresses files to make them smaller. When the input is damaged it exits with"
            + " ERR_4012 and leaves the file alone.");
    Files.writeString(
        docs.resolve("cron.txt"),
        "cron runs scheduled jobs at fixed times, for example every night at two o'clock.");
    return docs;
  }

  @Test
  void queryModesFusionAndJsonBranches() throws Exception {
    run(0, "index", manPages().toString(), "--collection", "man");
    for (String mode : new String[] {"keyword", "hybrid", "dense"}) {
      String[] out = run(0, "query", "man", "--max-procs", "--mode", mode, "--k", "1");
      if (!mode.equals("dense")) {
        assertTrue(out[0].contains("xargs.txt"), mode + ": " + out[0]);
      }
    }
    String[] json = run(0, "query", "man", "ERR_4012", "--mode", "hybrid", "--k", "2", "--json");
    String first = json[0].lines().findFirst().orElseThrow();
    assertTrue(first.contains("\"source\":\"") && first.contains("gzip.txt"), first);
    assertTrue(first.contains("\"keyword\":{\"rank\":1,\"score\":"), first);
    assertTrue(first.contains("\"dense\":{\"rank\":"), first);
    assertTrue(first.contains("\"score\":"), first);
    for (String fusion : new String[] {"rrf", "dbsf", "weighted"}) {
      String[] out =
          run(0, "query", "man", "ERR_4012 damaged", "--fusion", fusion, "--weights", "0.3,0.7");
      assertTrue(out[0].lines().findFirst().orElseThrow().contains("gzip.txt"), fusion + out[0]);
    }
    String[] expanded = run(0, "query", "man", "parallel processes", "--expand", "--k", "1");
    assertTrue(expanded[0].contains("xargs.txt"), expanded[0]);
    String[] stop = run(0, "query", "man", "the of and", "--mode", "keyword", "--json");
    assertEquals("", stop[0], "only stop words: no keyword hits");
  }

  @Test
  void badQueriesAreUsageErrors() throws Exception {
    run(0, "index", manPages().toString(), "--collection", "man");
    assertTrue(run(2, "query", "man", "   ")[1].contains("blank"));
    String[] mode = run(2, "query", "man", "x", "--mode", "semantic");
    assertTrue(mode[1].contains("dense, keyword, hybrid"), mode[1]);
    String[] fusion = run(2, "query", "man", "x", "--fusion", "borda");
    assertTrue(fusion[1].contains("rrf, dbsf, weighted"), fusion[1]);
    String[] negative = run(2, "query", "man", "x", "--weights", "0.7,-0.3");
    assertTrue(negative[1].contains("-0.3"), negative[1]);
    String[] nan = run(2, "query", "man", "x", "--weights", "NaN,1");
    assertTrue(nan[1].contains("NaN"), nan[1]);
    String[] notNumber = run(2, "query", "man", "x", "--weights", "0.7;0.3");
    assertTrue(notNumber[1].contains("0.7;0.3"), notNumber[1]);
    String[] analyzer =
        run(2, "index", dir.toString(), "--collection", "other", "--analyzer", "klingon");
    assertTrue(analyzer[1].contains("english, standard, as-written"), analyzer[1]);
    String[] change =
        run(1, "index", manPages().toString(), "--collection", "man", "--analyzer", "standard");
    assertTrue(change[1].contains("cannot change"), change[1]);
  }

  @Test
  void keywordSearchOfACollectionWithoutKeywordIndexNamesIt() throws Exception {
    try (VectorStore store = VectorStore.open(dir.resolve("data"))) {
      store.createCollection(
          "plain", CollectionConfig.builder(384).embedder(Embedder.byName("hashing").id()).build());
      store.textCollection("plain", Embedder.byName("hashing")).upsert("a", "some words", Map.of());
    }
    assertTrue(run(0, "query", "plain", "some words")[0].contains("a  [chunk 0"));
    String[] kw = run(1, "query", "plain", "some words", "--mode", "keyword");
    assertTrue(kw[1].contains("'plain'") && kw[1].contains("no keyword index"), kw[1]);
  }

  @Test
  void asWrittenAnalyzerKeepsOptionsWhole() throws Exception {
    run(0, "index", manPages().toString(), "--collection", "raw", "--analyzer", "as-written");
    String[] out = run(0, "query", "raw", "--max-procs", "--mode", "keyword", "--k", "3");
    assertEquals(1, out[0].lines().filter(l -> l.contains(".txt")).count(), out[0]);
    assertTrue(run(0, "query", "raw", "max", "--mode", "keyword")[0].isEmpty(), "no stemming");
  }
}
