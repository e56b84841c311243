package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorizer.server.ServerConfig;
import dev.vectorizer.server.VectorizerService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service from one vectorizer.yaml (keys, backups, a watched folder), and the Grafana
 * dashboard: every metric it queries is on /metrics once the server has seen traffic, backups,
 * restores and watcher events. Then {@code vectorizer audit tail} reads what was audited.
 */
class ServiceAndDashboardTest {
  @TempDir Path dir;

  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> send(URI base, String method, String path, String body, String key)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("X-API-Key", key);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyDashboardMetricIsServed() throws Exception {
    Path tree = Files.createDirectories(dir.resolve("notes"));
    Files.writeString(
        tree.resolve("espresso.txt"), "Espresso is brewed under pressure. ".repeat(5));
    String key = "ops-key-for-the-test";
    Path yaml = dir.resolve("vectorizer.yaml");
    Files.writeString(
        yaml,
        """
        server:
          port: 0
          api_keys:
            - name: ops
              sha256: "%s"
              role: admin
        backup:
          directory: backups
          schedule: "0 3 1 1 *"
        file_watcher:
          watch_paths: ["%s"]
          collection: notes
          debounce_ms: 50
        """
            .formatted(ServerConfig.ApiKey.sha256Hex(key), tree));
    Path data = dir.resolve("data");
    String metrics;
    try (VectorizerService service = VectorizerService.start(data, yaml, null, null)) {
      assertTrue(
          service.notices().stream().anyMatch(n -> n.startsWith("watching ")),
          service.notices().toString());
      assertTrue(
          service.notices().stream().anyMatch(n -> n.startsWith("backups scheduled")),
          service.notices().toString());
      URI base = service.server().uri();
      assertEquals(401, send(base, "GET", "/collections", null, null).statusCode());
      assertEquals(
          201, send(base, "PUT", "/collections/docs", "{\"dimension\":2}", key).statusCode());
      send(
          base,
          "PUT",
          "/collections/docs/points",
          "{\"points\":[{\"id\":\"a\",\"vector\":[1,2]}]}",
          key);
      send(base, "POST", "/collections/docs/search", "{\"vector\":[1,2]}", key);
      HttpResponse<String> backup =
          send(base, "POST", "/backups/create", "{\"collection\":\"docs\"}", key);
      assertEquals(201, backup.statusCode(), backup.body());
      assertTrue(
          Files.isDirectory(dir.resolve("backups")), "the backup directory of the YAML file");
      String name = new ObjectMapper().readTree(backup.body()).get("name").asText();
      assertEquals(
          200,
          send(
                  base,
                  "POST",
                  "/api/backups/restore",
                  "{\"backup\":\"" + name + "\",\"collection\":\"copy\"}",
                  key)
              .statusCode());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      do {
        metrics = send(base, "GET", "/metrics", null, key).body();
        Thread.sleep(50);
      } while (!metrics.contains("vectorizer_watch_events_total{type=\"indexed\"}")
          && System.nanoTime() < deadline);
    }

    JsonNode dashboard =
        new ObjectMapper()
            .readTree(
                DeploymentFilesTest.ROOT
                    .resolve("deploy/grafana/vectorizer-dashboard.json")
                    .toFile());
    Set<String> queried = new TreeSet<>();
    Matcher m = Pattern.compile("vectorizer_[a-z_]+").matcher(dashboard.toString());
    while (m.find()) {
      queried.add(m.group());
    }
    assertTrue(queried.size() > 15, queried.toString());
    for (String name : queried) {
      assertTrue(
          Pattern.compile("(?m)^" + name + "[{ ]").matcher(metrics).find(),
          name + " is queried by the dashboard but not served:\n" + metrics);
    }

    CliRunner cli = new CliRunner(data);
    String[] tail = cli.expect(0, "audit", "tail", "-n", "3");
    String[] lines = tail[0].split("\n");
    assertEquals(3, lines.length, tail[0]);
    assertTrue(lines[2].contains("\"route\":\"/api/backups/restore\""), lines[2]);
    assertTrue(lines[0].contains("\"key\":\"ops\""), lines[0]);
    assertEquals(2, new CliRunner(dir.resolve("empty")).run("audit", "tail", "-n", "0").code());
    assertEquals(1, new CliRunner(dir.resolve("empty")).run("audit", "tail").code());
  }
}
