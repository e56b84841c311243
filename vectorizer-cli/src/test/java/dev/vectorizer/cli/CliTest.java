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
    assertEquals(0, run("collections", "create", "other", "--dim", "4").code());
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
