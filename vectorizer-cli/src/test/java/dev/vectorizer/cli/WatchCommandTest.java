package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vectorizer watch} as a real process: it indexes a folder, follows edits, lets read
 * commands query meanwhile, and on SIGTERM applies the pending batch and exits cleanly.
 */
class WatchCommandTest {
  @TempDir Path dir;

  private String query(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            "--data",
            dir.resolve("data").toString(),
            "query",
            "notes",
            text,
            "--k",
            "1");
    return code == 0 ? out.toString(StandardCharsets.UTF_8) : "";
  }

  private String eventually(String text, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String got = "";
    while (System.nanoTime() < deadline) {
      got = query(text);
      if (got.contains(expected)) {
        return got;
      }
      Thread.sleep(100);
    }
    return got;
  }

  @Test
  void watchFollowsEditsAndStopsCleanlyOnSigterm() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.writeString(tree.resolve("coffee.txt"), "Espresso is brewed under pressure. ".repeat(10));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.add("--data");
    cmd.add(dir.resolve("data").toString());
    cmd.add("watch");
    cmd.add(tree.toString());
    cmd.add("--collection");
    cmd.add("notes");
    Path log = dir.resolve("watch.out");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(log.toFile())
            .redirectError(dir.resolve("watch.err").toFile())
            .start();
    try {
      assertTrue(eventually("espresso", "coffee.txt").contains("coffee.txt"));
      Files.writeString(
          tree.resolve("tea.txt"), "Green tea steeps at low temperature. ".repeat(10));
      assertTrue(eventually("green tea", "tea.txt").contains("tea.txt"), "follows a new file");
      Files.delete(tree.resolve("coffee.txt"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (query("espresso").contains("coffee.txt") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(!query("espresso").contains("coffee.txt"), "follows a deletion");
    } finally {
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exits after SIGTERM");
    }
    String out = Files.readString(log);
    assertTrue(out.contains("indexed  " + tree.resolve("tea.txt")), out);
    assertTrue(out.contains("removed  " + tree.resolve("coffee.txt")), out);
    assertTrue(out.contains("stopped: WatchCounters["), out);
    assertTrue(Files.exists(dir.resolve("data/watch/notes.json")), "manifest saved");
    assertEquals(143, p.exitValue(), "the JVM's exit status after SIGTERM");
  }
}
