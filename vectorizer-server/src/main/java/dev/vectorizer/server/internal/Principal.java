package dev.vectorizer.server.internal;

import dev.vectorizer.server.ServerConfig.Role;

/**
 * Who is calling: the key's name, role and tenant. Without configured keys every caller is {@link
 * #OPEN} (admin, no tenant).
 *
 * @param keyName the key's name ({@code -} for none)
 * @param role what it may do
 * @param tenant its tenant, or null for all collections
 */
public record Principal(String keyName, Role role, String tenant) {
  /** The caller of a server without keys. */
  public static final Principal OPEN = new Principal("-", Role.ADMIN, null);
}
