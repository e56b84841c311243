package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.StoreLockedException;
import dev.vectorizer.VectorStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second process may not open a directory for writing while another writes; it may open it
 * read-only and sees a consistent state (a prefix of the writer's acknowledged writes).
 */
class ProcessLockTest {
  @TempDir Path dir;

  @Test
  void writerInAnotherProcessLocksOutWritersButNotReaders() throws Exception {
    Path data = dir.resolve("data");
    Path acks = dir.resolve("acks");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "--add-modules",
                "jdk.incubator.vector",
                "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                WriterChild.class.getName(),
                data.toString(),
                acks.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("READY", out.readLine());

      StoreLockedException locked =
          assertThrows(StoreLockedException.class, () -> VectorStore.open(data));
      assertTrue(
          locked.getMessage().contains("process " + child.pid()),
          "the error names the owner: " + locked.getMessage());

      for (int round = 0; round < 12; round++) {
        Thread.sleep(60);
        int ackedBefore = lastAck(acks);
        try (VectorStore ro = VectorStore.builder(data).readOnly(true).open()) {
          Collection c = ro.collection("live");
          long n = c.count();
          assertTrue(n >= ackedBefore + 1, "sees every write acknowledged before the open");
          for (int i = 0; i < n; i++) {
            assertArrayEquals(
                WriterChild.vector(i),
                c.get("w" + i)
                    .orElseThrow(() -> new AssertionError("hole in the prefix"))
                    .vector());
          }
          assertTrue(c.get("w" + n).isEmpty(), "a prefix: nothing after w" + (n - 1));
          for (int i = 0; i < n; i += Math.max(1, (int) n / 10)) {
            assertEquals(
                "w" + i, c.search(SearchRequest.of(WriterChild.vector(i)).limit(1)).get(0).id());
          }
        }
      }
      assertTrue(child.isAlive(), "the reader never blocked or broke the writer");
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
  }

  private static int lastAck(Path acks) throws Exception {
    if (!Files.exists(acks)) {
      return -1;
    }
    List<String> lines = Files.readAllLines(acks);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).isBlank()) {
        return Integer.parseInt(lines.get(i).trim());
      }
    }
    return -1;
  }
}
