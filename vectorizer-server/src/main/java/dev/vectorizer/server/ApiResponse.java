package dev.vectorizer.server;

import java.util.Map;

/**
 * What {@link VectorizerApi#handle} answers: write the status, the headers (with {@code
 * Content-Type}) and the body.
 *
 * <p>Immutable; do not change the body array.
 *
 * @param status the HTTP status
 * @param contentType the body's content type
 * @param body the body
 * @param headers further response headers ({@code X-Request-Id}, {@code Allow}, ...)
 */
public record ApiResponse(
    int status, String contentType, byte[] body, Map<String, String> headers) {
  /** Copies the headers. */
  public ApiResponse {
    headers = Map.copyOf(headers);
  }
}
