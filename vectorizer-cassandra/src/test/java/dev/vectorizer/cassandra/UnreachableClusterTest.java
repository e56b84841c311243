package dev.vectorizer.cassandra;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.VectorizerException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Opening a store against nodes that do not answer fails with the contact points named. */
class UnreachableClusterTest {
  @Test
  void aClosedPortIsNamedInTheError() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    VectorizerException e =
        assertThrows(
            VectorizerException.class,
            () ->
                CassandraVectorStore.builder()
                    .contactPoint("127.0.0.1", port)
                    .keyspace("ks")
                    .connectTimeout(Duration.ofSeconds(2))
                    .open());
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    assertTrue(e.getMessage().contains("within 2000 ms"), e.getMessage());
  }

  @Test
  void aNodeThatAcceptsButNeverAnswersFailsWithinTheConnectTimeout() throws Exception {
    // A listener that accepts connections and stays silent: the driver's handshake must time out.
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!silent.isClosed()) {
                  try {
                    Socket s = silent.accept();
                    synchronized (held) {
                      held.add(s);
                    }
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      VectorizerException e =
          assertThrows(
              VectorizerException.class,
              () ->
                  CassandraVectorStore.open(
                      "cassandra://127.0.0.1:"
                          + silent.getLocalPort()
                          + "/ks?connect_timeout=1s&timeout=1s"));
      assertTrue(
          e.getMessage()
              .contains("cannot connect to Cassandra at [127.0.0.1:" + silent.getLocalPort() + "]"),
          e.getMessage());
      assertTrue(e.getMessage().contains("within 1000 ms"), e.getMessage());
    } finally {
      synchronized (held) {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }
}
