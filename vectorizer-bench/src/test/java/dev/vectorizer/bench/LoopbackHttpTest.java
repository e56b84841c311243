package dev.vectorizer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import dev.vectorizer.server.ServerConfig;
import dev.vectorizer.server.VectorizerApi;
import dev.vectorizer.server.VectorizerServer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's lean HTTP client against the real server, and against broken answers. */
class LoopbackHttpTest {
  @TempDir Path dir;

  @Test
  void talksToTheServerOnOneConnection() throws Exception {
    try (VectorStore store = VectorStore.builder(dir).durability(Durability.NONE).open()) {
      store
          .createCollection("c", CollectionConfig.builder(2).build())
          .upsert(List.of(Point.of("a", new float[] {1, 0}, Map.of("k", "v"))));
      try (VectorizerServer server =
              VectorizerServer.start(
                  VectorizerApi.builder(store)
                      .config(ServerConfig.defaults().withPort(0))
                      .dataDirectory(dir)
                      .build());
          LoopbackHttp http = new LoopbackHttp(server.address())) {
        for (int i = 0; i < 3; i++) { // the same connection serves request after request
          LoopbackHttp.Response health = http.get("/health");
          assertEquals(200, health.status());
          LoopbackHttp.Response hits =
              http.post(
                  "/collections/c/search",
                  "{\"vector\":[1,0],\"limit\":1}".getBytes(StandardCharsets.UTF_8));
          assertEquals(200, hits.status(), hits.text());
          assertTrue(hits.text().contains("\"id\":\"a\""), hits.text());
          LoopbackHttp.Response missing = http.get("/collections/nope");
          assertEquals(404, missing.status());
          assertTrue(missing.text().contains("\"code\""), missing.text());
        }
      }
    }
  }

  @Test
  void readsChunkedBodies() throws Exception {
    String answer =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n";
    assertEquals("hello, world", against(answer).text());
  }

  @Test
  void answerWithoutABodyIsEmpty() throws Exception {
    assertEquals(0, against("HTTP/1.1 204 No Content\r\n\r\n").body().length);
  }

  @Test
  void badAnswersAreErrorsThatNameTheProblem() {
    assertEquals(
        "not an HTTP/1.1 status line: 'SSH-2.0-OpenSSH'",
        assertThrows(IOException.class, () -> against("SSH-2.0-OpenSSH\r\n\r\n")).getMessage());
    assertEquals(
        "bad status code: 'abc'",
        assertThrows(IOException.class, () -> against("HTTP/1.1 abc\r\n\r\n")).getMessage());
    assertEquals(
        "bad Content-Length: '-5'",
        assertThrows(
                IOException.class, () -> against("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n"))
            .getMessage());
    assertEquals(
        "malformed header line: 'no colon here'",
        assertThrows(IOException.class, () -> against("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"))
            .getMessage());
    assertEquals(
        "bad chunk size: 'zz'",
        assertThrows(
                IOException.class,
                () -> against("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
            .getMessage());
    assertThrows(
        EOFException.class,
        () -> against("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"),
        "a body cut short");
    assertThrows(EOFException.class, () -> against("HTTP/1.1 200 OK\r\nContent-"), "cut headers");
  }

  /** One GET against a socket that reads the request head and answers {@code raw}, then closes. */
  private static LoopbackHttp.Response against(String raw) throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket s = ss.accept()) {
                      InputStream in = s.getInputStream();
                      int matched = 0;
                      byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                      while (matched < end.length) {
                        int b = in.read();
                        if (b < 0) {
                          return;
                        }
                        matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
                      }
                      OutputStream out = s.getOutputStream();
                      out.write(raw.getBytes(StandardCharsets.US_ASCII));
                      out.flush();
                    } catch (IOException e) {
                      // the client went away: nothing to answer
                    }
                  });
      try (LoopbackHttp http =
          new LoopbackHttp(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), ss.getLocalPort()))) {
        return http.get("/x");
      } finally {
        t.join();
      }
    }
  }
}
