package dev.vectorizer.mcp;

import dev.vectorizer.Embedder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedders of this server, created once per name and reused (models are slow to load), and
 * closed with the server.
 */
final class Embedders implements AutoCloseable {
  private final Map<String, Embedder> byName = new ConcurrentHashMap<>();

  Embedder byName(String name) {
    return byName.computeIfAbsent(name, Embedder::byName);
  }

  /** The embedder that made a collection, from the id it recorded (its name is a prefix). */
  Embedder forRecordedId(String collection, String recordedId) {
    String best = null;
    for (String name : Embedder.names()) {
      if (recordedId.startsWith(name) && (best == null || name.length() > best.length())) {
        best = name;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException(
          "collection '"
              + collection
              + "' was made with embedder '"
              + recordedId
              + "', which is not available here (known: "
              + String.join(", ", Embedder.names())
              + ")");
    }
    return byName(best);
  }

  @Override
  public void close() {
    for (Embedder e : byName.values()) {
      if (e instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing a model at shutdown: nothing left to do with the failure
        }
      }
    }
    byName.clear();
  }
}
