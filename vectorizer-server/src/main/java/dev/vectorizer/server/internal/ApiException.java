package dev.vectorizer.server.internal;

/**
 * A failure with its HTTP status and machine-readable code, answered as {@code {"error": message,
 * "code": code}}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient java.util.Map<String, String> headers;

  /**
   * Creates an exception.
   *
   * @param status the HTTP status
   * @param code the machine-readable code
   * @param message what went wrong, naming the value and the fix
   */
  public ApiException(int status, String code, String message) {
    this(status, code, message, java.util.Map.of());
  }

  /**
   * Creates an exception whose response carries headers.
   *
   * @param status the HTTP status
   * @param code the machine-readable code
   * @param message what went wrong
   * @param headers response headers ({@code Allow}, {@code Retry-After}, ...)
   */
  public ApiException(
      int status, String code, String message, java.util.Map<String, String> headers) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = java.util.Map.copyOf(headers);
  }

  /**
   * Response headers that go with the error.
   *
   * @return the headers
   */
  public java.util.Map<String, String> headers() {
    return headers;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "invalid_argument", message);
  }

  static ApiException notFound(String code, String message) {
    return new ApiException(404, code, message);
  }

  /**
   * The HTTP status.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * The machine-readable code.
   *
   * @return the code
   */
  public String code() {
    return code;
  }
}
