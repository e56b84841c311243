package dev.vectorizer.cassandra.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.vectorizer.VectorizerException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/** Opens driver sessions with the store's settings and checks the keyspace. */
public final class Sessions {
  private Sessions() {}

  /**
   * The settings of a session.
   *
   * @param contactPoints hosts and ports (unresolved is fine)
   * @param localDatacenter the datacenter the driver sends requests to
   * @param keyspace the keyspace
   * @param user the user, or null
   * @param password the password
   * @param read read consistency
   * @param write write consistency
   * @param requestTimeout the per-request timeout
   * @param connectTimeout the timeout to connect and initialise
   * @param replicationFactor when above 0, create the keyspace with SimpleStrategy if missing
   */
  public record Settings(
      List<InetSocketAddress> contactPoints,
      String localDatacenter,
      String keyspace,
      String user,
      String password,
      DefaultConsistencyLevel read,
      DefaultConsistencyLevel write,
      Duration requestTimeout,
      Duration connectTimeout,
      int replicationFactor) {

    /**
     * The contact points as {@code [host:port, ...]}.
     *
     * @return the text
     */
    public String describe() {
      List<String> s = new ArrayList<>();
      for (InetSocketAddress a : contactPoints) {
        s.add(a.getHostString() + ":" + a.getPort());
      }
      return s.toString();
    }
  }

  /**
   * Connects and checks (or creates) the keyspace.
   *
   * @param s the settings
   * @return the session helper; the caller closes its session
   * @throws VectorizerException naming the contact points when none answers in time, or the
   *     keyspace when it is missing
   */
  public static Cql open(Settings s) {
    DriverConfigLoader config =
        DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, s.requestTimeout())
            .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, s.connectTimeout())
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, s.connectTimeout())
            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, s.connectTimeout())
            .withDuration(
                DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT,
                s.requestTimeout().multipliedBy(3))
            .withString(DefaultDriverOption.REQUEST_CONSISTENCY, s.read().name())
            .withBoolean(DefaultDriverOption.REQUEST_DEFAULT_IDEMPOTENCE, true)
            .withStringList(
                DefaultDriverOption.METADATA_SCHEMA_REFRESHED_KEYSPACES, List.of(s.keyspace()))
            .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(20))
            .build();
    CqlSessionBuilder b =
        CqlSession.builder().withConfigLoader(config).withLocalDatacenter(s.localDatacenter());
    for (InetSocketAddress a : s.contactPoints()) {
      InetSocketAddress resolved = new InetSocketAddress(a.getHostString(), a.getPort());
      if (resolved.isUnresolved()) {
        throw new VectorizerException(
            "cannot resolve Cassandra contact point " + a.getHostString() + ":" + a.getPort());
      }
      b.addContactPoint(resolved);
    }
    if (s.user() != null) {
      b.withAuthCredentials(s.user(), s.password());
    }
    CqlSession session;
    try {
      session = b.build();
    } catch (DriverException | IllegalStateException e) {
      throw new VectorizerException(
          "cannot connect to Cassandra at "
              + s.describe()
              + " (local datacenter '"
              + s.localDatacenter()
              + "') within "
              + s.connectTimeout().toMillis()
              + " ms: "
              + e.getMessage()
              + ". Check the hosts and ports, that the nodes are up, and the datacenter name",
          e);
    }
    Cql cql =
        new Cql(
            session,
            s.keyspace(),
            s.describe(),
            s.read(),
            s.write(),
            s.requestTimeout(),
            new ConcurrentHashMap<>());
    try {
      ensureKeyspace(cql, s);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    return cql;
  }

  private static void ensureKeyspace(Cql cql, Settings s) {
    boolean exists =
        cql.read(
                    SimpleStatement.newInstance(
                        "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?",
                        s.keyspace()),
                    "looking up keyspace " + s.keyspace())
                .one()
            != null;
    if (exists) {
      return;
    }
    if (s.replicationFactor() <= 0) {
      throw new VectorizerException(
          "keyspace '"
              + s.keyspace()
              + "' does not exist at "
              + s.describe()
              + ": create it (CREATE KEYSPACE "
              + s.keyspace()
              + " WITH replication = {'class': 'NetworkTopologyStrategy', '"
              + s.localDatacenter()
              + "': 3}), or let the store create it with SimpleStrategy"
              + " (createKeyspace(replicationFactor), or ?rf=N in a cassandra:// address)");
    }
    cql.ddl(
        "CREATE KEYSPACE IF NOT EXISTS "
            + s.keyspace()
            + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': "
            + s.replicationFactor()
            + "}",
        "creating keyspace " + s.keyspace());
  }

  /**
   * Parses a consistency level for reads and writes (the serial levels are refused).
   *
   * @param level a level's name, any case
   * @return the level
   * @throws IllegalArgumentException naming the value and the allowed ones
   */
  public static DefaultConsistencyLevel consistency(String level) {
    try {
      DefaultConsistencyLevel l =
          DefaultConsistencyLevel.valueOf(level.trim().toUpperCase(Locale.ROOT));
      if (l == DefaultConsistencyLevel.SERIAL || l == DefaultConsistencyLevel.LOCAL_SERIAL) {
        throw new IllegalArgumentException(level);
      }
      return l;
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "unknown consistency level '"
              + level
              + "': use one of ONE, TWO, THREE, QUORUM, ALL, LOCAL_ONE, LOCAL_QUORUM,"
              + " EACH_QUORUM, ANY",
          e);
    }
  }

  /**
   * Checks that a timeout is positive.
   *
   * @param what the setting's name, for the message
   * @param d the value
   * @return {@code d}
   * @throws IllegalArgumentException naming the setting and the value
   */
  public static Duration positive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
    return d;
  }
}
