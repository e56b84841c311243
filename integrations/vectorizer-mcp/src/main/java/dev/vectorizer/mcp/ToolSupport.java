package dev.vectorizer.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds tool specifications: JSON Schemas from small helpers, and handlers whose failures become
 * MCP error results ({@code isError: true} with the message) instead of protocol errors or a dead
 * server. Programming errors in a handler are logged to stderr, never written to stdout.
 */
final class ToolSupport {
  private static final Logger LOG = LoggerFactory.getLogger(ToolSupport.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ToolSupport() {}

  /** An object schema with the given properties, of which {@code required} are required. */
  static Map<String, Object> object(Map<String, Object> properties, String... required) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    schema.put("required", List.of(required));
    schema.put("additionalProperties", false);
    return schema;
  }

  static Map<String, Object> prop(String type, String description) {
    return Map.of("type", type, "description", description);
  }

  static Map<String, Object> integer(String description, int min, int max) {
    return Map.of("type", "integer", "description", description, "minimum", min, "maximum", max);
  }

  static Map<String, Object> confirm() {
    return Map.of(
        "type", "boolean", "description", "Must be true: this call destroys data.", "const", true);
  }

  static SyncToolSpecification tool(
      String name,
      String description,
      Map<String, Object> inputSchema,
      Function<Args, Object> handler) {
    McpSchema.Tool tool =
        McpSchema.Tool.builder()
            .name(name)
            .description(description)
            .inputSchema(inputSchema)
            .build();
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler((exchange, request) -> call(name, handler, request.arguments()))
        .build();
  }

  private static McpSchema.CallToolResult call(
      String name, Function<Args, Object> handler, Map<String, Object> arguments) {
    try {
      Object result = handler.apply(new Args(arguments));
      return McpSchema.CallToolResult.builder()
          .addTextContent(JSON.writeValueAsString(result))
          .structuredContent(result instanceof Map<?, ?> ? result : Map.of("result", result))
          .isError(false)
          .build();
    } catch (IllegalArgumentException
        | IllegalStateException
        | UnsupportedOperationException
        | dev.vectorizer.VectorizerException e) {
      return error(e.getMessage());
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.error("tool {} failed", name, e);
      return error(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static McpSchema.CallToolResult error(String message) {
    return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
  }
}
