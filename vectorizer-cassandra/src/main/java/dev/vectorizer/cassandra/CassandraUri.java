package dev.vectorizer.cassandra;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a Cassandra store is, as the CLI and configuration files write it:
 *
 * <pre>
 * cassandra://[USER:PASSWORD@]HOST[:PORT][,HOST[:PORT]...]/KEYSPACE[?OPTION=VALUE&amp;...]
 * </pre>
 *
 * <p>The port defaults to 9042. Options: {@code dc} (the local datacenter, default {@code
 * datacenter1}), {@code consistency} (both reads and writes), {@code read_consistency}, {@code
 * write_consistency} (for example {@code LOCAL_QUORUM}, the default), {@code timeout} (per request,
 * for example {@code 10s} or {@code 500ms}), {@code connect_timeout}, and {@code rf} (create the
 * keyspace with SimpleStrategy and this replication factor when it does not exist; for tests and
 * single-node clusters, production keyspaces are made by their operators).
 *
 * <p>Immutable and thread-safe.
 *
 * @param contactPoints the hosts to connect to first
 * @param keyspace the keyspace holding the collections' tables
 * @param user the user name, or null
 * @param password the password, or null
 * @param options the query options, by name
 */
public record CassandraUri(
    List<InetSocketAddress> contactPoints,
    String keyspace,
    String user,
    String password,
    Map<String, String> options) {
  /** The default CQL port. */
  public static final int DEFAULT_PORT = 9042;

  private static final Set<String> OPTIONS =
      Set.of(
          "dc",
          "consistency",
          "read_consistency",
          "write_consistency",
          "timeout",
          "connect_timeout",
          "rf");
  private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

  /** Checks the arguments and copies the collections (options sorted by name). */
  public CassandraUri {
    contactPoints = List.copyOf(contactPoints);
    options = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(options));
  }

  /**
   * Tells whether a text is meant as a Cassandra address (starts with {@code cassandra://}), as
   * opposed to a directory.
   *
   * @param text the text
   * @return whether it is
   */
  public static boolean isCassandra(String text) {
    return text != null && text.regionMatches(true, 0, "cassandra://", 0, 12);
  }

  /**
   * Parses an address.
   *
   * @param text the address
   * @return the parsed address
   * @throws IllegalArgumentException naming the address and what is wrong with it
   */
  public static CassandraUri parse(String text) {
    if (!isCassandra(text)) {
      throw bad(text, "it must start with cassandra://");
    }
    String rest = text.substring(12);
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw bad(text, "the keyspace is missing (cassandra://HOST:PORT/KEYSPACE)");
    }
    String authority = rest.substring(0, slash);
    String pathAndQuery = rest.substring(slash + 1);
    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      if (colon <= 0) {
        throw bad(text, "credentials must be USER:PASSWORD@");
      }
      user = decode(userInfo.substring(0, colon));
      password = decode(userInfo.substring(colon + 1));
    }
    List<InetSocketAddress> hosts = new ArrayList<>();
    for (String host : authority.split(",", -1)) {
      hosts.add(hostAndPort(text, host));
    }
    int question = pathAndQuery.indexOf('?');
    String keyspace = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    if (!KEYSPACE.matcher(keyspace).matches()) {
      throw bad(
          text,
          "keyspace '"
              + keyspace
              + "' is not 1 to 48 letters, digits or '_' starting with a letter");
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (question >= 0 && question < pathAndQuery.length() - 1) {
      for (String pair : pathAndQuery.substring(question + 1).split("&")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw bad(text, "option '" + pair + "' is not NAME=VALUE");
        }
        String name = pair.substring(0, eq);
        if (!OPTIONS.contains(name)) {
          throw bad(
              text,
              "unknown option '" + name + "' (known: " + String.join(", ", sorted(OPTIONS)) + ")");
        }
        options.put(name, decode(pair.substring(eq + 1)));
      }
    }
    CassandraUri uri = new CassandraUri(hosts, keyspace, user, password, options);
    uri.applyTo(CassandraVectorStore.builder()); // checks option values
    return uri;
  }

  /**
   * Sets a builder from this address: contact points, keyspace, credentials and options.
   *
   * @param builder the builder
   * @return the builder
   * @throws IllegalArgumentException naming a bad option value
   */
  public CassandraVectorStore.Builder applyTo(CassandraVectorStore.Builder builder) {
    builder.contactPoints(contactPoints).keyspace(keyspace);
    if (user != null) {
      builder.credentials(user, password);
    }
    options.forEach(
        (name, value) -> {
          switch (name) {
            case "dc" -> builder.localDatacenter(value);
            case "consistency" -> builder.readConsistency(value).writeConsistency(value);
            case "read_consistency" -> builder.readConsistency(value);
            case "write_consistency" -> builder.writeConsistency(value);
            case "timeout" -> builder.requestTimeout(duration(name, value));
            case "connect_timeout" -> builder.connectTimeout(duration(name, value));
            case "rf" -> builder.createKeyspace(integer(name, value));
            default -> throw new IllegalArgumentException("unknown option '" + name + "'");
          }
        });
    return builder;
  }

  /**
   * The address without the password, for messages, logs and the migration's resume file; the same
   * for every spelling of the same address (options in name order).
   *
   * @return the address
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("cassandra://");
    if (user != null) {
      b.append(user).append(":***@");
    }
    for (int i = 0; i < contactPoints.size(); i++) {
      InetSocketAddress a = contactPoints.get(i);
      b.append(i == 0 ? "" : ",").append(a.getHostString()).append(':').append(a.getPort());
    }
    b.append('/').append(keyspace);
    String sep = "?";
    for (Map.Entry<String, String> e : options.entrySet()) {
      b.append(sep).append(e.getKey()).append('=').append(e.getValue());
      sep = "&";
    }
    return b.toString();
  }

  /**
   * Parses {@code 10s}, {@code 500ms}, {@code 2m}.
   *
   * @param what the option's name, for messages
   * @param value the text
   * @return the duration, positive
   */
  static Duration duration(String what, String value) {
    var m = Pattern.compile("(\\d{1,9})(ms|s|m)").matcher(value.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(
          what + " '" + value + "' is not a positive duration like 500ms, 10s or 2m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  private static int integer(String what, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + value + "' is not an integer", e);
    }
  }

  private static InetSocketAddress hostAndPort(String text, String host) {
    if (host.isBlank()) {
      throw bad(text, "a host is empty");
    }
    String name = host;
    int port = DEFAULT_PORT;
    int colon = host.lastIndexOf(':');
    if (colon >= 0 && !host.endsWith("]")) {
      name = host.substring(0, colon);
      String p = host.substring(colon + 1);
      try {
        port = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw bad(text, "port '" + p + "' of host '" + name + "' is not a number");
      }
      if (port < 1 || port > 65535) {
        throw bad(text, "port " + port + " of host '" + name + "' is not between 1 and 65535");
      }
    }
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.isEmpty()) {
      throw bad(text, "a host is empty");
    }
    return InetSocketAddress.createUnresolved(name, port);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static List<String> sorted(Set<String> set) {
    List<String> l = new ArrayList<>(set);
    l.sort(null);
    return l;
  }

  private static IllegalArgumentException bad(String text, String why) {
    String shown = text == null ? "null" : text.replaceAll("://([^:/@]*):[^@/]*@", "://$1:***@");
    return new IllegalArgumentException("bad Cassandra address '" + shown + "': " + why);
  }
}
