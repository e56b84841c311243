package dev.vectorizer.server.internal;

import dev.vectorizer.server.ServerConfig.ApiKey;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the key a request carries ({@code Authorization: Bearer KEY} or {@code X-API-Key: KEY})
 * against the configured SHA-256 hashes. Keys are never kept or logged in clear: the presented key
 * is hashed and looked up by its hash.
 *
 * <p>Immutable and thread-safe.
 */
final class Auth {
  /** The outcome of checking a request's key. */
  sealed interface Result {}

  /** No key was sent. */
  record Missing() implements Result {}

  /** A key was sent that matches no configured hash. */
  record Unknown() implements Result {}

  /**
   * A known key.
   *
   * @param principal its name, role and tenant
   */
  record Known(Principal principal) implements Result {}

  private final Map<String, Principal> byHash = new HashMap<>();

  Auth(List<ApiKey> keys) {
    for (ApiKey k : keys) {
      byHash.put(k.sha256(), new Principal(k.name(), k.role(), k.tenant()));
    }
  }

  /** Whether any key is configured (without keys, every request is {@link Principal#OPEN}). */
  boolean enabled() {
    return !byHash.isEmpty();
  }

  Result authenticate(Headers headers) {
    if (!enabled()) {
      return new Known(Principal.OPEN);
    }
    String key = null;
    String authorization = headers.first("authorization");
    if (authorization != null) {
      String a = authorization.trim();
      if (a.length() > 7 && a.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
        key = a.substring(7).trim();
      } else {
        return new Unknown(); // another scheme: never a valid key here
      }
    }
    if (key == null) {
      key = headers.first("x-api-key");
    }
    if (key == null || key.isBlank()) {
      return new Missing();
    }
    Principal p = byHash.get(ApiKey.sha256Hex(key.trim()));
    return p == null ? new Unknown() : new Known(p);
  }
}
