package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup commands as an operator runs them. */
class BackupCommandsTest {
  @TempDir Path dir;

  private String[] run(int expectedCode, String... args) {
    return new CliRunner(dir.resolve("data")).expect(expectedCode, args);
  }

  @Test
  void createListVerifyRestore() throws Exception {
    Path notes = Files.createDirectories(dir.resolve("notes"));
    Files.writeString(notes.resolve("a.txt"), "Espresso needs finely ground coffee. ".repeat(20));
    run(0, "index", notes.toString(), "--collection", "my-collection");
    Path backups = dir.resolve("backups");
    Path full = backups.resolve("full.tar.gz");
    String[] created =
        run(0, "backup", "create", "--collection", "my-collection", "--output", full.toString());
    assertTrue(created[0].startsWith("wrote "), created[0]);

    Files.writeString(notes.resolve("b.txt"), "Bicycles need oil. ".repeat(20));
    run(0, "index", notes.toString(), "--collection", "my-collection");
    Path inc = backups.resolve("inc.tar.gz");
    run(
        0,
        "backup",
        "create",
        "--collection",
        "my-collection",
        "--output",
        inc.toString(),
        "--incremental");

    String[] list = run(0, "backup", "list", "--dir", backups.toString());
    assertEquals(3, list[0].lines().count(), list[0]); // the header and two archives
    assertTrue(list[0].contains("incremental"), list[0]);

    String[] verified = run(0, "backup", "verify", inc.toString());
    assertTrue(verified[0].contains("verified 2 archive(s)"), verified[0]);

    String[] exists = run(1, "backup", "restore", full.toString(), "--collection", "my-collection");
    assertTrue(exists[1].contains("add --force"), exists[1]);
    String[] restored =
        run(0, "backup", "restore", full.toString(), "--collection", "my-collection", "--force");
    assertTrue(restored[0].contains("restored"), restored[0]);
    String[] q = run(0, "query", "my-collection", "bicycle oil", "--k", "5");
    assertTrue(!q[0].contains("b.txt"), "the full backup predates b.txt: " + q[0]);
    run(0, "backup", "restore", inc.toString(), "--collection", "copy");
    String[] q2 = run(0, "query", "copy", "bicycle oil", "--k", "1");
    assertTrue(q2[0].contains("b.txt"), q2[0]);

    try (RandomAccessFile raf = new RandomAccessFile(full.toFile(), "rw")) {
      raf.seek(raf.length() / 2);
      int b = raf.read();
      raf.seek(raf.length() / 2);
      raf.write(b ^ 0xff);
    }
    String[] bad = run(1, "backup", "verify", full.toString());
    assertTrue(bad[1].startsWith("vectorizer: backup " + full), bad[1]);
    run(2, "backup", "create", "--output", full.toString());
  }

  @Test
  void listShowsTheStoresBackupsWhereverTheyWereWritten() throws Exception {
    Path notes = Files.createDirectories(dir.resolve("notes"));
    Files.writeString(notes.resolve("a.txt"), "Tea needs hot water. ".repeat(20));
    run(0, "index", notes.toString(), "--collection", "notes");
    // Before: exit 1, "no backup directory at backups" (there is no ./backups here).
    String[] empty = run(0, "backup", "list");
    assertEquals(1, empty[0].lines().count(), empty[0]);
    assertTrue(empty[0].startsWith("CREATED"), empty[0]);

    Path one = dir.resolve("elsewhere/one.tar.gz");
    Path two = dir.resolve("other/place/two.tar");
    run(0, "backup", "create", "--collection", "notes", "--output", one.toString());
    run(
        0,
        "backup",
        "create",
        "--collection",
        "notes",
        "--output",
        two.toString(),
        "--no-compression");
    String[] list = run(0, "backup", "list");
    List<String> lines = list[0].lines().toList();
    assertEquals(3, lines.size(), list[0]);
    assertTrue(lines.get(1).contains(one.toString()) && lines.get(1).contains("  ok  "), list[0]);
    assertTrue(lines.get(2).contains(two.toString()) && lines.get(2).contains("  ok  "), list[0]);

    Files.delete(one);
    Files.writeString(two, "overwritten");
    list = run(0, "backup", "list");
    lines = list[0].lines().toList();
    assertTrue(lines.get(1).contains("  missing  "), list[0]);
    assertTrue(lines.get(2).contains("  damaged  "), list[0]);

    // An incremental finds its base through the catalog, in another folder.
    run(0, "backup", "create", "--collection", "notes", "--output", one.toString());
    Path inc = dir.resolve("third/inc.tar.gz");
    run(
        0,
        "backup",
        "create",
        "--collection",
        "notes",
        "--output",
        inc.toString(),
        "--incremental");
    String[] verified = run(0, "backup", "verify", inc.toString());
    assertTrue(verified[0].contains("verified 2 archive(s)"), verified[0]);

    String[] noDir = run(1, "backup", "list", "--dir", dir.resolve("nowhere").toString());
    assertTrue(noDir[1].contains("no backup directory at"), noDir[1]);
  }
}
