package dev.vectorizer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vectorizer.server.ServerConfig.ApiKey;
import dev.vectorizer.server.ServerConfig.Role;
import dev.vectorizer.server.TestServer.Res;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles x tenants x routes, tenant isolation, and what the audit log records. */
class AuthMatrixTest {
  @TempDir Path dir;

  /** A key in clear, as a client holds it, and what the server knows of it. */
  record Key(String secret, ApiKey entry) {}

  static final List<Key> KEYS =
      List.of(
          key("ops", Role.ADMIN, null),
          key("writer", Role.WRITE, null),
          key("reader", Role.READ, null),
          key("acme-admin", Role.ADMIN, "acme"),
          key("acme-app", Role.WRITE, "acme"),
          key("acme-viewer", Role.READ, "acme"),
          key("beta-admin", Role.ADMIN, "beta"));

  static Key key(String name, Role role, String tenant) {
    String secret = "vzk-" + name + "-" + Integer.toHexString(name.hashCode()) + "-secret";
    return new Key(secret, ApiKey.of(name, secret, role, tenant));
  }

  static Key named(String name) {
    return KEYS.stream().filter(k -> k.entry().name().equals(name)).findFirst().orElseThrow();
  }

  private TestServer start() throws Exception {
    return new TestServer(
        dir.resolve("data"),
        ServerConfig.defaults().withApiKeys(KEYS.stream().map(Key::entry).toList()));
  }

  private static Res call(TestServer s, String method, String path, String body, Key k, int i) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(s.uri(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (k != null) {
      // Both ways of sending a key are accepted.
      if (i % 2 == 0) {
        b.header("Authorization", "Bearer " + k.secret());
      } else {
        b.header("X-API-Key", k.secret());
      }
    }
    return s.send(b.build());
  }

  @Test
  void everyRouteWithEveryKind() throws Exception {
    try (TestServer s = start()) {
      JsonNode paths =
          s.send("GET", "/openapi.json", null, named("reader").secret()).json().get("paths");
      int checked = 0;
      for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        String path = p.getKey().replace("{name}", "docs").replace("{id}", "p1");
        for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
          Map.Entry<String, JsonNode> op = ops.next();
          if (op.getKey().equals("parameters")) {
            continue;
          }
          String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
          String role = op.getValue().get("x-vectorizer-role").asText();
          String access = op.getValue().get("x-vectorizer-access").asText();
          String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
          String what = method + " " + path;
          List<Key> callers = new ArrayList<>(KEYS);
          callers.add(null); // no key
          callers.add(new Key("not-a-key", null)); // a wrong key
          for (int i = 0; i < callers.size(); i++) {
            Key k = callers.get(i);
            Res r = call(s, method, path, body, k, i);
            String who =
                k == null ? "no key" : k.entry() == null ? "a wrong key" : k.entry().name();
            int expected;
            if (access.equals("public")) {
              expected = 0; // anything but 401/403
            } else if (k == null || k.entry() == null) {
              expected = 401;
            } else if (!k.entry()
                .role()
                .allows(Role.valueOf(role.toUpperCase(java.util.Locale.ROOT)))) {
              expected = 403;
            } else if (access.equals("global_key") && k.entry().tenant() != null) {
              expected = 403;
            } else {
              expected = 0;
            }
            if (expected == 0) {
              assertNotEquals(401, r.status(), what + " with " + who + ": " + r.body());
              assertNotEquals(403, r.status(), what + " with " + who + ": " + r.body());
            } else {
              assertEquals(expected, r.status(), what + " with " + who + ": " + r.body());
              assertEquals(expected == 401 ? "unauthorized" : "forbidden", r.code());
            }
            checked++;
          }
        }
      }
      assertTrue(checked > 200, "checked " + checked);

      // The audit log has the refusals and the writes, and never a key.
      String audit = Files.readString(s.data.resolve("audit.jsonl"));
      for (Key k : KEYS) {
        assertFalse(audit.contains(k.secret()), "the audit log holds a key");
      }
      assertFalse(audit.contains("not-a-key"));
      List<JsonNode> records = new ArrayList<>();
      for (String line : audit.split("\n")) {
        records.add(TestServer.JSON.readTree(line));
      }
      assertTrue(
          records.stream()
              .anyMatch(r -> r.get("status").asInt() == 401 && r.get("key").asText().equals("-")));
      assertTrue(
          records.stream()
              .anyMatch(
                  r -> r.get("status").asInt() == 403 && r.get("key").asText().equals("reader")));
      assertTrue(
          records.stream()
              .anyMatch(
                  r ->
                      r.get("route").asText().equals("/collections/{name}")
                          && r.get("method").asText().equals("PUT")
                          && r.get("key").asText().equals("acme-admin")
                          && r.get("tenant").asText().equals("acme")
                          && r.get("collection").asText().equals("docs")));
      for (JsonNode r : records) {
        for (String field :
            List.of("time", "key", "method", "route", "status", "request_id", "duration_ms")) {
          assertTrue(r.hasNonNull(field), field + " missing in " + r);
        }
      }
    }
  }

  @Test
  void tenantsSeeOnlyTheirCollections() throws Exception {
    try (TestServer s = start()) {
      String acme = named("acme-admin").secret();
      String acmeApp = named("acme-app").secret();
      String beta = named("beta-admin").secret();
      String ops = named("ops").secret();

      Res missingBefore = s.send("GET", "/collections/docs", null, beta);
      assertEquals(201, s.send("PUT", "/collections/docs", "{\"dimension\":3}", acme).status());
      assertEquals(
          200,
          s.send(
                  "PUT",
                  "/collections/docs/points",
                  "{\"points\":[{\"id\":\"p1\",\"vector\":[0.918273,0.5,0.75],\"payload\":{\"secret\":\"s3cr3t-payload\"}}]}",
                  acmeApp)
              .status());

      // Another tenant's collection is exactly as missing as one that does not exist.
      Res missingAfter = s.send("GET", "/collections/docs", null, beta);
      assertEquals(404, missingAfter.status());
      assertEquals(missingBefore.body(), missingAfter.body());
      assertEquals(
          404, s.send("POST", "/collections/docs/search", "{\"vector\":[1,2,3]}", beta).status());
      assertEquals(404, s.send("GET", "/collections/docs/points/p1", null, beta).status());
      assertEquals(404, s.send("DELETE", "/collections/docs", null, beta).status());
      assertEquals(
          "[]", s.send("GET", "/collections", null, beta).json().get("collections").toString());
      // The tenant sees its short names; a key without a tenant sees the store's names.
      assertEquals(
          "docs",
          s.send("GET", "/collections", null, acme)
              .json()
              .get("collections")
              .get(0)
              .get("name")
              .asText());
      assertEquals(
          "acme__docs",
          s.send("GET", "/collections", null, ops)
              .json()
              .get("collections")
              .get(0)
              .get("name")
              .asText());
      assertEquals(
          1,
          s.send("POST", "/collections/acme__docs/points/count", "{}", ops)
              .json()
              .get("count")
              .asInt());
      // A tenant cannot reach outside its namespace by naming the prefix.
      assertEquals(404, s.send("GET", "/collections/acme__docs", null, acme).status());
      // Messages never show the prefix.
      Res wrong = s.send("POST", "/collections/docs/search", "{\"vector\":[1,2]}", acme);
      assertEquals(400, wrong.status());
      assertFalse(wrong.body().contains("acme__"), wrong.body());
      Res exists = s.send("PUT", "/collections/docs", "{\"dimension\":3}", acme);
      assertEquals(409, exists.status());
      assertFalse(exists.body().contains("acme__"), exists.body());
      // Tenant keys get no metrics (they name every collection).
      assertEquals(403, s.send("GET", "/metrics", null, acme).status());
      assertEquals(200, s.send("GET", "/metrics", null, ops).status());

      // Backups follow the same rules.
      Res backup = s.send("POST", "/backups/create", "{\"collection\":\"docs\"}", acme);
      assertEquals(201, backup.status(), backup.body());
      String name = backup.json().get("name").asText();
      assertTrue(name.startsWith("docs-"), name);
      assertEquals("docs", backup.json().get("collection").asText());
      assertEquals("[]", s.send("GET", "/backups", null, beta).json().get("backups").toString());
      assertEquals(
          "backup_not_found",
          s.send("POST", "/backups/verify", "{\"backup\":\"" + name + "\"}", beta).code());
      assertEquals(
          200, s.send("POST", "/backups/verify", "{\"backup\":\"" + name + "\"}", acme).status());
      assertTrue(
          s.send("GET", "/backups", null, ops).body().contains("\"name\":\"acme__" + name + "\""));
      Res restored =
          s.send(
              "POST",
              "/backups/restore",
              "{\"backup\":\"" + name + "\",\"collection\":\"copy\"}",
              acme);
      assertEquals(200, restored.status(), restored.body());
      assertEquals("copy", restored.json().get("collection").asText());
      assertTrue(s.store.hasCollection("acme__copy"));

      String audit = Files.readString(s.data.resolve("audit.jsonl"));
      assertFalse(audit.contains("0.918273"), "the audit log holds a vector");
      assertFalse(audit.contains("s3cr3t"), "the audit log holds a payload");
    }
  }

  @Test
  void withoutKeysTheServerStaysOnLoopback() throws Exception {
    try (TestServer s =
        new TestServer(dir.resolve("data"), ServerConfig.defaults().withHost("0.0.0.0"))) {
      assertTrue(s.server.loopbackForced());
      assertTrue(s.server.address().getAddress().isLoopbackAddress());
      assertEquals(200, s.get("/collections").status());
    }
  }
}
