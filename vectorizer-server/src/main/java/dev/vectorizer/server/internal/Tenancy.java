package dev.vectorizer.server.internal;

import java.util.regex.Pattern;

/**
 * Tenants are a naming convention at the edge: a tenant key's collection {@code docs} is the
 * store's collection {@code acme__docs}. Tenant names have no {@code _}, so the first {@code __}
 * splits a stored name unambiguously. Clients of a tenant never see the prefix: names in requests,
 * answers and error messages are short names, and another tenant's collection is as missing as one
 * that does not exist. Keys without a tenant see the store's names as they are.
 */
final class Tenancy {
  static final String SEPARATOR = "__";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]*");
  private static final int MAX_NAME = 128;

  private Tenancy() {}

  /** The store's name of a collection a client names; checks the name. */
  static String internal(Principal p, String name) {
    int max = p.tenant() == null ? MAX_NAME : MAX_NAME - p.tenant().length() - SEPARATOR.length();
    if (name == null || name.length() > max || !NAME.matcher(name).matches()) {
      throw ApiException.badRequest(
          "invalid collection name '"
              + name
              + "': use 1 to "
              + max
              + " letters, digits, '-', '_' or '.', not starting with '.'");
    }
    return p.tenant() == null ? name : p.tenant() + SEPARATOR + name;
  }

  /** Whether a store name belongs to the caller's tenant (every name for keys without one). */
  static boolean visible(Principal p, String stored) {
    return p.tenant() == null || stored.startsWith(p.tenant() + SEPARATOR);
  }

  /** The name a client sees for a store name it may see. */
  static String external(Principal p, String stored) {
    return p.tenant() == null ? stored : stored.substring(p.tenant().length() + SEPARATOR.length());
  }

  /** A message with the caller's tenant prefix removed from names. */
  static String scrub(Principal p, String message) {
    return p.tenant() == null || message == null
        ? message
        : message.replace(p.tenant() + SEPARATOR, "");
  }
}
