package dev.vectorizer.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link VectorizerApi} over HTTP/1.1 with the JDK's built-in server, one virtual thread
 * per request (docs/adr/0008-jdk-http-server.md).
 *
 * <pre>{@code
 * try (VectorStore store = VectorStore.open(dir);
 *     VectorizerServer server = VectorizerServer.start(
 *         VectorizerApi.builder(store).config(ServerConfig.load(yaml)).dataDirectory(dir).build())) {
 *   System.out.println("listening on " + server.uri());
 *   ...
 * }
 * }</pre>
 *
 * <p>Without API keys the server binds to loopback only, whatever {@code host} says, and logs it.
 * {@link #close()} drains: it stops accepting connections, answers requests that still arrive on
 * open connections with 503, waits up to {@code shutdown_grace_seconds} for requests in flight, and
 * then closes the API.
 *
 * <p>The JDK server reads two JVM-wide settings once, when the first server of the JVM starts;
 * {@link #start} sets them unless the application already did: {@code
 * sun.net.httpserver.nodelay=true} (no Nagle delay on small responses) and {@code
 * sun.net.httpserver.maxReqTime} = {@code read_timeout_seconds}.
 *
 * <p>Thread-safe. The server owns the API it was given and closes it; the caller owns the store.
 */
public final class VectorizerServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VectorizerServer.class);

  private final VectorizerApi api;
  private final HttpServer http;
  private final ExecutorService executor;
  private final boolean loopbackForced;
  private boolean closed;

  private VectorizerServer(
      VectorizerApi api, HttpServer http, ExecutorService executor, boolean loopbackForced) {
    this.api = api;
    this.http = http;
    this.executor = executor;
    this.loopbackForced = loopbackForced;
  }

  /**
   * Binds and starts serving.
   *
   * @param api the API (this server closes it)
   * @return the running server
   * @throws IOException when the address cannot be bound (the port is taken)
   */
  public static VectorizerServer start(VectorizerApi api) throws IOException {
    ServerConfig config = api.config();
    setIfAbsent("sun.net.httpserver.nodelay", "true");
    setIfAbsent("sun.net.httpserver.maxReqTime", Long.toString(config.readTimeout().toSeconds()));
    InetAddress host = InetAddress.getByName(config.host());
    boolean forced = false;
    if (!api.authenticating() && !host.isLoopbackAddress()) {
      LOG.warn(
          "no api_keys are configured: binding to 127.0.0.1 instead of {} (configure keys to serve"
              + " other hosts; see docs/server.md)",
          config.host());
      host = InetAddress.getLoopbackAddress();
      forced = true;
    }
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(host, config.port()), 0);
    } catch (java.net.BindException e) {
      throw new IOException(
          "cannot listen on " + host.getHostAddress() + ":" + config.port() + ": " + e.getMessage(),
          e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    http.setExecutor(executor);
    http.createContext("/", api.httpHandler());
    http.start();
    return new VectorizerServer(api, http, executor, forced);
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /**
   * The bound address (with the actual port when 0 was asked for).
   *
   * @return the address
   */
  public InetSocketAddress address() {
    return http.getAddress();
  }

  /**
   * The bound port.
   *
   * @return the port
   */
  public int port() {
    return http.getAddress().getPort();
  }

  /**
   * The base URI, for example {@code http://127.0.0.1:15002}.
   *
   * @return the URI
   */
  public URI uri() {
    InetSocketAddress a = http.getAddress();
    String host = a.getAddress().getHostAddress();
    return URI.create(
        "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
  }

  /**
   * Whether the server bound to loopback although {@code host} asked for another address, because
   * no key is configured.
   *
   * @return whether loopback was forced
   */
  public boolean loopbackForced() {
    return loopbackForced;
  }

  /**
   * The API served.
   *
   * @return the API
   */
  public VectorizerApi api() {
    return api;
  }

  /** Drains and stops: see the class description. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Duration grace = api.config().shutdownGrace();
    long deadline = System.nanoTime() + grace.toNanos();
    api.beginDrain();
    // Stops accepting, then waits (whole seconds) until every exchange has ended.
    http.stop((int) Math.max(0, Math.min(Integer.MAX_VALUE, grace.toSeconds())));
    Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    if (!api.awaitIdle(left)) {
      LOG.warn("operations still running after the {} s shutdown grace period", grace.toSeconds());
    }
    executor.shutdown();
    api.close();
  }
}
