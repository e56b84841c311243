package dev.vectorizer.server.internal;

import java.util.Map;

/**
 * What a handler answers: a status and a JSON value (maps, lists, strings, numbers), or raw bytes
 * with their content type, and extra response headers.
 *
 * @param status the HTTP status
 * @param json the value to write as JSON, or null
 * @param contentType the content type of {@code raw}
 * @param raw the body as bytes, or null
 * @param headers extra response headers
 */
public record Reply(
    int status, Object json, String contentType, byte[] raw, Map<String, String> headers) {
  static Reply ok(Object json) {
    return of(200, json);
  }

  static Reply created(Object json) {
    return of(201, json);
  }

  static Reply of(int status, Object json) {
    return new Reply(status, json, null, null, Map.of());
  }

  static Reply bytes(String contentType, byte[] raw) {
    return new Reply(200, null, contentType, raw, Map.of());
  }
}
