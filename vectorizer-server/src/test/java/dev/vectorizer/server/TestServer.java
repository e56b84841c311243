package dev.vectorizer.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A durable store in a directory served on a free loopback port, and an HTTP client for it. Tests
 * talk to it over real HTTP.
 */
final class TestServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final Path data;
  final VectorStore store;
  final VectorizerServer server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** A reply: status, body text, parsed JSON (null when not JSON), and the response. */
  record Res(int status, String body, JsonNode json, HttpResponse<String> response) {
    String code() {
      return json == null || json.get("code") == null ? null : json.get("code").asText();
    }

    String error() {
      return json == null || json.get("error") == null ? null : json.get("error").asText();
    }
  }

  TestServer(Path data, ServerConfig config) throws IOException {
    this.data = data;
    this.store = VectorStore.open(data);
    this.server =
        VectorizerServer.start(
            VectorizerApi.builder(store).config(config.withPort(0)).dataDirectory(data).build());
  }

  TestServer(Path data) throws IOException {
    this(data, ServerConfig.defaults());
  }

  URI uri(String path) {
    return server.uri().resolve(path);
  }

  Res send(String method, String path, String body, String key) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return send(b.build());
  }

  Res send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      String type = r.headers().firstValue("Content-Type").orElse("");
      if (type.startsWith("application/json") && !r.body().isEmpty()) {
        json = JSON.readTree(r.body());
      }
      return new Res(r.statusCode(), r.body(), json, r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Res get(String path) {
    return send("GET", path, null, null);
  }

  Res post(String path, String body) {
    return send("POST", path, body, null);
  }

  Res put(String path, String body) {
    return send("PUT", path, body, null);
  }

  Res delete(String path) {
    return send("DELETE", path, null, null);
  }

  @Override
  public void close() {
    server.close();
    store.close();
    client.close();
  }
}
