package dev.vectorizer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.server.TestServer.Res;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 8 clients send a bounded number of mixed requests each (upserts, searches, reads, counts) to a
 * durable store over loopback; every one must succeed and every acknowledged point be there. The
 * default run sends 200 per client; {@code mvn verify -Pstress} sends 2,000 ({@code
 * -Dvectorizer.server.load.requests=N}).
 */
class LoadTest {
  @TempDir Path dir;

  @Test
  void eightClientsMixedRequestsNoErrors() throws Exception {
    int clients = 8;
    int perClient = Integer.getInteger("vectorizer.server.load.requests", 200);
    int dim = 16;
    try (TestServer s = new TestServer(dir.resolve("data"))) {
      assertEquals(201, s.put("/collections/load", "{\"dimension\":" + dim + "}").status());
      ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<Integer>> upserted = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        upserted.add(
            pool.submit(
                () -> {
                  Random r = new Random(client);
                  int written = 0;
                  for (int i = 0; i < perClient; i++) {
                    String v = vector(r, dim);
                    Res res;
                    switch (i % 4) {
                      case 0, 1 -> {
                        res =
                            s.put(
                                "/collections/load/points",
                                "{\"points\":[{\"id\":\"c"
                                    + client
                                    + "-"
                                    + i
                                    + "\",\"vector\":"
                                    + v
                                    + ",\"payload\":{\"client\":"
                                    + client
                                    + "}}]}");
                        if (res.status() == 200) {
                          written++;
                        }
                      }
                      case 2 ->
                          res =
                              s.post(
                                  "/collections/load/search",
                                  "{\"vector\":"
                                      + v
                                      + ",\"limit\":5,\"filter\":{\"eq\":{\"field\":\"client\",\"value\":"
                                      + client
                                      + "}}}");
                      default ->
                          res =
                              i > 4
                                  ? s.get("/collections/load/points/c" + client + "-" + (i - 3))
                                  : s.post("/collections/load/points/count", "{}");
                    }
                    if (res.status() != 200) {
                      errors.add(res.status() + " " + res.body());
                    }
                  }
                  return written;
                }));
      }
      int total = 0;
      for (Future<Integer> f : upserted) {
        total += f.get(10, TimeUnit.MINUTES);
      }
      pool.shutdown();
      assertTrue(errors.isEmpty(), errors.size() + " errors, first: " + errors.peek());
      assertEquals(clients * (perClient / 4 * 2 + Math.min(2, perClient % 4)), total);
      assertEquals(
          total, s.post("/collections/load/points/count", "{}").json().get("count").asInt());
    }
  }

  private static String vector(Random r, int dim) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < dim; i++) {
      b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", r.nextFloat() - 0.5f));
    }
    return b.append(']').toString();
  }
}
