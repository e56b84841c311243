package dev.vectorizer.server.internal;

import dev.vectorizer.VectorStore;
import dev.vectorizer.server.ApiRequest;
import dev.vectorizer.server.ApiResponse;
import dev.vectorizer.server.ServerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request through the pipeline: route, authenticate, authorise, read the body within its
 * limit, run the handler within the request timeout, map exceptions to statuses, record metrics and
 * the audit log. Also answers the operational routes ({@code /health}, {@code /ready}, {@code
 * /metrics}, {@code /openapi.json}).
 *
 * <p>Concurrency: stateless per request apart from the draining flag and the count of operations in
 * flight, which {@link #awaitIdle} waits on at shutdown. Handlers are never interrupted: an
 * interrupt would close the store's file channels under a write.
 *
 * <p>Thread-safe. The caller owns the store; {@link #close()} closes the audit log, the embedders
 * and the meters.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");
  private static final byte[] EMPTY = new byte[0];
  static final String JSON_TYPE = "application/json";

  private final VectorStore store;
  private final ServerConfig config;
  private final Path dataDirectory;
  private final Clock clock;
  private final Auth auth;
  private final AuditLog audit;
  private final ServerMetrics metrics;
  private final Embedders embedders = new Embedders();
  private final Router router;
  private final ExecutorService ops = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final byte[] openapi;
  private volatile boolean draining;

  /**
   * Creates the pipeline.
   *
   * @param store the store (the caller closes it)
   * @param config the settings
   * @param dataDirectory the store's directory (audit log, readiness), or null for none
   * @param backupDirectory where backups are written and found
   * @param registry where meters go ({@code /metrics} scrapes it if it is a Prometheus registry)
   * @param clock the clock
   * @throws IOException when the audit log cannot be opened
   */
  public Dispatcher(
      VectorStore store,
      ServerConfig config,
      Path dataDirectory,
      Path backupDirectory,
      MeterRegistry registry,
      Clock clock)
      throws IOException {
    this.store = store;
    this.config = config;
    this.dataDirectory = dataDirectory;
    this.clock = clock;
    this.auth = new Auth(config.apiKeys());
    this.metrics = new ServerMetrics(store, registry);
    this.audit =
        config.audit().enabled() && dataDirectory != null
            ? new AuditLog(dataDirectory, config.audit(), clock)
            : null;
    try (InputStream in =
        Dispatcher.class.getResourceAsStream("/dev/vectorizer/server/openapi.json")) {
      this.openapi = in.readAllBytes();
    }
    this.router =
        new Router(
            Routes.table(
                new OpsRoutes(store, dataDirectory, metrics, openapi, () -> draining),
                new CollectionRoutes(
                    store, embedders, config.maxBatch(), config.maxLimit(), metrics),
                new PointRoutes(store, config.maxBatch(), config.maxLimit(), metrics),
                new BackupRoutes(store, backupDirectory, clock, metrics)));
  }

  /** The route table. */
  public List<Route> routes() {
    return router.routes();
  }

  /** The meters. */
  public ServerMetrics metrics() {
    return metrics;
  }

  /** Whether API keys are configured. */
  public boolean authenticating() {
    return auth.enabled();
  }

  /** From now on, {@code /ready} answers 503 and new requests get 503 {@code shutting_down}. */
  public void beginDrain() {
    draining = true;
  }

  /**
   * Waits until no operation runs (operations that timed out may still be running).
   *
   * @param timeout how long to wait at most
   * @return whether none runs
   */
  public boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return inFlight.get() == 0;
  }

  /**
   * Handles a request.
   *
   * @param req the request
   * @return the response
   */
  public ApiResponse handle(ApiRequest req) {
    long start = System.nanoTime();
    String requestId = requestId(Headers.of(req.headers()));
    Principal principal = null;
    Route route = null;
    Call call = null;
    Reply reply;
    try {
      Router.Match match = null;
      ApiException routing = null;
      try {
        match = router.match(req.method(), req.path());
      } catch (ApiException e) {
        routing = e;
      }
      if (draining && (match == null || match.route().access() != Route.Access.PUBLIC)) {
        throw new ApiException(
            503, "shutting_down", "the server is shutting down", Map.of("Connection", "close"));
      }
      if (match == null || match.route().access() != Route.Access.PUBLIC) {
        principal = authenticate(Headers.of(req.headers()));
      }
      if (routing != null) {
        throw routing;
      }
      if (match == null) {
        throw ApiException.notFound(
            "not_found",
            "no route "
                + req.method()
                + " "
                + req.path()
                + " (the API is described at /openapi.json)");
      }
      route = match.route();
      authorize(principal, route);
      byte[] body = readBody(req);
      call = new Call(principal, route, match.params(), body, requestId);
      reply = run(route, call);
    } catch (Throwable t) {
      reply = Errors.reply(t, principal, requestId);
    }
    long nanos = System.nanoTime() - start;
    int status = reply.status();
    metrics.request(req.method(), route == null ? "unmatched" : route.template(), status, nanos);
    if (status == 401 || status == 403) {
      metrics.authFailure(status);
    }
    if ((route != null && route.audited()) || status == 401 || status == 403) {
      audit(req, principal, route, call, status, requestId, nanos);
    }
    return response(reply, requestId);
  }

  private Principal authenticate(Headers headers) {
    return switch (auth.authenticate(headers)) {
      case Auth.Known k -> k.principal();
      case Auth.Missing m ->
          throw new ApiException(
              401,
              "unauthorized",
              "an API key is required: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'",
              Map.of("WWW-Authenticate", "Bearer realm=\"vectorizer\""));
      case Auth.Unknown u ->
          throw new ApiException(
              401,
              "unauthorized",
              "the API key is not valid",
              Map.of("WWW-Authenticate", "Bearer realm=\"vectorizer\", error=\"invalid_token\""));
    };
  }

  private static void authorize(Principal p, Route route) {
    if (route.access() == Route.Access.PUBLIC) {
      return;
    }
    if (!p.role().allows(route.role())) {
      throw new ApiException(
          403,
          "forbidden",
          "key '"
              + p.keyName()
              + "' has role "
              + p.role().name().toLowerCase(java.util.Locale.ROOT)
              + "; "
              + route.method()
              + " "
              + route.template()
              + " needs "
              + route.role().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (route.access() == Route.Access.GLOBAL_KEY && p.tenant() != null) {
      throw new ApiException(
          403,
          "forbidden",
          "key '"
              + p.keyName()
              + "' belongs to a tenant; "
              + route.template()
              + " needs a key without one");
    }
  }

  private byte[] readBody(ApiRequest req) throws IOException {
    long max = config.maxBodyBytes();
    if (req.contentLength() == 0) {
      return EMPTY;
    }
    if (req.contentLength() > max) {
      drain(req.body(), 4 * max);
      throw tooLarge(req.contentLength() + " bytes");
    }
    byte[] body = req.body().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    if (body.length > max) {
      drain(req.body(), 4 * max);
      throw tooLarge("more than " + max + " bytes");
    }
    return body;
  }

  /** Reads and drops the rest of a refused body, so the client can read the answer. */
  private static void drain(InputStream in, long limit) throws IOException {
    byte[] buf = new byte[1 << 16];
    long total = 0;
    int n;
    while (total < limit && (n = in.read(buf)) > 0) {
      total += n;
    }
  }

  private ApiException tooLarge(String size) {
    return new ApiException(
        413,
        "body_too_large",
        "the body has "
            + size
            + ", the limit is "
            + config.maxBodyBytes()
            + " bytes (server.max_body_size): send smaller batches",
        Map.of("Connection", "close"));
  }

  private Reply run(Route route, Call call) throws Exception {
    inFlight.incrementAndGet();
    if (!route.timed()) {
      try {
        return route.handler().handle(call);
      } finally {
        inFlight.decrementAndGet();
      }
    }
    Future<Reply> f;
    try {
      f =
          ops.submit(
              () -> {
                try {
                  return route.handler().handle(call);
                } finally {
                  inFlight.decrementAndGet();
                }
              });
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      throw e;
    }
    try {
      return f.get(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : new RuntimeException(e.getCause());
    } catch (TimeoutException e) {
      throw new ApiException(
          503,
          "timeout",
          "the operation did not finish within "
              + config.requestTimeout().toSeconds()
              + " s (server.request_timeout_seconds); a write may still be applied, and retrying"
              + " an upsert or delete is safe",
          Map.of("Retry-After", "1"));
    }
  }

  private ApiResponse response(Reply reply, String requestId) {
    Map<String, String> headers = new HashMap<>(reply.headers());
    headers.put("X-Request-Id", requestId);
    if (reply.raw() != null) {
      return new ApiResponse(reply.status(), reply.contentType(), reply.raw(), headers);
    }
    try {
      return new ApiResponse(
          reply.status(), JSON_TYPE, JsonBody.JSON.writeValueAsBytes(reply.json()), headers);
    } catch (IOException e) {
      LOG.error("request {}: the answer cannot be written as JSON", requestId, e);
      return new ApiResponse(
          500,
          JSON_TYPE,
          "{\"error\":\"the answer cannot be written\",\"code\":\"internal\"}"
              .getBytes(StandardCharsets.UTF_8),
          headers);
    }
  }

  private void audit(
      ApiRequest req,
      Principal p,
      Route route,
      Call call,
      int status,
      String requestId,
      long nanos) {
    if (audit == null) {
      return;
    }
    try {
      audit.append(
          new AuditLog.Entry(
              clock.instant(),
              p == null ? "-" : p.keyName(),
              p == null ? null : p.tenant(),
              req.method(),
              route == null ? "unmatched" : route.template(),
              call == null ? null : call.auditCollection,
              status,
              requestId,
              nanos / 1000,
              req.remoteAddress()));
    } catch (IOException | RuntimeException e) {
      metrics.auditFailure();
      LOG.error("request {}: the audit record cannot be written", requestId, e);
    }
  }

  private static String requestId(Headers h) {
    String given = h.first("x-request-id");
    return given != null && REQUEST_ID.matcher(given).matches()
        ? given
        : UUID.randomUUID().toString();
  }

  @Override
  public void close() {
    draining = true;
    ops.shutdown();
    embedders.close();
    metrics.close();
    if (audit != null) {
      audit.close();
    }
  }
}
