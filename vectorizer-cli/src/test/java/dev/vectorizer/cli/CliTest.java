package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command lines of the contract, run in-process as a user would type them. */
class CliTest {
  @TempDir Path dir;

  private CliRunner.Result run(String... args) {
    return new CliRunner(dir.resolve("data")).run(args);
  }

  private static float[][] rows(int n, int dim, long seed) {
    Random r = new Random(seed);
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      for (int i = 0; i < dim; i++) {
        row[i] = (float) r.nextGaussian();
      }
    }
    return v;
  }

  private Path fvecs(String name, float[][] rows) throws IOException {
    Path file = dir.resolve(name);
    ByteBuffer b = ByteBuffer.allocate(rows.length * (4 + rows[0].length * 4));
    b.order(ByteOrder.LITTLE_ENDIAN);
    for (float[] r : rows) {
      b.putInt(r.length);
      for (float f : r) {
        b.putFloat(f);
      }
    }
    Files.write(file, b.array());
    return file;
  }

  @Test
  void collectionsCreateListInfoDrop() {
    CliRunner.Result created =
        run("collections", "create", "docs", "--dim", "16", "--metric", "euclidean");
    assertEquals(0, created.code(), created.err());
    CliRunner.Result dot = run("collections", "create", "other", "--dim", "4", "--metric", "dot");
    assertEquals("created collection 'other' (dimension 4, dot)\n", dot.out());
    assertTrue(run("collections", "info", "other", "--json").out().contains("\"metric\":\"dot\""));
    assertEquals(List.of("docs", "other"), run("collections", "list").lines());
    CliRunner.Result info = run("collections", "info", "docs");
    assertEquals(0, info.code(), info.err());
    assertTrue(info.out().contains("dimension:") && info.out().contains("16"), info.out());
    assertTrue(info.out().contains("euclidean"), info.out());
    CliRunner.Result json = run("collections", "info", "docs", "--json");
    assertTrue(json.out().contains("\"dimension\":16"), json.out());
    assertEquals(0, run("collections", "drop", "other").code());
    assertEquals(List.of("docs"), run("collections", "list").lines());
    CliRunner.Result again = run("collections", "drop", "other");
    assertEquals(1, again.code());
    assertEquals("vectorizer: no collection named 'other'\n", again.err());
  }

  @Test
  void importThenSearchFindsEachRowItself() throws Exception {
    float[][] data = rows(2_000, 16, 1);
    Path file = fvecs("base.fvecs", data);
    assertEquals(
        0, run("collections", "create", "v", "--dim", "16", "--metric", "euclidean").code());
    CliRunner.Result imported = run("import", "v", "--fvecs", file.toString(), "--batch", "300");
    assertEquals(0, imported.code(), imported.err());
    assertTrue(imported.out().startsWith("imported 2000 vectors into v in "), imported.out());

    Path queries = fvecs("q.fvecs", Arrays.copyOfRange(data, 0, 50));
    CliRunner.Result search = run("search", "v", "--fvecs", queries.toString(), "--k", "5");
    assertEquals(0, search.code(), search.err());
    List<String> lines = search.lines();
    assertEquals(50, lines.size());
    for (int i = 0; i < 50; i++) {
      String[] ids = lines.get(i).split(" ");
      assertEquals(5, ids.length);
      assertEquals(Integer.toString(i), ids[0], "row " + i + " finds itself first");
    }
    CliRunner.Result json = run("search", "v", "--fvecs", queries.toString(), "--k", "3", "--json");
    JsonNode first = new ObjectMapper().readTree(json.lines().get(0));
    assertEquals(0, first.get("query").asInt());
    assertEquals("0", first.get("hits").get(0).get("id").asText());
    assertEquals(0.0, first.get("hits").get(0).get("score").asDouble(), 1e-6);

    CliRunner.Result got = run("get", "v", "7");
    assertEquals(0, got.code(), got.err());
    JsonNode point = new ObjectMapper().readTree(got.out());
    assertEquals("7", point.get("id").asText());
    assertEquals(data[7][3], (float) point.get("vector").get(3).asDouble(), 1e-6);

    CliRunner.Result deleted = run("delete", "v", "7", "8", "nope");
    assertEquals("deleted 2 of 3\n", deleted.out());
    CliRunner.Result missing = run("get", "v", "7");
    assertEquals(1, missing.code());
    assertEquals("vectorizer: no point '7' in collection 'v'\n", missing.err());
  }

  @Test
  void quantizedCollectionFindsEachRowItself() throws Exception {
    float[][] data = rows(2_000, 16, 3);
    CliRunner.Result created =
        run("collections", "create", "q", "--dim", "16", "--quantization", "pq");
    assertEquals(0, created.code(), created.err());
    assertTrue(created.out().contains("pq quantization"), created.out());
    assertEquals(0, run("import", "q", "--fvecs", fvecs("b.fvecs", data).toString()).code());
    Path queries = fvecs("qq.fvecs", Arrays.copyOfRange(data, 0, 50));
    List<String> lines = run("search", "q", "--fvecs", queries.toString(), "--k", "3").lines();
    for (int i = 0; i < 50; i++) {
      assertEquals(Integer.toString(i), lines.get(i).split(" ")[0], "row " + i + " finds itself");
    }
    JsonNode info = new ObjectMapper().readTree(run("collections", "info", "q", "--json").out());
    assertEquals("pq", info.get("quantization").asText());
    CliRunner.Result bad =
        run("collections", "create", "x", "--dim", "4", "--quantization", "int4");
    assertEquals(2, bad.code());
    assertTrue(bad.err().startsWith("vectorizer: unknown quantization 'int4'"), bad.err());
  }

  @Test
  void importIsOneBulkLoadThatAppliesNothingOnABadRow() throws Exception {
    assertEquals(0, run("collections", "create", "v", "--dim", "8").code());
    Path good = fvecs("good.fvecs", rows(1_500, 8, 21));
    CliRunner.Result imported = run("import", "v", "--fvecs", good.toString());
    assertEquals(0, imported.code(), imported.err());
    JsonNode info = new ObjectMapper().readTree(run("collections", "info", "v", "--json").out());
    assertEquals(1500, info.get("points").asLong());
    assertEquals(1, info.get("segments").asInt(), "one sealed segment: " + info);
    assertEquals(0, run("import", "v", "--fvecs", good.toString()).code(), "re-import replaces");
    info = new ObjectMapper().readTree(run("collections", "info", "v", "--json").out());
    assertEquals(1500, info.get("points").asLong());

    assertEquals(0, run("collections", "create", "w", "--dim", "8").code());
    Path bad = dir.resolve("bad.fvecs");
    Files.write(bad, Files.readAllBytes(good));
    Files.write(
        bad,
        Files.readAllBytes(fvecs("short.fvecs", rows(1, 4, 22))),
        java.nio.file.StandardOpenOption.APPEND);
    CliRunner.Result failed = run("import", "w", "--fvecs", bad.toString());
    assertEquals(1, failed.code());
    assertEquals(
        "vectorizer: " + bad + ": row 1500 has dimension 4, earlier rows have 8\n", failed.err());
    info = new ObjectMapper().readTree(run("collections", "info", "w", "--json").out());
    assertEquals(0, info.get("points").asLong(), "a failed bulk import applies nothing");

    CliRunner.Result batched = run("import", "w", "--fvecs", bad.toString(), "--batch", "400");
    assertEquals(1, batched.code());
    info = new ObjectMapper().readTree(run("collections", "info", "w", "--json").out());
    assertEquals(1200, info.get("points").asLong(), "--batch keeps the batches before the row");
    assertEquals(2, run("import", "w", "--fvecs", good.toString(), "--batch", "0").code());
  }

  @Test
  void usageErrorsExitWithTwo() {
    CliRunner.Result metric =
        run("collections", "create", "x", "--dim", "4", "--metric", "hamming");
    assertEquals(2, metric.code());
    assertTrue(metric.err().startsWith("vectorizer: unknown metric 'hamming'"), metric.err());
    CliRunner.Result unknown = run("frobnicate");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("frobnicate"), unknown.err());
    CliRunner.Result missingOption = run("collections", "create", "x");
    assertEquals(2, missingOption.code());
    assertTrue(missingOption.err().contains("--dim"), missingOption.err());
    CliRunner.Result badDim = run("collections", "create", "x", "--dim", "0");
    assertEquals(2, badDim.code());
    assertTrue(badDim.err().contains("got 0"), badDim.err());
  }

  @Test
  void failuresExitWithOneAndOneLine() throws Exception {
    CliRunner.Result noData = run("collections", "list");
    assertEquals(1, noData.code());
    assertEquals("vectorizer: no data directory at " + dir.resolve("data") + "\n", noData.err());

    assertEquals(0, run("collections", "create", "v", "--dim", "8").code());
    CliRunner.Result missing =
        run("search", "w", "--fvecs", fvecs("q.fvecs", rows(1, 8, 2)).toString());
    assertEquals(1, missing.code());
    assertEquals("vectorizer: no collection named 'w'\n", missing.err());

    Path wrongDim = fvecs("wrong.fvecs", rows(3, 5, 3));
    CliRunner.Result dim = run("import", "v", "--fvecs", wrongDim.toString());
    assertEquals(1, dim.code());
    assertTrue(dim.err().contains("row 0 has dimension 5, collection 'v' has 8"), dim.err());

    Path good = fvecs("good.fvecs", rows(10, 8, 4));
    Path truncated = dir.resolve("truncated.fvecs");
    byte[] bytes = Files.readAllBytes(good);
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 6));
    CliRunner.Result cut = run("import", "v", "--fvecs", truncated.toString());
    assertEquals(1, cut.code());
    assertTrue(cut.err().contains(truncated + ": row 9 is truncated"), cut.err());
    assertEquals(1, cut.err().split("\n").length, "one line: " + cut.err());
  }

  @Test
  void cosineImportFindsEachRowItselfAndJsonLinesParse() throws Exception {
    float[][] data = rows(2_000, 16, 11);
    Path file = fvecs("cos.fvecs", data);
    assertEquals(0, run("collections", "create", "c", "--dim", "16", "--metric", "cosine").code());
    CliRunner.Result imported = run("import", "c", "--fvecs", file.toString(), "--no-fsync");
    assertEquals(0, imported.code(), imported.err());
    assertTrue(
        imported
            .out()
            .matches("imported 2000 vectors into c in [0-9.]+ s \\([0-9]+ vectors/s\\)\n"),
        imported.out());
    assertEquals("", imported.err(), "no progress bar or log lines when stderr is not a terminal");

    CliRunner.Result info = run("collections", "info", "c", "--json");
    JsonNode stats = new ObjectMapper().readTree(info.out());
    assertEquals(2000, stats.get("points").asLong());
    assertEquals("cosine", stats.get("metric").asText());

    Path queries = fvecs("cq.fvecs", Arrays.copyOfRange(data, 100, 140));
    CliRunner.Result json =
        run("search", "c", "--fvecs", queries.toString(), "--k", "4", "--beam", "64", "--json");
    assertEquals(0, json.code(), json.err());
    List<String> lines = json.lines();
    assertEquals(40, lines.size());
    ObjectMapper mapper = new ObjectMapper();
    for (int q = 0; q < lines.size(); q++) {
      JsonNode line = mapper.readTree(lines.get(q));
      assertEquals(q, line.get("query").asInt());
      assertEquals(4, line.get("hits").size());
      assertEquals(Integer.toString(100 + q), line.get("hits").get(0).get("id").asText());
      assertEquals(1.0, line.get("hits").get(0).get("score").asDouble(), 1e-5);
      double previous = Double.MAX_VALUE;
      for (JsonNode hit : line.get("hits")) {
        assertTrue(hit.get("score").asDouble() <= previous + 1e-6, "best first: " + line);
        previous = hit.get("score").asDouble();
      }
    }
  }

  @Test
  void fvecsWhoseDimensionChangesNamesTheRow() throws Exception {
    assertEquals(0, run("collections", "create", "v", "--dim", "8").code());
    Path a = fvecs("a.fvecs", rows(5, 8, 6));
    Path b = fvecs("b.fvecs", rows(2, 4, 7));
    Path mixed = dir.resolve("mixed.fvecs");
    Files.write(mixed, Files.readAllBytes(a));
    Files.write(mixed, Files.readAllBytes(b), java.nio.file.StandardOpenOption.APPEND);
    CliRunner.Result r = run("import", "v", "--fvecs", mixed.toString());
    assertEquals(1, r.code());
    assertEquals(
        "vectorizer: " + mixed + ": row 5 has dimension 4, earlier rows have 8\n", r.err());
    CliRunner.Result search = run("search", "v", "--fvecs", mixed.toString());
    assertEquals(1, search.code());
    assertTrue(search.err().contains(mixed + ": row 5 has dimension 4"), search.err());

    CliRunner.Result absent = run("import", "v", "--fvecs", dir.resolve("nope.fvecs").toString());
    assertEquals(1, absent.code());
    assertEquals("vectorizer: no such file: " + dir.resolve("nope.fvecs") + "\n", absent.err());
  }

  @Test
  void readCommandsNeedAnExistingDataDirectoryAndDoNotCreateIt() {
    Path data = dir.resolve("data");
    for (String[] args :
        List.of(
            new String[] {"collections", "list"},
            new String[] {"collections", "info", "v"},
            new String[] {"get", "v", "1"},
            new String[] {"search", "v", "--fvecs", "q.fvecs"})) {
      CliRunner.Result r = run(args);
      assertEquals(1, r.code(), String.join(" ", args));
      assertEquals("vectorizer: no data directory at " + data + "\n", r.err());
    }
    assertTrue(Files.notExists(data));
  }

  @Test
  void helpAndVersionOnEveryCommand() {
    for (String[] cmd :
        List.of(
            new String[] {},
            new String[] {"collections"},
            new String[] {"collections", "create"},
            new String[] {"collections", "list"},
            new String[] {"collections", "info"},
            new String[] {"collections", "drop"},
            new String[] {"import"},
            new String[] {"search"},
            new String[] {"get"},
            new String[] {"delete"})) {
      String[] help = Arrays.copyOf(cmd, cmd.length + 1);
      help[cmd.length] = "--help";
      CliRunner.Result h = run(help);
      assertEquals(0, h.code(), String.join(" ", help) + ": " + h.err());
      assertTrue(h.out().startsWith("Usage: vectorizer"), h.out());
      String[] version = Arrays.copyOf(cmd, cmd.length + 1);
      version[cmd.length] = "--version";
      CliRunner.Result v = run(version);
      assertEquals(0, v.code(), String.join(" ", version) + ": " + v.err());
      assertTrue(v.out().startsWith("vectorizer "), v.out());
    }
  }

  @Test
  void unknownCommandIsAUsageError() {
    CliRunner.Result r = run("frobnicate");
    assertEquals(2, r.code());
    assertEquals(
        "vectorizer: Unmatched argument at index 2: 'frobnicate'\n"
            + "Run 'vectorizer --help' for usage.\n",
        r.err());
    CliRunner.Result sub = run("collections", "create", "x", "--dim", "4", "--bogus");
    assertEquals(2, sub.code());
    assertTrue(sub.err().endsWith("Run 'vectorizer collections create --help' for usage.\n"));
  }

  @Test
  void verboseAddsTheStackTrace() {
    CliRunner.Result quiet = run("collections", "create", "v", "--dim", "4");
    assertEquals(0, quiet.code());
    CliRunner.Result taken = run("collections", "create", "v", "--dim", "4");
    assertEquals(1, taken.code());
    assertEquals("vectorizer: a collection named 'v' already exists\n", taken.err());
    CliRunner.Result verbose = run("--verbose", "collections", "create", "v", "--dim", "4");
    assertEquals(1, verbose.code());
    assertTrue(verbose.err().startsWith("vectorizer: a collection named 'v' already exists\n"));
    assertTrue(verbose.err().contains("CollectionExistsException"), verbose.err());
  }

  @Test
  void progressBarFormat() {
    assertEquals(
        "[#############                 ]  45% 450000/1000000 12345/s",
        Progress.render(450_000, 1_000_000, 450_000 / 12345.0));
    assertEquals("[                              ]   0% 0/0 0/s", Progress.render(0, 0, 0));
  }

  @Test
  void readCommandsWorkWhileAWriterHoldsTheLock() throws Exception {
    assertEquals(0, run("collections", "create", "v", "--dim", "8").code());
    try (dev.vectorizer.VectorStore writer = dev.vectorizer.VectorStore.open(dir.resolve("data"))) {
      writer.collection("v").upsert(dev.vectorizer.Point.of("a", rows(1, 8, 5)[0]));
      assertEquals(List.of("v"), run("collections", "list").lines());
      assertEquals(0, run("get", "v", "a").code());
      CliRunner.Result write = run("collections", "create", "w", "--dim", "8");
      assertEquals(1, write.code());
      assertTrue(write.err().contains("locked for writing"), write.err());
    }
  }
}
