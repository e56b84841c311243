package dev.vectorizer.server.internal;

import dev.vectorizer.VectorStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The operational routes: liveness ({@code /health}), readiness ({@code /ready}), metrics and the
 * API description. Thread-safe.
 */
final class OpsRoutes {
  private final VectorStore store;
  private final Path dataDirectory;
  private final ServerMetrics metrics;
  private final byte[] openapi;
  private final BooleanSupplier draining;

  OpsRoutes(
      VectorStore store,
      Path dataDirectory,
      ServerMetrics metrics,
      byte[] openapi,
      BooleanSupplier draining) {
    this.store = store;
    this.dataDirectory = dataDirectory;
    this.metrics = metrics;
    this.openapi = openapi;
    this.draining = draining;
  }

  Reply health(Call c) {
    return Reply.ok(Map.of("status", "ok"));
  }

  Reply ready(Call c) {
    String reason = null;
    if (draining.getAsBoolean()) {
      reason = "shutting down";
    } else if (!storeOpen()) {
      reason = "the store is closed";
    } else if (dataDirectory != null && !Files.isWritable(dataDirectory)) {
      reason = "the data directory is not writable";
    }
    return reason == null
        ? Reply.ok(Map.of("status", "ready"))
        : Reply.of(503, Map.of("status", "not_ready", "reason", reason));
  }

  private boolean storeOpen() {
    try {
      store.stats();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  Reply metrics(Call c) {
    String text = metrics.scrape();
    if (text == null) {
      throw ApiException.notFound(
          "not_found", "metrics go to the application's meter registry, not to /metrics");
    }
    return Reply.bytes(
        "text/plain; version=0.0.4; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  Reply openapi(Call c) {
    return Reply.bytes(Dispatcher.JSON_TYPE, openapi);
  }
}
