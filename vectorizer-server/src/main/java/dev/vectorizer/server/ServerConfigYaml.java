package dev.vectorizer.server;

import dev.vectorizer.internal.config.ConfigFile;
import dev.vectorizer.internal.config.ConfigSection;
import dev.vectorizer.server.ServerConfig.ApiKey;
import dev.vectorizer.server.ServerConfig.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the {@code server:} section of {@code vectorizer.yaml} (and its {@code api_keys_file})
 * through the shared loader; every error names the file and the key.
 */
final class ServerConfigYaml {
  private static final Set<String> KEYS =
      Set.of(
          "host",
          "port",
          "api_keys",
          "api_keys_file",
          "max_body_size",
          "max_batch",
          "max_limit",
          "request_timeout_seconds",
          "read_timeout_seconds",
          "shutdown_grace_seconds",
          "audit");
  private static final Set<String> KEY_KEYS = Set.of("name", "sha256", "role", "tenant");
  private static final Set<String> AUDIT_KEYS =
      Set.of("enabled", "fsync", "max_file_size", "max_files");

  private ServerConfigYaml() {}

  static ServerConfig read(ConfigSection s) throws IOException {
    s.requireOnly(KEYS);
    ServerConfig d = ServerConfig.defaults();
    List<ApiKey> keys = new ArrayList<>(keys(s));
    if (s.has("api_keys_file")) {
      Path keysFile = s.path("api_keys_file", null);
      if (!Files.isRegularFile(keysFile)) {
        throw new IllegalArgumentException(
            s.file().file()
                + ": 'server.api_keys_file' names "
                + keysFile
                + ", which does not exist (see docs/server.md, \"API keys\")");
      }
      ConfigSection other = ConfigFile.load(keysFile).section("server");
      other.requireOnly(Set.of("api_keys"));
      keys.addAll(keys(other));
    }
    ConfigSection a = s.section("audit").requireOnly(AUDIT_KEYS);
    try {
      return new ServerConfig(
          s.string("host", d.host()),
          s.integer("port", d.port(), 0, 65535),
          keys,
          s.size("max_body_size", d.maxBodyBytes()),
          s.integer("max_batch", d.maxBatch(), 1, 1_000_000),
          s.integer("max_limit", d.maxLimit(), 1, dev.vectorizer.SearchRequest.MAX_LIMIT),
          Duration.ofSeconds(s.integer("request_timeout_seconds", 30, 1, 86_400)),
          Duration.ofSeconds(s.integer("read_timeout_seconds", 60, 1, 86_400)),
          Duration.ofSeconds(s.integer("shutdown_grace_seconds", 20, 0, 3_600)),
          new ServerConfig.Audit(
              a.bool("enabled", true),
              a.bool("fsync", false),
              a.size("max_file_size", ServerConfig.Audit.defaults().maxFileBytes()),
              a.integer("max_files", ServerConfig.Audit.defaults().maxFiles(), 1, 10_000)));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(s.file().file().toString())
          ? e
          : new IllegalArgumentException(s.file().file() + ": " + e.getMessage(), e);
    }
  }

  private static List<ApiKey> keys(ConfigSection s) {
    List<ApiKey> out = new ArrayList<>();
    for (ConfigSection k : s.sections("api_keys")) {
      k.requireOnly(KEY_KEYS);
      String hash = k.string("sha256", null);
      if (!ServerConfig.SHA256.matcher(hash.toLowerCase(Locale.ROOT)).matches()) {
        throw k.invalid(
            "sha256",
            "the 64 hex digits of the key's SHA-256 (printf %s \"$KEY\" | sha256sum)",
            hash);
      }
      String tenant = k.optionalString("tenant").orElse(null);
      if (tenant != null && !ServerConfig.TENANT.matcher(tenant).matches()) {
        throw k.invalid("tenant", "1 to 32 letters, digits or '-' (not first)", tenant);
      }
      out.add(
          new ApiKey(
              k.string("name", null),
              hash.toLowerCase(Locale.ROOT),
              Role.valueOf(
                  k.choice("role", null, Set.of("admin", "write", "read"))
                      .toUpperCase(Locale.ROOT)),
              tenant));
    }
    return out;
  }
}
