package dev.vectorizer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vectorizer.server.TestServer.Res;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route over real HTTP, as a user would call them (docs/server.md's walk-through). */
class RoutesTest {
  @TempDir Path dir;

  private static String points(int from, int to) {
    List<String> p = new ArrayList<>();
    for (int i = from; i < to; i++) {
      p.add(
          String.format(
              Locale.ROOT,
              "{\"id\":\"p%d\",\"vector\":[%d,1,0.5],\"payload\":{\"i\":%d,\"lang\":\"%s\",\"tags\":[\"t%d\"]}}",
              i,
              i,
              i,
              i % 2 == 0 ? "en" : "de",
              i % 3));
    }
    return "{\"points\":[" + String.join(",", p) + "]}";
  }

  @Test
  void collectionsPointsAndSearch() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"))) {
      assertEquals(200, s.get("/health").status());
      assertEquals("ready", s.get("/ready").json().get("status").asText());

      Res created = s.put("/collections/docs", "{\"dimension\": 3, \"metric\": \"euclidean\"}");
      assertEquals(201, created.status(), created.body());
      assertEquals("euclidean", created.json().get("metric").asText());
      assertEquals(409, s.put("/collections/docs", "{\"dimension\": 3}").status());

      Res list = s.get("/collections");
      assertEquals("docs", list.json().get("collections").get(0).get("name").asText());

      Res up = s.put("/collections/docs/points", points(0, 20));
      assertEquals(200, up.status(), up.body());
      assertEquals(20, up.json().get("upserted").asInt());

      Res point = s.get("/collections/docs/points/p7");
      assertEquals(200, point.status());
      assertEquals(7.0, point.json().get("vector").get(0).asDouble());
      assertEquals("de", point.json().get("payload").get("lang").asText());
      assertEquals("point_not_found", s.get("/collections/docs/points/nope").code());

      // An id with a slash and spaces travels percent-encoded.
      s.put(
          "/collections/docs/points", "{\"points\":[{\"id\":\"a/b c\",\"vector\":[100,100,100]}]}");
      assertEquals("a/b c", s.get("/collections/docs/points/a%2Fb%20c").json().get("id").asText());

      Res search =
          s.post(
              "/collections/docs/search",
              "{\"vector\":[3,1,0.5],\"limit\":3,\"filter\":{\"eq\":{\"field\":\"lang\",\"value\":\"de\"}}}");
      assertEquals(200, search.status(), search.body());
      JsonNode hits = search.json().get("hits");
      assertEquals(3, hits.size());
      assertEquals("p3", hits.get(0).get("id").asText());
      assertEquals(0.0, hits.get(0).get("score").asDouble(), 1e-6);
      assertEquals("de", hits.get(0).get("payload").get("lang").asText());
      assertFalse(hits.get(0).has("vector"));

      Res exact =
          s.post(
              "/collections/docs/search",
              "{\"vector\":[3,1,0.5],\"limit\":2,\"exact\":true,\"with_payload\":false,"
                  + "\"with_vector\":true,\"beam_width\":50,\"score_threshold\":5}");
      assertEquals(200, exact.status(), exact.body());
      assertFalse(exact.json().get("hits").get(0).has("payload"));
      assertEquals(3, exact.json().get("hits").get(0).get("vector").size());

      Res ranged =
          s.post(
              "/collections/docs/points/count",
              "{\"filter\":{\"and\":[{\"range\":{\"field\":\"i\",\"gte\":5,\"lt\":10}},"
                  + "{\"not\":{\"in\":{\"field\":\"tags\",\"values\":[\"t0\"]}}}]}}");
      assertEquals(3, ranged.json().get("count").asInt(), ranged.body()); // 5, 7, 8
      assertEquals(21, s.post("/collections/docs/points/count", "").json().get("count").asInt());
      assertEquals(
          1,
          s.post(
                  "/collections/docs/points/count",
                  "{\"filter\":{\"or\":[{\"contains\":{\"field\":\"lang\",\"text\":\"nothing\"}},"
                      + "{\"not\":{\"exists\":{\"field\":\"i\"}}}]}}")
              .json()
              .get("count")
              .asInt());

      Res del = s.post("/collections/docs/points/delete", "{\"ids\":[\"p0\",\"p1\",\"zz\"]}");
      assertEquals(2, del.json().get("deleted").asInt());
      Res delf =
          s.post(
              "/collections/docs/points/delete",
              "{\"filter\":{\"eq\":{\"field\":\"lang\",\"value\":\"en\"}}}");
      assertEquals(9, delf.json().get("deleted").asInt()); // 2, 4, ..., 18
      assertEquals(10, s.post("/collections/docs/points/count", "{}").json().get("count").asInt());

      Res info = s.get("/collections/docs");
      assertEquals(10, info.json().get("points").asInt());
      assertEquals(3, info.json().get("dimension").asInt());

      assertEquals(200, s.delete("/collections/docs").status());
      assertEquals("collection_not_found", s.get("/collections/docs").code());
      assertEquals(404, s.delete("/collections/docs").status());
    }
  }

  @Test
  void textCollections() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"))) {
      Res created = s.put("/collections/notes", "{\"embedder\": \"hashing\"}");
      assertEquals(201, created.status(), created.body());
      assertTrue(created.json().get("embedder").asText().startsWith("hashing"));
      Res docs =
          s.post(
              "/collections/notes/documents",
              "{\"documents\":["
                  + "{\"id\":\"espresso.md\",\"text\":\"Espresso is brewed by forcing hot water"
                  + " through finely ground coffee.\",\"metadata\":{\"topic\":\"coffee\"}},"
                  + "{\"id\":\"tea.md\",\"text\":\"Green tea is steeped in water below"
                  + " boiling.\",\"metadata\":{\"topic\":\"tea\"}}]}");
      assertEquals(200, docs.status(), docs.body());
      assertEquals(2, docs.json().get("documents").asInt());
      Res q = s.post("/collections/notes/query", "{\"text\":\"espresso coffee\",\"limit\":1}");
      assertEquals(200, q.status(), q.body());
      JsonNode hit = q.json().get("hits").get(0);
      assertEquals("espresso.md", hit.get("id").asText());
      assertEquals("coffee", hit.get("metadata").get("topic").asText());
      Res filtered =
          s.post(
              "/collections/notes/query",
              "{\"text\":\"espresso coffee\",\"group\":true,"
                  + "\"filter\":{\"eq\":{\"field\":\"topic\",\"value\":\"tea\"}}}");
      assertEquals("tea.md", filtered.json().get("hits").get(0).get("id").asText());

      s.put("/collections/vectors", "{\"dimension\": 2}");
      assertEquals(
          "not_a_text_collection", s.post("/collections/vectors/query", "{\"text\":\"x\"}").code());
    }
  }

  @Test
  void textQueriesInEveryModeAndFusion() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"))) {
      Res created = s.put("/collections/man", "{\"embedder\": \"hashing\"}");
      assertEquals("english", created.json().get("analyzer").asText(), created.body());
      s.post(
          "/collections/man/documents",
          "{\"documents\":["
              + "{\"id\":\"xargs\",\"text\":\"xargs runs commands; --max-procs=N runs N at a"
              + " time.\"},"
              + "{\"id\":\"gzip\",\"text\":\"gzip exits with ERR_4012 when the input is"
              + " damaged.\"},"
              + "{\"id\":\"cron\",\"text\":\"cron runs scheduled jobs every night.\"}]}");
      Res keyword =
          s.post("/collections/man/query", "{\"text\":\"ERR_4012\",\"mode\":\"keyword\"}");
      assertEquals(200, keyword.status(), keyword.body());
      assertEquals(1, keyword.json().get("hits").size(), "only the chunk with the token");
      JsonNode k = keyword.json().get("hits").get(0);
      assertEquals("gzip", k.get("id").asText());
      assertEquals(1, k.get("keyword").get("rank").asInt());
      assertTrue(k.get("dense").isNull(), k.toString());
      for (String fusion : List.of("rrf", "dbsf", "weighted")) {
        String body =
            "{\"text\":\"--max-procs\",\"mode\":\"hybrid\",\"fusion\":\""
                + fusion
                + "\",\"weights\":[0.3,0.7],\"limit\":3}";
        Res hybrid = s.post("/collections/man/query", body);
        assertEquals(200, hybrid.status(), hybrid.body());
        JsonNode first = hybrid.json().get("hits").get(0);
        assertEquals("xargs", first.get("id").asText(), fusion + ": " + hybrid.body());
        assertEquals(1, first.get("keyword").get("rank").asInt(), hybrid.body());
        assertTrue(first.get("dense").get("rank").asInt() >= 1, hybrid.body());
      }
      Res rrf =
          s.post(
              "/collections/man/query",
              "{\"text\":\"scheduled jobs\",\"fusion\":\"rrf\",\"rank_constant\":10}");
      assertEquals("cron", rrf.json().get("hits").get(0).get("id").asText(), rrf.body());
      Res dense = s.post("/collections/man/query", "{\"text\":\"the of and\",\"mode\":\"hybrid\"}");
      assertEquals(3, dense.json().get("hits").size(), "stop words only: the dense hits");

      Res mode = s.post("/collections/man/query", "{\"text\":\"x\",\"mode\":\"semantic\"}");
      assertEquals(400, mode.status());
      assertTrue(mode.body().contains("dense, keyword, hybrid"), mode.body());
      Res fusion = s.post("/collections/man/query", "{\"text\":\"x\",\"fusion\":\"borda\"}");
      assertTrue(fusion.body().contains("rrf, dbsf, weighted"), fusion.body());
      Res negative = s.post("/collections/man/query", "{\"text\":\"x\",\"weights\":[0.7,-0.3]}");
      assertEquals(400, negative.status());
      assertTrue(negative.body().contains("-0.3"), negative.body());
      Res three = s.post("/collections/man/query", "{\"text\":\"x\",\"weights\":[1,1,1]}");
      assertTrue(three.body().contains("two numbers"), three.body());
      Res constant =
          s.post(
              "/collections/man/query", "{\"text\":\"x\",\"fusion\":\"dbsf\",\"rank_constant\":5}");
      assertEquals(400, constant.status(), constant.body());

      s.put("/collections/plain", "{\"dimension\": 3}");
      Res analyzer = s.put("/collections/bad", "{\"dimension\": 3, \"analyzer\": \"english\"}");
      assertEquals(400, analyzer.status(), analyzer.body());
      Res klingon =
          s.put("/collections/bad", "{\"embedder\": \"hashing\", \"analyzer\": \"klingon\"}");
      assertTrue(klingon.body().contains("as-written"), klingon.body());
    }
  }

  @Test
  void backupsAtBothPrefixes() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"))) {
      s.put("/collections/docs", "{\"dimension\": 3}");
      s.put("/collections/docs/points", points(1, 50));
      for (String prefix : List.of("/backups", "/api/backups")) {
        Res full = s.post(prefix + "/create", "{\"collection\":\"docs\"}");
        assertEquals(201, full.status(), full.body());
        assertEquals("full", full.json().get("type").asText());
        s.put("/collections/docs/points", points(50, 60));
        Res inc = s.post(prefix + "/create", "{\"collection\":\"docs\",\"incremental\":true}");
        assertEquals(201, inc.status(), inc.body());
        assertEquals(full.json().get("id").asText(), inc.json().get("parent").asText());
        String name = inc.json().get("name").asText();
        assertTrue(Files.isRegularFile(s.data.resolve("backups").resolve(name)), name);

        Res listed = s.get(prefix);
        assertTrue(listed.body().contains(name), listed.body());

        Res verified = s.post(prefix + "/verify", "{\"backup\":\"" + name + "\"}");
        assertEquals(200, verified.status(), verified.body());
        assertEquals(2, verified.json().get("chain").size());

        Res restored =
            s.post(
                prefix + "/restore",
                "{\"backup\":\"" + name + "\",\"collection\":\"copy\",\"force\":true}");
        assertEquals(200, restored.status(), restored.body());
        assertEquals(59, restored.json().get("points").asInt());
        assertEquals(
            59, s.post("/collections/copy/points/count", "{}").json().get("count").asInt());
        Res again =
            s.post(prefix + "/restore", "{\"backup\":\"" + name + "\",\"collection\":\"copy\"}");
        assertEquals(409, again.status());
        assertEquals("collection_exists", again.code());
      }
    }
  }

  @Test
  void operationsRoutes() throws Exception {
    try (TestServer s = new TestServer(dir.resolve("data"))) {
      s.put("/collections/docs", "{\"dimension\": 3}");
      s.put("/collections/docs/points", points(0, 5));
      s.post("/collections/docs/search", "{\"vector\":[1,1,1]}");
      Res metrics = s.get("/metrics");
      assertEquals(200, metrics.status());
      assertTrue(
          metrics
              .response()
              .headers()
              .firstValue("Content-Type")
              .orElse("")
              .startsWith("text/plain"));
      assertTrue(metrics.body().contains("vectorizer_collection_points{collection=\"docs\"} 5"));
      assertTrue(metrics.body().contains("vectorizer_search_seconds_count{collection=\"docs\"} 1"));
      assertTrue(
          metrics
              .body()
              .contains(
                  "vectorizer_http_server_requests_seconds_count{method=\"PUT\",route=\"/collections/{name}/points\",status=\"200\"} 1"),
          metrics.body());
      Res api = s.get("/openapi.json");
      assertEquals("3.0.3", api.json().get("openapi").asText());
      assertNotNull(api.response().headers().firstValue("X-Request-Id").orElse(null));
      Res echoed =
          s.send(
              java.net.http.HttpRequest.newBuilder(s.uri("/health"))
                  .header("X-Request-Id", "trace-42")
                  .build());
      assertEquals(
          "trace-42", echoed.response().headers().firstValue("X-Request-Id").orElseThrow());
    }
  }
}
