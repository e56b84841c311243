package dev.vectorizer.server.internal;

import dev.vectorizer.Embedder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedders of text collections, one instance per name (models load once), found through {@link
 * Embedder#byName}. A collection records its embedder's id ({@code hashing-384}, {@code
 * minilm-...}); the embedder whose name is the longest prefix of that id serves it.
 *
 * <p>Thread-safe. Closes the embedders it created.
 */
final class Embedders implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Embedders.class);
  private final Map<String, Embedder> byName = new ConcurrentHashMap<>();

  Embedder byName(String name) {
    try {
      return byName.computeIfAbsent(name, Embedder::byName);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  Embedder forRecordedId(String recordedId) {
    String best = null;
    for (String name : Embedder.names()) {
      if (recordedId.startsWith(name) && (best == null || name.length() > best.length())) {
        best = name;
      }
    }
    if (best == null) {
      throw new ApiException(
          409,
          "embedder_unavailable",
          "the collection was made with embedder '"
              + recordedId
              + "', which this server does not have (known: "
              + String.join(", ", Embedder.names())
              + ")");
    }
    Embedder e = byName(best);
    if (!e.id().equals(recordedId)) {
      throw new ApiException(
          409,
          "embedder_unavailable",
          "the collection was made with embedder '"
              + recordedId
              + "'; this server's '"
              + best
              + "' is '"
              + e.id()
              + "'");
    }
    return e;
  }

  @Override
  public void close() {
    for (Embedder e : byName.values()) {
      if (e instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception x) {
          LOG.warn("closing embedder {} failed", e.id(), x);
        }
      }
    }
    byName.clear();
  }
}
