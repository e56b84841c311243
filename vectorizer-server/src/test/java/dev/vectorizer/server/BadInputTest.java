package dev.vectorizer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.server.TestServer.Res;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests get the right status and a message naming the bad value. */
class BadInputTest {
  @TempDir Path dir;
  TestServer s;

  @BeforeEach
  void start() throws Exception {
    s = new TestServer(dir.resolve("data"), limited(Duration.ofSeconds(30)));
    assertEquals(201, s.put("/collections/docs", "{\"dimension\": 3}").status());
  }

  private static ServerConfig limited(Duration timeout) {
    return ServerConfig.builder()
        .maxBodyBytes(64 * 1024)
        .maxBatch(5)
        .maxLimit(100)
        .requestTimeout(timeout)
        .build();
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private void expect(int status, String code, String mustContain, Res r) {
    assertEquals(status, r.status(), r.body());
    assertEquals(code, r.code(), r.body());
    if (mustContain != null) {
      assertTrue(r.error().contains(mustContain), r.error() + " should contain " + mustContain);
    }
  }

  @Test
  void malformedJson() {
    expect(400, "bad_json", null, s.put("/collections/docs/points", "{\"points\": ["));
    expect(400, "bad_json", null, s.post("/collections/docs/search", "{\"vector\":[1,2,3]} x"));
    expect(
        400,
        "bad_json",
        "limit",
        s.post("/collections/docs/search", "{\"vector\":[1,2,3],\"limit\":1,\"limit\":2}"));
    expect(
        400,
        "invalid_argument",
        "must be a JSON object",
        s.post("/collections/docs/search", "[1]"));
    expect(
        400,
        "invalid_argument",
        "unknown field 'limt'",
        s.post("/collections/docs/search", "{\"vector\":[1,2,3],\"limt\":3}"));
    expect(400, "invalid_argument", "'vector' is required", s.post("/collections/docs/search", ""));
    expect(
        400,
        "invalid_argument",
        "'points[0].payload' must be a JSON object",
        s.put(
            "/collections/docs/points",
            "{\"points\":[{\"id\":\"a\",\"vector\":[1,2,3],\"payload\":3}]}"));
    expect(
        400,
        "invalid_argument",
        "null value at 'x'",
        s.put(
            "/collections/docs/points",
            "{\"points\":[{\"id\":\"a\",\"vector\":[1,2,3],\"payload\":{\"x\":null}}]}"));
    expect(
        400,
        "invalid_argument",
        "'dimension' is required",
        s.put("/collections/other", "{\"metric\":\"cosine\"}"));
    expect(
        400,
        "invalid_argument",
        "unknown metric 'hamming'",
        s.put("/collections/other", "{\"dimension\":3,\"metric\":\"hamming\"}"));
    expect(
        400,
        "invalid_argument",
        "unknown embedder 'nope'",
        s.put("/collections/other", "{\"embedder\":\"nope\"}"));
  }

  @Test
  void wrongDimensionNanAndInfinity() {
    expect(
        400,
        "invalid_argument",
        "has 4 components, collection 'docs' has dimension 3",
        s.put("/collections/docs/points", "{\"points\":[{\"id\":\"a\",\"vector\":[1,2,3,4]}]}"));
    expect(
        400,
        "invalid_argument",
        "'vector' has 2 components, collection 'docs' has dimension 3",
        s.post("/collections/docs/search", "{\"vector\":[1,2]}"));
    // NaN is not JSON; as a string it is not a number; 1e40 overflows a float.
    expect(
        400,
        "bad_json",
        null,
        s.put("/collections/docs/points", "{\"points\":[{\"id\":\"a\",\"vector\":[NaN,2,3]}]}"));
    expect(
        400,
        "invalid_argument",
        "'points[0].vector[0]' must be a number, got \"NaN\"",
        s.put(
            "/collections/docs/points", "{\"points\":[{\"id\":\"a\",\"vector\":[\"NaN\",2,3]}]}"));
    expect(
        400,
        "invalid_argument",
        "'vector[2]' is 1.0E40, which is not a finite 32-bit float",
        s.post("/collections/docs/search", "{\"vector\":[1,2,1e40]}"));
    expect(
        400,
        "invalid_argument",
        "'points[0].id' must be a non-empty string",
        s.put("/collections/docs/points", "{\"points\":[{\"id\":\"\",\"vector\":[1,2,3]}]}"));
    // Nothing of a refused batch is applied.
    expect(
        400,
        "invalid_argument",
        "points[1]",
        s.put(
            "/collections/docs/points",
            "{\"points\":[{\"id\":\"ok\",\"vector\":[1,2,3]},{\"id\":\"bad\",\"vector\":[1,2]}]}"));
    assertEquals(0, s.post("/collections/docs/points/count", "{}").json().get("count").asInt());
  }

  @Test
  void limits() {
    StringBuilder six = new StringBuilder("{\"points\":[");
    for (int i = 0; i < 6; i++) {
      six.append(i == 0 ? "" : ",")
          .append("{\"id\":\"p")
          .append(i)
          .append("\",\"vector\":[1,2,3]}");
    }
    six.append("]}");
    expect(
        400,
        "invalid_argument",
        "'points' has 6 items, the limit is 5 (server.max_batch)",
        s.put("/collections/docs/points", six.toString()));
    expect(
        400,
        "invalid_argument",
        "'ids' has 6 items, the limit is 5",
        s.post(
            "/collections/docs/points/delete", "{\"ids\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}"));
    expect(
        400,
        "invalid_argument",
        "'limit' is 2000, must be between 1 and 100 (server.max_limit)",
        s.post("/collections/docs/search", "{\"vector\":[1,2,3],\"limit\":2000}"));
    expect(
        400,
        "invalid_argument",
        "give either 'ids' or 'filter'",
        s.post("/collections/docs/points/delete", "{}"));

    // A body over the limit: 413, with a known length and chunked; the server goes on serving.
    String big = "{\"points\":[" + "1,".repeat(40_000) + "1]}";
    expect(
        413,
        "body_too_large",
        "65536 bytes (server.max_body_size)",
        s.put("/collections/docs/points", big));
    byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
    Res chunked =
        s.send(
            HttpRequest.newBuilder(s.uri("/collections/docs/points"))
                .PUT(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build());
    expect(413, "body_too_large", null, chunked);
    assertEquals(200, s.get("/health").status());
  }

  @Test
  void unknownCollectionsRoutesAndMethods() {
    expect(
        404,
        "collection_not_found",
        "missing",
        s.post("/collections/missing/search", "{\"vector\":[1,2,3]}"));
    expect(404, "collection_not_found", null, s.get("/collections/missing/points/a"));
    expect(
        404, "collection_not_found", null, s.put("/collections/missing/points", "{\"points\":[]}"));
    expect(404, "not_found", "/openapi.json", s.get("/nothing/here"));
    Res wrong = s.send("PATCH", "/collections/docs", "{}", null);
    expect(405, "method_not_allowed", null, wrong);
    assertEquals("DELETE, GET, PUT", wrong.response().headers().firstValue("Allow").orElseThrow());
    expect(400, "invalid_argument", "invalid collection name '..'", s.get("/collections/%2e%2e"));
    expect(
        400,
        "invalid_argument",
        "invalid collection name '.x'",
        s.put("/collections/.x", "{\"dimension\":3}"));
  }

  @Test
  void badFilters() {
    String prefix = "{\"vector\":[1,2,3],\"filter\":";
    expect(
        400,
        "invalid_argument",
        "'filter' must be an object with exactly one of",
        s.post("/collections/docs/search", prefix + "{}}"));
    expect(
        400,
        "invalid_argument",
        "unknown filter 'like'",
        s.post("/collections/docs/search", prefix + "{\"like\":{}}}"));
    expect(
        400,
        "invalid_argument",
        "'filter.and[1].eq.value' must be a string, boolean or number, got an object",
        s.post(
            "/collections/docs/search",
            prefix
                + "{\"and\":[{\"exists\":{\"field\":\"a\"}},{\"eq\":{\"field\":\"a\",\"value\":{}}}]}}"));
    expect(
        400,
        "invalid_argument",
        "'filter.range.gte' must be a finite number",
        s.post(
            "/collections/docs/search",
            prefix + "{\"range\":{\"field\":\"y\",\"gte\":\"2020\"}}}"));
    expect(
        400,
        "invalid_argument",
        "in(\"a\") needs at least one value",
        s.post("/collections/docs/search", prefix + "{\"in\":{\"field\":\"a\",\"values\":[]}}}"));
    expect(
        400,
        "invalid_argument",
        "unknown field 'filter.eq.feld'",
        s.post("/collections/docs/search", prefix + "{\"eq\":{\"feld\":\"a\",\"value\":1}}}"));
    String deep = "{\"not\":".repeat(35) + "{\"exists\":{\"field\":\"a\"}}" + "}".repeat(35);
    expect(
        400,
        "invalid_argument",
        "deeper than",
        s.post("/collections/docs/search", prefix + deep + "}"));
  }

  @Test
  void backupNamesThatArePathsAreRefused() throws Exception {
    s.put("/collections/docs/points", "{\"points\":[{\"id\":\"a\",\"vector\":[1,2,3]}]}");
    Files.writeString(s.data.resolve("outside.tar.gz"), "not a backup");
    for (String name :
        List.of(
            "../outside.tar.gz",
            "../../etc/passwd",
            "/etc/passwd",
            "a/b.tar.gz",
            "..\\outside.tar.gz",
            "..",
            ".hidden.tar.gz",
            "x\u0000.tar.gz")) {
      String json = TestServer.JSON.writeValueAsString(name);
      expect(
          400, "invalid_backup_name", null, s.post("/backups/verify", "{\"backup\":" + json + "}"));
      expect(
          400,
          "invalid_backup_name",
          null,
          s.post("/api/backups/restore", "{\"backup\":" + json + ",\"collection\":\"c\"}"));
    }
    expect(
        404,
        "backup_not_found",
        "no backup named 'missing.tar.gz'",
        s.post("/backups/verify", "{\"backup\":\"missing.tar.gz\"}"));
    Files.createDirectories(s.data.resolve("backups"));
    Files.writeString(s.data.resolve("backups").resolve("junk.tar.gz"), "not a backup");
    expect(422, "backup_invalid", null, s.post("/backups/verify", "{\"backup\":\"junk.tar.gz\"}"));
    expect(
        409,
        "no_parent_backup",
        "create a full one first",
        s.post("/backups/create", "{\"collection\":\"docs\",\"incremental\":true}"));
    expect(
        404, "collection_not_found", null, s.post("/backups/create", "{\"collection\":\"nope\"}"));
    // A damaged backup is refused by verify and restore, and nothing live changes.
    Res full = s.post("/backups/create", "{\"collection\":\"docs\"}");
    Path archive = s.data.resolve("backups").resolve(full.json().get("name").asText());
    byte[] b = Files.readAllBytes(archive);
    b[b.length / 2] ^= 0x40;
    Files.write(archive, b);
    String name = archive.getFileName().toString();
    expect(422, "backup_invalid", name, s.post("/backups/verify", "{\"backup\":\"" + name + "\"}"));
    expect(
        422,
        "backup_invalid",
        null,
        s.post("/backups/restore", "{\"backup\":\"" + name + "\",\"force\":true}"));
    assertEquals(1, s.post("/collections/docs/points/count", "{}").json().get("count").asInt());
  }

  @Test
  void slowOperationsTimeOut() throws Exception {
    // The "sleepy" embedder (test services) blocks each text until released; the timeout is 1 s.
    s.close();
    s = new TestServer(dir.resolve("data"), limited(Duration.ofSeconds(1)));
    SleepyEmbedderFactory.block();
    try {
      assertEquals(201, s.put("/collections/slow", "{\"embedder\":\"sleepy\"}").status());
      Res r =
          s.post(
              "/collections/slow/documents",
              "{\"documents\":[{\"id\":\"a\",\"text\":\"some words to embed\"}]}");
      expect(503, "timeout", "server.request_timeout_seconds", r);
      assertEquals("1", r.response().headers().firstValue("Retry-After").orElseThrow());
    } finally {
      SleepyEmbedderFactory.release();
    }
  }
}
