package dev.vectorizer.server;

import dev.vectorizer.internal.config.ConfigFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server's settings, as operators write them under {@code server:} in {@code vectorizer.yaml}
 * (every key optional; the defaults are shown):
 *
 * <pre>
 * server:
 *   host: 127.0.0.1            # forced to loopback while no api key is configured
 *   port: 15002
 *   api_keys:                  # none: no authentication, loopback only
 *     - name: ops
 *       sha256: "&lt;64 hex digits: SHA-256 of the key&gt;"
 *       role: admin            # admin | write | read
 *     - name: acme-app
 *       sha256: "&lt;hex&gt;"
 *       role: write
 *       tenant: acme           # sees only its own collections, under their short names
 *   api_keys_file: keys.yaml   # more keys, in a file of the same shape (server: api_keys: ...)
 *   max_body_size: 16MiB       # larger bodies get 413
 *   max_batch: 10000           # points, ids or documents per request (400 above)
 *   max_limit: 1000            # hits per search (400 above)
 *   request_timeout_seconds: 30   # an operation still running then answers 503 (backups exempt)
 *   read_timeout_seconds: 60      # a client that has not sent its whole request by then is cut off
 *   shutdown_grace_seconds: 20    # SIGTERM waits this long for requests in flight
 *   audit:
 *     enabled: true
 *     fsync: false             # true: each record is forced to disk before the response
 *     max_file_size: 100MB     # then audit.jsonl is rotated
 *     max_files: 10            # rotated files kept
 * </pre>
 *
 * Unknown keys and bad values are errors naming the key and the file (ServerConfigYaml reads the
 * file). Relative paths are relative to the YAML file's directory. This file also holds the parts
 * of the settings ({@link ApiKey}, {@link Role}, {@link Audit}) and a {@link Builder} for embedded
 * use.
 *
 * <p>Immutable and thread-safe.
 *
 * @param host the address to bind
 * @param port the port (0 picks a free one)
 * @param apiKeys the accepted keys; empty for none (then the server binds to loopback only)
 * @param maxBodyBytes the largest request body accepted
 * @param maxBatch the most points, ids or documents in one request
 * @param maxLimit the largest search limit
 * @param requestTimeout how long an operation may run before the request answers 503
 * @param readTimeout how long a client may take to send its request
 * @param shutdownGrace how long a shutdown waits for requests in flight
 * @param audit the audit log's settings
 */
public record ServerConfig(
    String host,
    int port,
    List<ApiKey> apiKeys,
    long maxBodyBytes,
    int maxBatch,
    int maxLimit,
    Duration requestTimeout,
    Duration readTimeout,
    Duration shutdownGrace,
    Audit audit) {

  /** The default port. */
  public static final int DEFAULT_PORT = 15002;

  /** The default body limit: 16 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;

  static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,31}");

  /** Checks the values. */
  public ServerConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    apiKeys = List.copyOf(apiKeys);
    Set<String> names = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    for (ApiKey k : apiKeys) {
      if (!names.add(k.name())) {
        throw new IllegalArgumentException("two api keys are named '" + k.name() + "'");
      }
      if (!hashes.add(k.sha256())) {
        throw new IllegalArgumentException(
            "api keys '" + k.name() + "' and another have the same sha256");
      }
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("max_body_size must be >= 1024, got " + maxBodyBytes);
    }
    checkPositive("max_batch", maxBatch);
    checkPositive("max_limit", maxLimit);
    checkPositive("request_timeout_seconds", requestTimeout.toSeconds());
    checkPositive("read_timeout_seconds", readTimeout.toSeconds());
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(audit, "audit");
  }

  private static void checkPositive(String key, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be >= 1, got " + value);
    }
  }

  /**
   * The defaults: loopback, port 15002, no keys, 16 MiB bodies, batches of 10,000, limits of 1,000,
   * 30 s operations, 60 s to send a request, 20 s shutdown grace, audit on without fsync.
   *
   * @return the defaults
   */
  public static ServerConfig defaults() {
    return new ServerConfig(
        "127.0.0.1",
        DEFAULT_PORT,
        List.of(),
        DEFAULT_MAX_BODY_BYTES,
        10_000,
        1_000,
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(20),
        Audit.defaults());
  }

  /**
   * Reads the {@code server:} section of a YAML file; the defaults when it has none.
   *
   * @param file the file
   * @return the settings
   * @throws IOException when the file (or its api_keys_file) cannot be read
   * @throws IllegalArgumentException naming the file and key of a bad value
   */
  public static ServerConfig load(Path file) throws IOException {
    ConfigFile f = ConfigFile.load(file);
    return f.optionalSection("server").isPresent()
        ? ServerConfigYaml.read(f.section("server"))
        : defaults();
  }

  /**
   * A builder starting from the defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /**
   * A builder starting from these settings.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A copy bound to another address.
   *
   * @param host the address
   * @return the new settings
   */
  public ServerConfig withHost(String host) {
    return toBuilder().host(host).build();
  }

  /**
   * A copy on another port.
   *
   * @param port the port, 0 for any free one
   * @return the new settings
   */
  public ServerConfig withPort(int port) {
    return toBuilder().port(port).build();
  }

  /**
   * A copy with other keys.
   *
   * @param apiKeys the keys
   * @return the new settings
   */
  public ServerConfig withApiKeys(List<ApiKey> apiKeys) {
    return toBuilder().apiKeys(apiKeys).build();
  }

  /**
   * Builds a {@link ServerConfig} for embedded use; {@link #build()} checks the values. Not
   * thread-safe.
   */
  public static final class Builder {
    private String host;
    private int port;
    private List<ApiKey> apiKeys;
    private long maxBodyBytes;
    private int maxBatch;
    private int maxLimit;
    private Duration requestTimeout;
    private Duration readTimeout;
    private Duration shutdownGrace;
    private Audit audit;

    private Builder(ServerConfig c) {
      host = c.host;
      port = c.port;
      apiKeys = c.apiKeys;
      maxBodyBytes = c.maxBodyBytes;
      maxBatch = c.maxBatch;
      maxLimit = c.maxLimit;
      requestTimeout = c.requestTimeout;
      readTimeout = c.readTimeout;
      shutdownGrace = c.shutdownGrace;
      audit = c.audit;
    }

    /**
     * Sets the address to bind.
     *
     * @param host the address
     * @return this builder
     */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /**
     * Sets the port.
     *
     * @param port 0 to 65535 (0 picks a free one)
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Sets the accepted keys.
     *
     * @param apiKeys the keys (none: no authentication, loopback only)
     * @return this builder
     */
    public Builder apiKeys(List<ApiKey> apiKeys) {
      this.apiKeys = apiKeys;
      return this;
    }

    /**
     * Sets the body limit.
     *
     * @param bytes at least 1024
     * @return this builder
     */
    public Builder maxBodyBytes(long bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * Sets the most points, ids or documents per request.
     *
     * @param maxBatch at least 1
     * @return this builder
     */
    public Builder maxBatch(int maxBatch) {
      this.maxBatch = maxBatch;
      return this;
    }

    /**
     * Sets the largest search limit.
     *
     * @param maxLimit at least 1
     * @return this builder
     */
    public Builder maxLimit(int maxLimit) {
      this.maxLimit = maxLimit;
      return this;
    }

    /**
     * Sets how long an operation may run before the request answers 503.
     *
     * @param timeout at least a second
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * Sets how long a client may take to send its request.
     *
     * @param timeout at least a second
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    /**
     * Sets how long a shutdown waits for requests in flight.
     *
     * @param grace the grace period
     * @return this builder
     */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = grace;
      return this;
    }

    /**
     * Sets the audit log's settings.
     *
     * @param audit the settings
     * @return this builder
     */
    public Builder audit(Audit audit) {
      this.audit = audit;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     * @throws IllegalArgumentException naming a bad value
     */
    public ServerConfig build() {
      return new ServerConfig(
          host,
          port,
          apiKeys,
          maxBodyBytes,
          maxBatch,
          maxLimit,
          requestTimeout,
          readTimeout,
          shutdownGrace,
          audit);
    }
  }

  /** What a key may do: each role may do what the roles below it may. */
  public enum Role {
    /** List and read collections and points, search, query, read the API description. */
    READ,
    /** Also upsert and delete points and documents. */
    WRITE,
    /** Also create and drop collections, and create, verify and restore backups. */
    ADMIN;

    /**
     * Whether this role may do what {@code needed} may.
     *
     * @param needed the role a route needs
     * @return whether it is allowed
     */
    public boolean allows(Role needed) {
      return ordinal() >= needed.ordinal();
    }
  }

  /**
   * An accepted API key: its SHA-256, never the key itself.
   *
   * @param name a name for logs and the audit log
   * @param sha256 the lowercase hex SHA-256 of the key's UTF-8 bytes
   * @param role what it may do
   * @param tenant the tenant whose collections it sees, or null for all collections
   */
  public record ApiKey(String name, String sha256, Role role, String tenant) {
    /** Checks the values. */
    public ApiKey {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("an api key needs a name");
      }
      Objects.requireNonNull(role, "role");
      if (sha256 == null || !SHA256.matcher(sha256).matches()) {
        throw new IllegalArgumentException(
            "api key '" + name + "': sha256 must be 64 lowercase hex digits, got " + sha256);
      }
      if (tenant != null && !TENANT.matcher(tenant).matches()) {
        throw new IllegalArgumentException(
            "api key '"
                + name
                + "': tenant must be 1 to 32 letters, digits or '-' (not first), got '"
                + tenant
                + "'");
      }
    }

    /**
     * An entry for a key given in clear (tests, embedded use): its hash is computed here.
     *
     * @param name the name
     * @param key the key as clients send it
     * @param role the role
     * @param tenant the tenant, or null
     * @return the entry
     */
    public static ApiKey of(String name, String key, Role role, String tenant) {
      return new ApiKey(name, sha256Hex(key), role, tenant);
    }

    /**
     * The lowercase hex SHA-256 of a key's UTF-8 bytes, as {@code sha256:} holds it.
     *
     * @param key the key
     * @return 64 hex digits
     */
    public static String sha256Hex(String key) {
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JDK", e);
      }
    }
  }

  /**
   * The audit log's settings.
   *
   * @param enabled whether to write it
   * @param fsync whether each record is forced to disk before the response is sent
   * @param maxFileBytes the size at which {@code audit.jsonl} is rotated
   * @param maxFiles rotated files kept (older ones are deleted)
   */
  public record Audit(boolean enabled, boolean fsync, long maxFileBytes, int maxFiles) {
    /** Checks the values. */
    public Audit {
      if (maxFileBytes < 1024) {
        throw new IllegalArgumentException(
            "audit max_file_size must be >= 1024, got " + maxFileBytes);
      }
      if (maxFiles < 1) {
        throw new IllegalArgumentException("audit max_files must be >= 1, got " + maxFiles);
      }
    }

    /**
     * On, without fsync, rotated at 100 MB, 10 files kept.
     *
     * @return the defaults
     */
    public static Audit defaults() {
      return new Audit(true, false, 100_000_000L, 10);
    }
  }
}
