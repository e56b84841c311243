package dev.vectorizer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.vectorizer.VectorStore;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An application mounts the API in its own server, or calls it through ApiRequest. */
class MountTest {
  @Test
  void mountedUnderAPrefixInTheApplicationsServer() throws Exception {
    try (VectorStore store = VectorStore.inMemory();
        VectorizerApi api = VectorizerApi.builder(store).build();
        HttpClient client = HttpClient.newHttpClient()) {
      HttpServer app =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      app.createContext("/vectors", api.httpHandler());
      app.createContext(
          "/",
          ex -> {
            byte[] b = "the application's own page".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
          });
      app.start();
      try {
        URI base = URI.create("http://127.0.0.1:" + app.getAddress().getPort());
        HttpResponse<String> created =
            client.send(
                HttpRequest.newBuilder(base.resolve("/vectors/collections/docs"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"dimension\":2}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> list =
            client.send(
                HttpRequest.newBuilder(base.resolve("/vectors/collections")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(list.body().contains("\"docs\""), list.body());
        HttpResponse<String> own =
            client.send(
                HttpRequest.newBuilder(base.resolve("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("the application's own page", own.body());
      } finally {
        app.stop(0);
      }
    }
  }

  @Test
  void handleWithoutAnyServer() {
    try (VectorStore store = VectorStore.inMemory();
        VectorizerApi api = VectorizerApi.builder(store).build()) {
      ApiResponse r =
          api.handle(
              new ApiRequest(
                  "PUT",
                  "/collections/docs",
                  null,
                  Map.of("Content-Type", List.of("application/json")),
                  new ByteArrayInputStream("{\"dimension\":4}".getBytes(StandardCharsets.UTF_8)),
                  -1,
                  "test"));
      assertEquals(201, r.status());
      assertEquals("application/json", r.contentType());
      assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("\"dimension\":4"));
      assertTrue(store.hasCollection("docs"));
      ApiResponse ready =
          api.handle(new ApiRequest("GET", "/ready", null, Map.of(), InputStreamOf.EMPTY, 0, null));
      assertEquals(200, ready.status());
    }
  }

  private static ApiResponse get(VectorizerApi api, String path) {
    return api.handle(new ApiRequest("GET", path, null, Map.of(), InputStreamOf.EMPTY, 0, null));
  }

  @Test
  void readinessFollowsTheStoreAndTheDrain() {
    VectorStore store = VectorStore.inMemory();
    try (VectorizerApi api = VectorizerApi.builder(store).build()) {
      assertEquals(200, get(api, "/ready").status());
      store.close();
      assertEquals(503, get(api, "/ready").status());
      assertTrue(
          new String(get(api, "/ready").body(), StandardCharsets.UTF_8)
              .contains("the store is closed"));
      assertEquals(200, get(api, "/health").status(), "alive while the process serves");
      assertEquals(503, get(api, "/collections").status());
      api.beginDrain();
      ApiResponse draining = get(api, "/collections");
      assertEquals(503, draining.status());
      assertTrue(new String(draining.body(), StandardCharsets.UTF_8).contains("shutting_down"));
      assertEquals("close", draining.headers().get("Connection"));
      assertEquals(200, get(api, "/health").status(), "alive while draining");
      assertEquals(503, get(api, "/ready").status());
    }
  }

  private static final class InputStreamOf {
    static final ByteArrayInputStream EMPTY = new ByteArrayInputStream(new byte[0]);
  }
}
