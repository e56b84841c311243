package dev.vectorizer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.server.TestServer.Res;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path dir;

  @Test
  void rotatesBySizeKeepsMaxFilesAndTailsAcrossFiles() throws Exception {
    ServerConfig config =
        ServerConfig.builder().audit(new ServerConfig.Audit(true, true, 1024, 2)).build();
    try (TestServer s = new TestServer(dir.resolve("data"), config)) {
      s.put("/collections/docs", "{\"dimension\":2}");
      for (int i = 0; i < 20; i++) {
        Res r =
            s.put(
                "/collections/docs/points",
                "{\"points\":[{\"id\":\"p" + i + "\",\"vector\":[1," + i + "]}]}");
        assertEquals(200, r.status());
      }
      // Reads are not audited.
      s.post("/collections/docs/search", "{\"vector\":[1,1]}");
    }
    Path data = dir.resolve("data");
    List<Path> files = AuditLogFiles.files(data);
    assertEquals(3, files.size(), files.toString()); // two rotated + the current one
    for (Path f : files) {
      assertTrue(Files.size(f) <= 1024, f + " is " + Files.size(f) + " bytes");
    }
    List<String> last = AuditLogFiles.tail(data, 5);
    assertEquals(5, last.size());
    assertTrue(last.get(4).contains("\"route\":\"/collections/{name}/points\""), last.get(4));
    for (String line : last) {
      assertEquals("PUT", TestServer.JSON.readTree(line).get("method").asText());
    }
    // More lines than the current file holds come from the rotated files, in order.
    List<String> all = new java.util.ArrayList<>();
    for (Path f : files) {
      all.addAll(Files.readAllLines(f));
    }
    int current = Files.readAllLines(files.get(2)).size();
    int n = current + Files.readAllLines(files.get(1)).size() + 1;
    assertTrue(n <= all.size());
    assertEquals(all.subList(all.size() - n, all.size()), AuditLogFiles.tail(data, n));
    assertEquals(all, AuditLogFiles.tail(data, 1000));

    // A record still being written (no newline yet) is left out.
    Files.writeString(
        data.resolve(AuditLogFiles.CURRENT),
        "{\"partial\":",
        java.nio.file.StandardOpenOption.APPEND);
    assertEquals(last, AuditLogFiles.tail(data, 5));
  }
}
