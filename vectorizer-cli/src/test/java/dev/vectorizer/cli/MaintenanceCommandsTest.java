package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check, repair, checkpoint, and a corrupt collection that does not take the store down. */
class MaintenanceCommandsTest {
  @TempDir Path dir;

  private CliRunner.Result run(String... args) {
    return new CliRunner(dir.resolve("data")).run(args);
  }

  private Path fvecs(int n, int dim) throws IOException {
    Random r = new Random(7);
    ByteBuffer b = ByteBuffer.allocate(n * (4 + dim * 4)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.putInt(dim);
      for (int j = 0; j < dim; j++) {
        b.putFloat((float) r.nextGaussian());
      }
    }
    Path file = dir.resolve("v.fvecs");
    Files.write(file, b.array());
    return file;
  }

  private Path only(Path d, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.toString().endsWith(suffix)).findFirst().orElseThrow();
    }
  }

  @Test
  void aCorruptCollectionIsListedUnavailableAndTheOthersWork() throws IOException {
    Path v = fvecs(300, 8);
    for (String name : List.of("bad", "good")) {
      assertEquals(0, run("collections", "create", name, "--dim", "8").code());
      assertEquals(0, run("import", name, "--fvecs", v.toString()).code());
    }
    assertEquals(0, run("checkpoint").code());
    Path seg = only(dir.resolve("data/collections/bad"), ".vzs");
    try (RandomAccessFile raf = new RandomAccessFile(seg.toFile(), "rw")) {
      raf.seek(100);
      raf.write(raf.read() ^ 1);
    }
    CliRunner.Result list = run("collections", "list");
    assertEquals(0, list.code(), list.err());
    assertEquals("good", list.lines().get(1));
    assertTrue(list.lines().get(0).startsWith("bad  UNAVAILABLE " + seg), list.out());
    assertTrue(list.out().contains("checksum mismatch"), list.out());

    CliRunner.Result search = run("search", "good", "--fvecs", v.toString(), "--k", "1");
    assertEquals(0, search.code(), search.err());
    CliRunner.Result bad = run("search", "bad", "--fvecs", v.toString(), "--k", "1");
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("collection 'bad' is unavailable"), bad.err());
    assertEquals(0, run("import", "good", "--fvecs", v.toString()).code());

    CliRunner.Result check = run("check");
    assertEquals(1, check.code());
    assertTrue(check.out().startsWith("ERROR bad " + seg), check.out());
    assertTrue(check.out().contains("restore the collection from a backup, or drop it"));

    assertEquals(0, run("collections", "drop", "bad").code());
    assertEquals(List.of("good"), run("collections", "list").lines());
    assertEquals("ok: every file passed its checks\n", run("check").out());
  }

  @Test
  void repairSaysWhatItWouldDoThenDoesItWithYes() throws IOException {
    Path v = fvecs(50, 8);
    assertEquals(0, run("collections", "create", "docs", "--dim", "8").code());
    assertEquals(0, run("import", "docs", "--fvecs", v.toString()).code());
    assertEquals(0, run("delete", "docs", "7").code()); // a write left in the log
    Path wal = only(dir.resolve("data/collections/docs/wal"), ".wal");
    Files.write(wal, new byte[4096], StandardOpenOption.APPEND);

    CliRunner.Result check = run("check");
    assertEquals(0, check.code(), "a torn tail is a warning: the store opens");
    assertTrue(check.out().startsWith("WARNING docs " + wal), check.out());

    CliRunner.Result dry = run("repair");
    assertTrue(dry.out().contains("repair would: cut them"), dry.out());
    assertTrue(dry.out().contains("run again with --yes"), dry.out());
    assertTrue(Files.size(wal) > 4096, "nothing changed without --yes");

    CliRunner.Result done = run("repair", "--yes");
    assertEquals(0, done.code(), done.err());
    assertTrue(done.out().contains("repaired: cut 4096 bytes"), done.out());
    assertEquals("ok: every file passed its checks\n", run("check").out());
    assertTrue(run("collections", "info", "docs").out().contains("49"));
  }

  @Test
  void checkpointLeavesNothingToReplay() throws IOException {
    Path v = fvecs(100, 8);
    assertEquals(0, run("collections", "create", "docs", "--dim", "8").code());
    assertEquals(0, run("import", "docs", "--fvecs", v.toString()).code());
    assertEquals(0, run("delete", "docs", "7").code());
    try (Stream<Path> s = Files.list(dir.resolve("data/collections/docs/wal"))) {
      assertTrue(s.anyMatch(p -> p.toString().endsWith(".wal")));
    }
    CliRunner.Result cp = run("checkpoint");
    assertEquals("checkpointed 1 collections\n", cp.out());
    try (Stream<Path> s = Files.list(dir.resolve("data/collections/docs/wal"))) {
      assertTrue(s.noneMatch(p -> p.toString().endsWith(".wal")));
    }
    assertTrue(run("collections", "info", "docs").out().contains("99"));
  }
}
