package dev.vectorizer.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.server.ServerConfig.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
  @TempDir Path dir;

  static final String HASH = ServerConfig.ApiKey.sha256Hex("my-key");

  private ServerConfig load(String yaml) throws Exception {
    Path f = dir.resolve("vectorizer.yaml");
    Files.writeString(f, yaml);
    return ServerConfig.load(f);
  }

  private void bad(String yaml, String mustContain) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(yaml));
    assertTrue(
        e.getMessage().contains(mustContain), e.getMessage() + " should contain " + mustContain);
    assertTrue(
        e.getMessage().contains("vectorizer.yaml"), e.getMessage() + " should name the file");
  }

  @Test
  void readsTheServerSection() throws Exception {
    ServerConfig c =
        load(
            """
            server:
              host: 0.0.0.0
              port: 8080
              api_keys:
                - name: ops
                  sha256: "%s"
                  role: admin
                - name: acme-app
                  sha256: "%s"
                  role: write
                  tenant: acme
              max_body_size: 1MiB
              max_batch: 500
              max_limit: 50
              request_timeout_seconds: 5
              audit:
                fsync: true
                max_file_size: 10MB
                max_files: 3
            file_watcher:
              enabled: false
            """
                .formatted(HASH, ServerConfig.ApiKey.sha256Hex("other").toUpperCase()));
    assertEquals("0.0.0.0", c.host());
    assertEquals(8080, c.port());
    assertEquals(2, c.apiKeys().size());
    assertEquals(Role.ADMIN, c.apiKeys().get(0).role());
    assertNull(c.apiKeys().get(0).tenant());
    assertEquals("acme", c.apiKeys().get(1).tenant());
    assertEquals(ServerConfig.ApiKey.sha256Hex("other"), c.apiKeys().get(1).sha256());
    assertEquals(1 << 20, c.maxBodyBytes());
    assertEquals(500, c.maxBatch());
    assertEquals(50, c.maxLimit());
    assertEquals(Duration.ofSeconds(5), c.requestTimeout());
    assertEquals(new ServerConfig.Audit(true, true, 10_000_000, 3), c.audit());
  }

  @Test
  void defaultsWithoutASection() throws Exception {
    assertEquals(ServerConfig.defaults(), load("backup:\n  enabled: false\n"));
    assertEquals(ServerConfig.defaults(), load("server:\n"));
    assertEquals(15002, ServerConfig.defaults().port());
    assertEquals(16L << 20, ServerConfig.defaults().maxBodyBytes());
  }

  @Test
  void keysFromAnotherFile() throws Exception {
    Files.writeString(
        dir.resolve("keys.yaml"),
        "server:\n  api_keys:\n    - {name: ci, sha256: \"" + HASH + "\", role: read}\n");
    ServerConfig c = load("server:\n  api_keys_file: keys.yaml\n");
    assertEquals("ci", c.apiKeys().get(0).name());
    bad("server:\n  api_keys_file: missing.yaml\n", "does not exist");
  }

  @Test
  void badValuesNameTheKey() {
    bad("server:\n  prot: 1\n", "unknown key 'server.prot'");
    bad("server:\n  port: 70000\n", "'server.port' must be a whole number from 0 to 65535");
    bad(
        "server:\n  api_keys:\n    - {name: a, sha256: \"abc\", role: admin}\n",
        "'server.api_keys[0].sha256' must be the 64 hex digits");
    bad(
        "server:\n  api_keys:\n    - {name: a, sha256: \"" + HASH + "\", role: root}\n",
        "'server.api_keys[0].role' must be one of admin, read, write");
    bad(
        "server:\n  api_keys:\n    - {name: a, sha256: \""
            + HASH
            + "\", role: read, tenant: a_b}\n",
        "'server.api_keys[0].tenant' must be 1 to 32 letters");
    bad(
        "server:\n  api_keys:\n    - {name: a, sha256: \""
            + HASH
            + "\", role: read}\n    - {name: a, sha256: \""
            + ServerConfig.ApiKey.sha256Hex("x")
            + "\", role: read}\n",
        "two api keys are named 'a'");
    bad(
        "server:\n  api_keys:\n    - {name: a, sha256: \""
            + HASH
            + "\", role: read}\n    - {name: b, sha256: \""
            + HASH
            + "\", role: read}\n",
        "the same sha256");
    bad("server:\n  max_body_size: lots\n", "'server.max_body_size' must be a size");
    bad("server:\n  audit:\n    rotate: yes\n", "unknown key 'server.audit.rotate'");
    bad("server: [1]\n", "'server' must be a map");
  }
}
