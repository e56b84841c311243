package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vectorizer migrate}: argument errors and unreachable targets (the copy itself is tested
 * against a real Cassandra node in vectorizer-cassandra's MigrationIT).
 */
class MigrateCommandTest {
  @TempDir Path dir;

  private String[] expect(int code, String... args) {
    return new CliRunner(dir.resolve("unused")).expect(code, args);
  }

  @Test
  void badArgumentsAreUsageErrors() {
    String d = dir.toString();
    assertTrue(
        expect(2, "migrate", "--from", d, "--to", d + "/b", "--collection", "docs")[1].contains(
            "between a directory and a cassandra:// address"));
    assertTrue(
        expect(2, "migrate", "--from", d, "--to", "cassandra://h:x/ks", "--collection", "docs")[1]
            .contains("port 'x' of host 'h' is not a number"));
    assertTrue(
        expect(
            2,
            "migrate",
            "--from",
            d,
            "--to",
            "cassandra://h/ks",
            "--collection",
            "docs",
            "--index",
            "year:date")[1]
            .contains("unknown type 'date'"));
    assertTrue(
        expect(
            2,
            "migrate",
            "--from",
            d,
            "--to",
            "cassandra://h/ks",
            "--collection",
            "docs",
            "--batch",
            "0")[1]
            .contains("batch size must be between 1 and 10000, got 0"));
    assertTrue(
        expect(2, "migrate", "--from", d, "--to", "cassandra://h/ks")[1].contains("--collection"));
  }

  @Test
  void anUnreachableClusterIsNamed() throws Exception {
    new CliRunner(dir.resolve("data")).expect(0, "collections", "create", "docs", "--dim", "3");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String[] out =
        expect(
            1,
            "migrate",
            "--from",
            dir.resolve("data").toString(),
            "--collection",
            "docs",
            "--to",
            "cassandra://127.0.0.1:" + port + "/ks?connect_timeout=1s");
    assertTrue(out[1].contains("cannot connect to Cassandra at [127.0.0.1:" + port + "]"), out[1]);
    assertTrue(
        expect(
            1,
            "migrate",
            "--from",
            dir.resolve("nothing").toString(),
            "--collection",
            "docs",
            "--to",
            "cassandra://127.0.0.1:" + port + "/ks")[1]
            .contains("no store directory at"));
  }
}
