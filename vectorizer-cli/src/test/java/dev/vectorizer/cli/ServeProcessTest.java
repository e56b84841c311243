package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.VectorStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vectorizer serve} as a real child process: SIGKILL during acknowledged upserts loses none
 * of them; SIGTERM drains, closes the store and exits 0. {@code -Pstress} kills more often ({@code
 * -Dvectorizer.serve.kills=N}).
 */
class ServeProcessTest {
  @TempDir Path dir;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A running server process and its base URI. */
  record Server(Process process, URI uri, List<String> out) {}

  private Server start(Path data, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.add("--data");
    cmd.add(data.toString());
    cmd.add("serve");
    cmd.add("--port");
    cmd.add("0");
    cmd.addAll(List.of(extra));
    Path err = dir.resolve("serve-" + System.nanoTime() + ".err");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // "vectorizer serving DIR on http://127.0.0.1:PORT"
    if (line == null || !line.contains(" on http://")) {
      p.destroyForcibly();
      throw new AssertionError("the server did not start: " + line + " " + Files.readString(err));
    }
    URI uri = URI.create(line.substring(line.indexOf(" on http://") + 4).trim());
    List<String> rest = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                  rest.add(l);
                }
              } catch (IOException ignored) {
                // the process is gone
              }
            });
    return new Server(p, uri, rest);
  }

  private HttpResponse<String> send(URI base, String method, String path, String body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Upserts from a few threads until stopped, recording every id whose upsert was answered 200. */
  private List<Thread> writers(URI base, Set<String> acked, AtomicBoolean stop, String prefix) {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int writer = t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; !stop.get(); i++) {
                      String id = prefix + writer + "-" + i;
                      try {
                        HttpResponse<String> r =
                            send(
                                base,
                                "PUT",
                                "/collections/docs/points",
                                "{\"points\":[{\"id\":\""
                                    + id
                                    + "\",\"vector\":[1,"
                                    + i
                                    + ","
                                    + writer
                                    + "]}]}");
                        if (r.statusCode() == 200) {
                          acked.add(id);
                        }
                      } catch (Exception e) {
                        return; // the server went away
                      }
                    }
                  }));
    }
    return threads;
  }

  private static void awaitAcks(Set<String> acked, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (acked.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(acked.size() >= n, "only " + acked.size() + " upserts acknowledged");
  }

  private static void assertAllThere(Path data, Set<String> acked) {
    try (VectorStore store = VectorStore.open(data)) {
      Collection docs = store.collection("docs");
      for (String id : acked) {
        assertTrue(docs.get(id).isPresent(), "acknowledged point " + id + " is lost");
      }
    }
  }

  @Test
  void sigkillDuringAcknowledgedUpsertsLosesNothing() throws Exception {
    Path data = dir.resolve("data");
    Set<String> acked = ConcurrentHashMap.newKeySet();
    int kills = Integer.getInteger("vectorizer.serve.kills", 2);
    for (int round = 0; round < kills; round++) {
      Server s = start(data);
      if (round == 0) {
        assertEquals(
            201, send(s.uri(), "PUT", "/collections/docs", "{\"dimension\":3}").statusCode());
      }
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> threads = writers(s.uri(), acked, stop, "r" + round + "w");
      awaitAcks(acked, (round + 1) * 150);
      s.process().destroyForcibly(); // SIGKILL, with upserts in flight
      assertTrue(s.process().waitFor(30, TimeUnit.SECONDS));
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      // Restart on the same directory: every acknowledged point is there.
      Server again = start(data);
      try {
        HttpResponse<String> count =
            send(again.uri(), "POST", "/collections/docs/points/count", "{}");
        assertEquals(200, count.statusCode());
        int n = Integer.parseInt(count.body().replaceAll("\\D", ""));
        assertTrue(n >= acked.size(), n + " points, " + acked.size() + " acknowledged");
        for (String id : acked.stream().limit(200).toList()) {
          assertEquals(
              200,
              send(again.uri(), "GET", "/collections/docs/points/" + id, null).statusCode(),
              id);
        }
      } finally {
        again.process().destroyForcibly();
        again.process().waitFor(30, TimeUnit.SECONDS);
      }
    }
    assertAllThere(data, acked);
  }

  @Test
  void sigtermDrainsClosesTheStoreAndExitsZero() throws Exception {
    Path data = dir.resolve("data");
    Server s = start(data);
    assertEquals(201, send(s.uri(), "PUT", "/collections/docs", "{\"dimension\":3}").statusCode());
    assertEquals(200, send(s.uri(), "GET", "/ready", null).statusCode());
    Set<String> acked = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = writers(s.uri(), acked, stop, "w");
    awaitAcks(acked, 100);
    s.process().toHandle().destroy(); // SIGTERM (Process.destroy would also close our pipes)
    assertTrue(s.process().waitFor(60, TimeUnit.SECONDS), "exits after SIGTERM");
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(0, s.process().exitValue(), "exit status after SIGTERM");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!s.out().contains("stopped") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    String out = String.join("\n", s.out());
    assertTrue(out.contains("stopping: draining requests in flight"), out);
    assertTrue(out.contains("stopped"), out);
    // The store was closed cleanly: the lock is free and every acknowledged point is there.
    assertAllThere(data, acked);
    assertTrue(
        Files.readString(data.resolve("audit.jsonl")).contains("/collections/{name}/points"));
  }
}
