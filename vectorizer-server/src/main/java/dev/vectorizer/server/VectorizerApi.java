package dev.vectorizer.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vectorizer.VectorStore;
import dev.vectorizer.server.internal.Dispatcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The REST API over a {@link VectorStore}, without a server of its own: {@link VectorizerServer}
 * serves it, and an application can mount it in its own server instead, either a JDK {@code
 * HttpServer} through {@link #httpHandler()} or any other through {@link #handle(ApiRequest)}.
 *
 * <pre>{@code
 * VectorizerApi api = VectorizerApi.builder(store).dataDirectory(dir).build();
 * httpServer.createContext("/vectors", api.httpHandler());   // GET /vectors/collections ...
 * }</pre>
 *
 * <p>Thread-safe. The caller owns the store and closes it after closing the API; {@link #close()}
 * closes the audit log, the embedders of text collections and the meters, not the store.
 */
public final class VectorizerApi implements AutoCloseable {
  private final Dispatcher dispatcher;
  private final ServerConfig config;
  private final MeterRegistry registry;

  private VectorizerApi(Dispatcher dispatcher, ServerConfig config, MeterRegistry registry) {
    this.dispatcher = dispatcher;
    this.config = config;
    this.registry = registry;
  }

  /**
   * Starts a builder.
   *
   * @param store the store to serve
   * @return the builder
   */
  public static Builder builder(VectorStore store) {
    return new Builder(store);
  }

  /**
   * Handles one request.
   *
   * @param request the request
   * @return the response to send
   */
  public ApiResponse handle(ApiRequest request) {
    return dispatcher.handle(request);
  }

  /**
   * A handler for a JDK {@code HttpServer} context; paths are taken relative to the context's path.
   *
   * @return the handler
   */
  public HttpHandler httpHandler() {
    return this::exchange;
  }

  private void exchange(HttpExchange ex) throws IOException {
    try (ex) {
      String context = ex.getHttpContext().getPath();
      String raw = ex.getRequestURI().getRawPath();
      String path = raw;
      if (!context.equals("/") && raw.startsWith(context)) {
        path = raw.substring(context.endsWith("/") ? context.length() - 1 : context.length());
      }
      if (path.isEmpty()) {
        path = "/";
      }
      String length = ex.getRequestHeaders().getFirst("Content-Length");
      long contentLength = -1;
      if (length != null) {
        try {
          contentLength = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
          contentLength = -1;
        }
      }
      ApiResponse r =
          dispatcher.handle(
              new ApiRequest(
                  ex.getRequestMethod(),
                  path,
                  ex.getRequestURI().getRawQuery(),
                  ex.getRequestHeaders(),
                  ex.getRequestBody(),
                  contentLength,
                  ex.getRemoteAddress() == null
                      ? null
                      : ex.getRemoteAddress().getAddress().getHostAddress()));
      ex.getResponseHeaders().set("Content-Type", r.contentType());
      for (Map.Entry<String, String> h : r.headers().entrySet()) {
        ex.getResponseHeaders().set(h.getKey(), h.getValue());
      }
      ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
      if (r.body().length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(r.body());
        }
      }
    }
  }

  /**
   * The settings.
   *
   * @return the configuration
   */
  public ServerConfig config() {
    return config;
  }

  /**
   * The registry the API's meters go to.
   *
   * @return the registry
   */
  public MeterRegistry meterRegistry() {
    return registry;
  }

  /**
   * Whether API keys are checked (false: every caller is an admin without a tenant).
   *
   * @return whether keys are configured
   */
  public boolean authenticating() {
    return dispatcher.authenticating();
  }

  /**
   * Counts a watcher event in {@code vectorizer_watch_events_total}.
   *
   * @param type indexed, removed, skipped or error
   */
  public void recordWatchEvent(String type) {
    dispatcher.metrics().watchEvent(type);
  }

  /**
   * Records a backup taken outside the API (a schedule) in the backup meters.
   *
   * @param collection the collection
   * @param type full or incremental
   * @param ok whether it succeeded
   * @param nanos how long it took
   */
  public void recordBackup(String collection, String type, boolean ok, long nanos) {
    dispatcher.metrics().backup(collection, type, ok, nanos, System.currentTimeMillis());
  }

  /** Starts refusing requests (503) and reporting not ready, ahead of a shutdown. */
  public void beginDrain() {
    dispatcher.beginDrain();
  }

  /**
   * Waits for operations in flight to end.
   *
   * @param timeout how long to wait at most
   * @return whether none is left
   */
  public boolean awaitIdle(Duration timeout) {
    return dispatcher.awaitIdle(timeout);
  }

  /** Closes the audit log, embedders and meters (not the store). Idempotent. */
  @Override
  public void close() {
    dispatcher.close();
  }

  /** Builds a {@link VectorizerApi}. Not thread-safe. */
  public static final class Builder {
    private final VectorStore store;
    private ServerConfig config = ServerConfig.defaults();
    private Path dataDirectory;
    private Path backupDirectory;
    private MeterRegistry registry;
    private Clock clock = Clock.systemUTC();

    private Builder(VectorStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Sets the settings (default {@link ServerConfig#defaults()}).
     *
     * @param config the settings
     * @return this builder
     */
    public Builder config(ServerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Sets the store's data directory: the audit log goes there, and {@code /ready} checks it is
     * writable. Without it there is no audit log.
     *
     * @param dataDirectory the directory
     * @return this builder
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory;
      return this;
    }

    /**
     * Sets where backups are written and found (default {@code DATA/backups}).
     *
     * @param backupDirectory the directory
     * @return this builder
     */
    public Builder backupDirectory(Path backupDirectory) {
      this.backupDirectory = backupDirectory;
      return this;
    }

    /**
     * Sets the meter registry (default: a new Prometheus registry, scraped on {@code /metrics};
     * with another kind of registry {@code /metrics} answers 404).
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = registry;
      return this;
    }

    /**
     * Sets the clock (backup names, audit times).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the API.
     *
     * @return the API
     * @throws UncheckedIOException when the audit log cannot be opened
     */
    public VectorizerApi build() {
      MeterRegistry r =
          registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Path backups = backupDirectory;
      if (backups == null) {
        backups =
            dataDirectory != null
                ? dataDirectory.resolve("backups")
                : Path.of("vectorizer-backups");
      }
      try {
        return new VectorizerApi(
            new Dispatcher(store, config, dataDirectory, backups, r, clock), config, r);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot open the audit log in " + dataDirectory + ": " + e.getMessage(), e);
      }
    }
  }
}
