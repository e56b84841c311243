package dev.vectorizer.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorizer.VectorStore;
import dev.vectorizer.server.ServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps /openapi.json true: the same operations as the route table, with the same roles, access
 * rules and body fields (and the nested point, document and filter fields the parsers accept).
 */
class OpenApiTest {
  @TempDir Path dir;

  private static JsonNode doc() throws Exception {
    try (InputStream in =
        OpenApiTest.class.getResourceAsStream("/dev/vectorizer/server/openapi.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static JsonNode schema(JsonNode doc, JsonNode s) {
    if (s.has("$ref")) {
      String name = s.get("$ref").asText().substring("#/components/schemas/".length());
      JsonNode found = doc.get("components").get("schemas").get(name);
      assertNotNull(found, "missing schema " + name);
      return found;
    }
    return s;
  }

  private static Set<String> properties(JsonNode schema) {
    Set<String> out = new TreeSet<>();
    schema.get("properties").fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void describesExactlyTheRouteTable() throws Exception {
    JsonNode doc = doc();
    try (VectorStore store = VectorStore.inMemory();
        Dispatcher d =
            new Dispatcher(
                store,
                ServerConfig.defaults(),
                null,
                dir,
                new SimpleMeterRegistry(),
                Clock.systemUTC())) {
      Set<String> documented = new HashSet<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        p.getValue()
            .fieldNames()
            .forEachRemaining(
                m -> {
                  if (!m.equals("parameters")) {
                    documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
                  }
                });
      }
      Set<String> served = new HashSet<>();
      for (Route r : d.routes()) {
        String what = r.method() + " " + r.template();
        served.add(what);
        JsonNode op = doc.get("paths").get(r.template()).get(r.method().toLowerCase(Locale.ROOT));
        assertNotNull(op, what + " is not documented");
        String access = r.access().name().toLowerCase(Locale.ROOT);
        assertEquals(access, op.get("x-vectorizer-access").asText(), what);
        assertEquals(
            r.role() == null ? "public" : r.role().name().toLowerCase(Locale.ROOT),
            op.get("x-vectorizer-role").asText(),
            what);
        if (r.access() == Route.Access.PUBLIC) {
          assertEquals(0, op.get("security").size(), what + " must need no key");
        } else {
          assertNull(op.get("security"), what + " must need a key");
          assertNotNull(op.get("responses").get("401"), what + " documents 401");
        }
        JsonNode body = op.get("requestBody");
        if (r.bodyFields().isEmpty()) {
          assertNull(body, what + " takes no body");
        } else {
          assertNotNull(body, what + " documents its body");
          JsonNode s = schema(doc, body.get("content").get("application/json").get("schema"));
          assertEquals(new TreeSet<>(r.bodyFields()), properties(s), what + " body fields");
          assertEquals(false, s.get("additionalProperties").asBoolean(true), what);
        }
      }
      assertEquals(served, documented);
    }
    JsonNode schemas = doc.get("components").get("schemas");
    assertEquals(new TreeSet<>(PointRoutes.POINT_FIELDS), properties(schemas.get("Point")));
    assertEquals(
        new TreeSet<>(CollectionRoutes.DOCUMENT_FIELDS), properties(schemas.get("Document")));
    assertEquals(
        Set.of("and", "or", "not", "eq", "in", "range", "exists", "contains"),
        properties(schemas.get("Filter")));
    JsonNode filter = schemas.get("Filter");
    // The documented example parses.
    assertNotNull(FilterJson.parse(filter.get("example"), "filter"));
    assertEquals(Set.of("field", "value"), properties(filter.get("properties").get("eq")));
    assertEquals(Set.of("field", "values"), properties(filter.get("properties").get("in")));
    assertEquals(
        Set.of("field", "gt", "gte", "lt", "lte"),
        properties(filter.get("properties").get("range")));
    assertEquals(Set.of("field", "text"), properties(filter.get("properties").get("contains")));
    assertTrue(doc.get("paths").has("/api/backups/restore"));
  }
}
