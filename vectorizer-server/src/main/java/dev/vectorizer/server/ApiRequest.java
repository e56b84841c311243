package dev.vectorizer.server;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request handed to {@link VectorizerApi#handle}, for applications that mount the API in a server
 * other than the JDK's (a servlet, Netty, ...): build one from the server's request and write the
 * {@link ApiResponse} back.
 *
 * <p>Immutable apart from the body stream, which {@link VectorizerApi#handle} reads (at most the
 * configured body limit) and does not close.
 *
 * @param method the HTTP method, upper case
 * @param path the raw (still percent-encoded) path relative to where the API is mounted, starting
 *     with {@code /}: {@code /collections/docs/search}
 * @param query the raw query string, or null
 * @param headers the request headers (names in any case)
 * @param body the body
 * @param contentLength the body's length from {@code Content-Length}, or -1 when unknown
 * @param remoteAddress the client's address, for the audit log
 */
public record ApiRequest(
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    InputStream body,
    long contentLength,
    String remoteAddress) {
  /** Checks the arguments. */
  public ApiRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }
}
