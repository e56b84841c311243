package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages that misled users (issue 15, finding 8): each names what is wrong and where, in one
 * line.
 */
class CliMessagesTest {
  @TempDir Path dir;

  private CliRunner.Result run(String... args) {
    return new CliRunner(dir.resolve("data")).run(args);
  }

  @BeforeEach
  void collection() {
    assertEquals(0, run("collections", "create", "v", "--dim", "3").code());
  }

  private Path fvecs(String name, float[]... rows) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(rows.length * 16).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] r : rows) {
      b.putInt(r.length);
      for (float f : r) {
        b.putFloat(f);
      }
    }
    Path file = dir.resolve(name);
    Files.write(file, b.array());
    return file;
  }

  @Test
  void anEmptyFileIsNotReportedMissing() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.fvecs"));
    for (Path file : new Path[] {empty, Path.of("/dev/null")}) {
      for (String command : new String[] {"import", "search"}) {
        CliRunner.Result r = run(command, "v", "--fvecs", file.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(
            "vectorizer: "
                + file
                + " is empty: an fvecs file holds rows of an int32 dimension and that many"
                + " float32 values\n",
            r.err());
      }
    }
    CliRunner.Result directory = run("import", "v", "--fvecs", dir.toString());
    assertEquals("vectorizer: " + dir + " is a directory, not an fvecs file\n", directory.err());
  }

  @Test
  void aNonFiniteValueNamesTheFileRowAndComponent() throws IOException {
    Path nan = fvecs("nan.fvecs", new float[] {1, 2, 3}, new float[] {1, Float.NaN, 3});
    CliRunner.Result r = run("import", "v", "--fvecs", nan.toString());
    assertEquals(1, r.code());
    assertEquals("vectorizer: " + nan + ": row 1, component 1 is NaN\n", r.err());
    assertTrue(run("get", "v", "0").code() != 0, "nothing of the file was imported");

    Path inf = fvecs("inf.fvecs", new float[] {Float.NEGATIVE_INFINITY, 2, 3});
    CliRunner.Result search = run("search", "v", "--fvecs", inf.toString());
    assertEquals(1, search.code());
    assertEquals("vectorizer: " + inf + ": row 0, component 0 is -Infinity\n", search.err());
  }

  @Test
  void anOutOfRangeKOrBeamNamesTheOption() throws IOException {
    Path q = fvecs("q.fvecs", new float[] {1, 2, 3});
    CliRunner.Result zero = run("search", "v", "--fvecs", q.toString(), "--k", "0");
    assertEquals(2, zero.code());
    assertEquals("vectorizer: --k must be between 1 and 10000, got 0\n", zero.err());
    CliRunner.Result big = run("search", "v", "--fvecs", q.toString(), "--k", "10001");
    assertEquals("vectorizer: --k must be between 1 and 10000, got 10001\n", big.err());
    CliRunner.Result beam = run("search", "v", "--fvecs", q.toString(), "--beam", "-1");
    assertEquals(2, beam.code());
    assertEquals("vectorizer: --beam must be between 1 and 100000, got -1\n", beam.err());
  }
}
