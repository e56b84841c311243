package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorizer.Embedder;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code vectorizer --data DIR mcp} child process, driven by the MCP Java SDK's own client
 * over stdio: initialize, tools/list (every input schema is a valid JSON Schema and accepts the
 * arguments used below), and tools/call of every tool, including bad arguments, which must give an
 * error result and change nothing.
 */
class McpServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DefaultJsonSchemaValidator SCHEMAS = new DefaultJsonSchemaValidator();

  @TempDir Path dir;
  private McpSyncClient client;
  private final Map<String, Map<String, Object>> schemas = new HashMap<>();

  @BeforeEach
  void start() {
    String java = ProcessHandle.current().info().command().orElse("java");
    ServerParameters params =
        ServerParameters.builder(java)
            .args(
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--data",
                dir.resolve("data").toString(),
                "mcp",
                "--backup-dir",
                dir.resolve("backups").toString())
            .build();
    StdioClientTransport transport =
        new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
    client =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(60))
            .build();
    McpSchema.InitializeResult init = client.initialize();
    assertEquals("vectorizer", init.serverInfo().name());
    for (McpSchema.Tool tool : client.listTools().tools()) {
      schemas.put(tool.name(), JSON.convertValue(tool.inputSchema(), Map.class));
    }
  }

  @AfterEach
  void stop() {
    client.closeGracefully();
  }

  /** Calls a tool whose arguments must match its schema. */
  private Map<String, Object> ok(String tool, Map<String, Object> args) throws Exception {
    var check = SCHEMAS.validate(schemas.get(tool), args);
    assertTrue(check.valid(), tool + " " + args + ": " + check.errorMessage());
    McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
    String text = ((McpSchema.TextContent) r.content().get(0)).text();
    assertFalse(Boolean.TRUE.equals(r.isError()), tool + " failed: " + text);
    return JSON.readValue(text, Map.class);
  }

  /** Calls a tool and expects an error result whose message contains {@code expected}. */
  private void error(String tool, Map<String, Object> args, String expected) {
    McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
    String text = ((McpSchema.TextContent) r.content().get(0)).text();
    assertTrue(Boolean.TRUE.equals(r.isError()), tool + " should fail: " + text);
    assertTrue(text.contains(expected), text);
  }

  private int points(String collection) throws Exception {
    return ((Number) ok("collection_info", Map.of("name", collection)).get("points")).intValue();
  }

  @Test
  void everyToolIsListedWithAValidSchema() {
    assertEquals(
        Set.of(
            "list_collections",
            "create_collection",
            "collection_info",
            "drop_collection",
            "upsert_text",
            "query_text",
            "search_vectors",
            "delete_points",
            "backup_create",
            "backup_list",
            "backup_verify",
            "backup_restore"),
        schemas.keySet());
    schemas.forEach(
        (name, schema) -> {
          var valid = SCHEMAS.validateSchema(schema);
          assertTrue(valid.valid(), name + ": " + valid.errorMessage());
        });
    // The schemas mean something: a missing required argument does not validate.
    assertFalse(SCHEMAS.validate(schemas.get("query_text"), Map.of("query", "x")).valid());
    assertFalse(
        SCHEMAS
            .validate(schemas.get("drop_collection"), Map.of("name", "x", "confirm", false))
            .valid());
  }

  @Test
  void textsVectorsDeletesAndBackupsRoundTrip() throws Exception {
    ok("create_collection", Map.of("name", "notes", "embedder", "hashing"));
    Map<String, Object> upserted =
        ok(
            "upsert_text",
            Map.of(
                "collection",
                "notes",
                "documents",
                List.of(
                    Map.of(
                        "id",
                        "espresso.md",
                        "text",
                        "Espresso is brewed by forcing hot water through ground coffee.",
                        "metadata",
                        Map.of("topic", "coffee", "year", 2024)),
                    Map.of(
                        "id",
                        "tea.md",
                        "text",
                        "Green tea is steeped below boiling.",
                        "metadata",
                        Map.of("topic", "tea", "year", 2019)))));
    assertEquals(2, upserted.get("documents"));

    List<Map<String, Object>> hits =
        hits(ok("query_text", Map.of("collection", "notes", "query", "how is espresso brewed")));
    assertEquals("espresso.md", hits.get(0).get("id"));
    hits =
        hits(
            ok(
                "query_text",
                Map.of(
                    "collection",
                    "notes",
                    "query",
                    "how is espresso brewed",
                    "filter",
                    Map.of("field", "year", "lt", 2020))));
    assertEquals(List.of("tea.md"), ids(hits));
    hits =
        hits(
            ok(
                "query_text",
                Map.of("collection", "notes", "query", "espresso", "mode", "keyword")));
    assertEquals(List.of("espresso.md"), ids(hits), "keyword: only the text with the word");
    assertEquals(1, hits.get(0).get("keyword_rank"));
    assertFalse(hits.get(0).containsKey("dense_rank"), hits.get(0).toString());
    hits =
        hits(
            ok(
                "query_text",
                Map.of(
                    "collection",
                    "notes",
                    "query",
                    "green tea",
                    "mode",
                    "hybrid",
                    "fusion",
                    "rrf")));
    assertEquals("tea.md", hits.get(0).get("id"));
    assertEquals(1, hits.get(0).get("keyword_rank"));
    assertTrue(hits.get(0).containsKey("dense_rank"), hits.get(0).toString());
    error(
        "query_text",
        Map.of("collection", "notes", "query", "tea", "mode", "semantic"),
        "enumeration");

    List<Double> vector = new ArrayList<>();
    for (float f : Embedder.byName("hashing").embedQuery("green tea steeped")) {
      vector.add((double) f);
    }
    hits = hits(ok("search_vectors", Map.of("collection", "notes", "vector", vector, "limit", 1)));
    assertEquals("tea.md#0", hits.get(0).get("id"));

    Map<String, Object> listed = ok("list_collections", Map.of());
    assertEquals(
        "notes", ((List<Map<String, Object>>) listed.get("collections")).get(0).get("name"));
    assertEquals("hashing-384", ok("collection_info", Map.of("name", "notes")).get("embedder"));

    Map<String, Object> backup = ok("backup_create", Map.of("collection", "notes"));
    String archive = (String) backup.get("name");
    assertTrue(Files.isRegularFile(dir.resolve("backups").resolve(archive)));
    assertEquals(1, ((List<?>) ok("backup_list", Map.of()).get("backups")).size());
    assertEquals(
        1, ((List<?>) ok("backup_verify", Map.of("name", archive)).get("verified")).size());

    error("delete_points", Map.of("collection", "notes", "ids", List.of("tea.md#0")), "confirm");
    assertEquals(2, points("notes"));
    assertEquals(
        1,
        ok(
                "delete_points",
                Map.of(
                    "collection",
                    "notes",
                    "filter",
                    Map.of("field", "source", "eq", "tea.md"),
                    "confirm",
                    true))
            .get("deleted"));
    assertEquals(1, points("notes"));

    ok("backup_restore", Map.of("name", archive, "collection", "restored"));
    assertEquals(2, points("restored"));
    error("backup_restore", Map.of("name", archive, "replace", true), "confirm");
    ok("backup_restore", Map.of("name", archive, "replace", true, "confirm", true));
    assertEquals(2, points("notes"));

    error("drop_collection", Map.of("name", "restored"), "confirm");
    assertEquals(2, points("restored"));
    assertEquals(
        true, ok("drop_collection", Map.of("name", "restored", "confirm", true)).get("dropped"));
  }

  @Test
  void badArgumentsGiveErrorResultsAndWriteNothing() throws Exception {
    ok("create_collection", Map.of("name", "v", "dimension", 3, "metric", "dot"));
    error("collection_info", Map.of("name", "missing"), "no collection named 'missing'");
    error("create_collection", Map.of("name", "v", "dimension", 3), "already exists");
    error("create_collection", Map.of("name", "w"), "'dimension' is needed");
    error(
        "create_collection",
        Map.of("name", "w", "dimension", 3, "metric", "manhattan"),
        "enumeration"); // the SDK checks arguments against the tool's schema first
    error("search_vectors", Map.of("collection", "v", "vector", List.of(1, 2)), "dimension");
    error("search_vectors", Map.of("collection", "v", "vector", List.of(1, "x", 2)), "/vector/1");
    error(
        "search_vectors",
        Map.of(
            "collection",
            "v",
            "vector",
            List.of(1, 0, 0),
            "filter",
            Map.of("field", "a", "near", 1)),
        "unknown operator \"near\"");
    error("query_text", Map.of("collection", "v", "query", "x"), "holds vectors, not texts");
    error("backup_verify", Map.of("name", "../etc/passwd"), "plain file name");
    error("create_collection", Map.of("name", "t", "embedder", "nonsense"), "unknown embedder");

    ok("create_collection", Map.of("name", "t", "embedder", "hashing"));
    error(
        "upsert_text",
        Map.of(
            "collection",
            "t",
            "documents",
            List.of(Map.of("id", "a", "text", "fine"), Map.of("id", "b", "text", 42))),
        "/documents/1/text");
    error(
        "upsert_text",
        Map.of(
            "collection",
            "t",
            "documents",
            List.of(Map.of("id", "a", "text", "fine"), Map.of("id", "", "text", "x"))),
        "argument 'id' must be a non-empty string");
    error(
        "upsert_text",
        Map.of(
            "collection",
            "t",
            "documents",
            List.of(
                Map.of("id", "a", "text", "fine"),
                Map.of("id", "b", "text", "x", "metadata", Map.of("source", "clash")))),
        "'source'");
    assertEquals(0, points("t"));
    error("delete_points", Map.of("collection", "t", "confirm", true), "exactly one of");
    // Still serving after all that.
    assertEquals(2, ((List<?>) ok("list_collections", Map.of()).get("collections")).size());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> hits(Map<String, Object> result) {
    return (List<Map<String, Object>>) result.get("hits");
  }

  private static List<Object> ids(List<Map<String, Object>> hits) {
    return hits.stream().map(h -> h.get("id")).collect(Collectors.toList());
  }
}
