package dev.vectorizer.cassandra;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import dev.vectorizer.CheckReport;
import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionExistsException;
import dev.vectorizer.CollectionNotFoundException;
import dev.vectorizer.Embedder;
import dev.vectorizer.Metric;
import dev.vectorizer.Quantization;
import dev.vectorizer.StoreClosedException;
import dev.vectorizer.StoreStats;
import dev.vectorizer.TextCollection;
import dev.vectorizer.VectorStore;
import dev.vectorizer.VectorizerException;
import dev.vectorizer.cassandra.internal.CassandraCollection;
import dev.vectorizer.cassandra.internal.Catalog;
import dev.vectorizer.cassandra.internal.Cql;
import dev.vectorizer.cassandra.internal.Names;
import dev.vectorizer.cassandra.internal.Sessions;
import dev.vectorizer.cassandra.internal.TableSchema;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link VectorStore} API on Apache Cassandra 5 vector search: each collection is a table of a
 * keyspace (text id as partition key, a {@code vector<float, n>} column with a Storage-Attached
 * Index using the collection's metric, the payload as JSON text, and one SAI-indexed column per
 * {@link IndexedField}); a catalog table keeps names and configurations.
 *
 * <pre>{@code
 * try (VectorStore store = CassandraVectorStore.open("cassandra://10.0.0.5:9042/vectors")) {
 *   Collection docs = store.getOrCreateCollection("docs", CollectionConfig.of(384));
 *   docs.upsert(Point.of("doc-1", vector, Map.of("lang", "en")));
 *   List<Hit> hits = docs.search(SearchRequest.of(query).limit(10));
 * }
 * }</pre>
 *
 * <p>What differs from the embedded store (see docs/scale-out.md): reads and writes use the
 * configured consistency levels; filters on indexed fields run in Cassandra, other filters on the
 * client over {@code overFetch} times more candidates (at most 1,000), so such a search can return
 * fewer hits than match; search limits are at most 1,000; there is no exact search, no local
 * snapshot and no directory import ({@link UnsupportedOperationException} names the alternative).
 *
 * <p><b>Thread safety:</b> a store and its collections may be used from many threads at once.
 * <b>Closing:</b> the caller that opened the store closes it; that closes the driver session and
 * every collection object (later calls throw {@link StoreClosedException}). Close is idempotent.
 */
public final class CassandraVectorStore implements VectorStore {
  private final Cql cql;
  private final Catalog catalog;
  private final int overFetch;
  private final int maxCandidates;
  private final ConcurrentHashMap<String, CassandraCollection> open = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private volatile boolean closed;

  private CassandraVectorStore(Cql cql, int overFetch, int maxCandidates) {
    this.cql = cql;
    this.overFetch = overFetch;
    this.maxCandidates = maxCandidates;
    try {
      this.catalog = new Catalog(cql);
    } catch (RuntimeException e) {
      cql.session().close();
      throw e;
    }
  }

  /**
   * Opens a store from an address such as {@code cassandra://127.0.0.1:9042/vectors?rf=1} (see
   * {@link CassandraUri} for the options).
   *
   * @param uri the address
   * @return the store; close it
   * @throws IllegalArgumentException naming a bad address
   * @throws VectorizerException naming the contact points when Cassandra does not answer within the
   *     connect timeout, or the keyspace when it does not exist
   */
  public static CassandraVectorStore open(String uri) {
    return CassandraUri.parse(uri).applyTo(builder()).open();
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the defaults: local datacenter {@code datacenter1}, LOCAL_QUORUM reads
   *     and writes, 10 s request timeout, 5 s connect timeout, over-fetch 10, 1,000 candidates
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a collection whose payload fields {@code fields} get their own SAI-indexed columns, so
   * that {@code eq} and {@code range} filters on them run in Cassandra.
   *
   * @param name the collection's name (as for the embedded store)
   * @param config its configuration; Cassandra builds its own graphs, so only the dimension, the
   *     metric and the embedder id take effect (the rest is recorded); its quantization must be
   *     {@link Quantization#NONE}: Cassandra's SAI index chooses its own compression
   * @param fields the indexed payload fields, at most 100
   * @return the collection
   * @throws CollectionExistsException when the name is taken
   * @throws IllegalArgumentException when the configuration asks for quantization
   * @throws VectorizerException when a table of that name exists with another shape, naming the
   *     difference
   */
  public Collection createCollection(
      String name, CollectionConfig config, List<IndexedField> fields) {
    Names.checkCollection(name);
    TableSchema.checkConfig(config);
    IndexedField.checkAll(fields);
    ensureOpen();
    synchronized (lock) {
      TableSchema schema =
          new TableSchema(
              cql.keyspace(), Names.table(name), config.dimension(), config.metric(), fields);
      if (!catalog.add(new Catalog.Entry(name, schema.table(), config, fields))) {
        throw new CollectionExistsException(name);
      }
      try {
        for (String ddl : schema.ddl()) {
          cql.ddl(ddl, "creating the table of collection '" + name + "'");
        }
        return remember(name, config, schema);
      } catch (RuntimeException e) {
        catalog.remove(name);
        throw e;
      }
    }
  }

  private CassandraCollection remember(String name, CollectionConfig config, TableSchema schema) {
    TableSchema.Shape shape = catalog.shape(schema.table());
    List<String> diffs =
        shape == null ? List.of("the table does not exist") : schema.differences(shape);
    if (!diffs.isEmpty()) {
      throw new VectorizerException(
          "table "
              + schema.qualified()
              + " does not match collection '"
              + name
              + "' ("
              + config.dimension()
              + " dimensions, "
              + config.metric()
              + ", indexed fields "
              + schema.fields()
              + "): "
              + String.join("; ", diffs)
              + ". Fix the table, or drop it and create the collection again");
    }
    CassandraCollection c =
        new CassandraCollection(cql, name, config, schema, overFetch, maxCandidates);
    open.put(name, c);
    return c;
  }

  @Override
  public Collection createCollection(String name, CollectionConfig config) {
    return createCollection(name, config, List.of());
  }

  @Override
  public Collection getOrCreateCollection(String name, CollectionConfig config) {
    Names.checkCollection(name);
    Objects.requireNonNull(config, "config");
    ensureOpen();
    Collection c;
    synchronized (lock) {
      c = hasCollection(name) ? collection(name) : createCollection(name, config);
    }
    CollectionConfig have = c.config();
    if (have.dimension() != config.dimension() || have.metric() != config.metric()) {
      throw new IllegalArgumentException(
          "collection '"
              + name
              + "' exists with dimension "
              + have.dimension()
              + " and metric "
              + have.metric()
              + ", asked for dimension "
              + config.dimension()
              + " and metric "
              + config.metric());
    }
    return c;
  }

  @Override
  public TextCollection textCollection(
      String name, Embedder embedder, int chunkSize, int chunkOverlap) {
    Objects.requireNonNull(embedder, "embedder");
    Names.checkCollection(name);
    ensureOpen();
    Collection c;
    synchronized (lock) {
      c =
          hasCollection(name)
              ? collection(name)
              : createCollection(
                  name,
                  CollectionConfig.builder(embedder.dimension())
                      .metric(Metric.COSINE)
                      .embedder(embedder.id())
                      .build());
    }
    return TextCollection.over(c, embedder, chunkSize, chunkOverlap);
  }

  @Override
  public Collection collection(String name) {
    ensureOpen();
    if (name == null) {
      throw new CollectionNotFoundException(null);
    }
    CassandraCollection c = open.get(name);
    if (c != null) {
      return c;
    }
    synchronized (lock) {
      c = open.get(name);
      if (c != null) {
        return c;
      }
      Catalog.Entry e = catalog.get(name);
      if (e == null) {
        throw new CollectionNotFoundException(name);
      }
      TableSchema schema =
          new TableSchema(
              cql.keyspace(), e.table(), e.config().dimension(), e.config().metric(), e.fields());
      return remember(name, e.config(), schema);
    }
  }

  @Override
  public boolean hasCollection(String name) {
    ensureOpen();
    return name != null && (open.containsKey(name) || catalog.get(name) != null);
  }

  @Override
  public List<String> listCollections() {
    ensureOpen();
    return catalog.names();
  }

  /**
   * Not available: a Cassandra store has no collection directories. Use {@code vectorizer migrate
   * --from DIR --collection NAME --to cassandra://...} to copy a collection in.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Collection importCollection(String name, Path directory, boolean replace) {
    throw new UnsupportedOperationException(
        "a Cassandra store cannot import a collection directory: open it as an embedded store"
            + " and copy it with vectorizer migrate --from DIR --collection "
            + name
            + " --to cassandra://HOST:PORT/"
            + cql.keyspace());
  }

  @Override
  public boolean dropCollection(String name) {
    ensureOpen();
    synchronized (lock) {
      Catalog.Entry e = name == null ? null : catalog.get(name);
      CassandraCollection c = name == null ? null : open.remove(name);
      if (c != null) {
        c.close();
      }
      if (e == null) {
        return false;
      }
      cql.ddl(
          "DROP TABLE IF EXISTS " + cql.keyspace() + "." + e.table(),
          "dropping collection '" + name + "'");
      catalog.remove(name);
      return true;
    }
  }

  @Override
  public StoreStats stats() {
    ensureOpen();
    List<String> names = catalog.names();
    long points = 0;
    for (String n : names) {
      points += collection(n).count();
    }
    return new StoreStats(names.size(), points, "cassandra", true, java.util.Map.of());
  }

  /**
   * Not available: the data are Cassandra's SSTables, which its own tools check.
   *
   * @throws UnsupportedOperationException always, naming {@code nodetool verify}
   */
  @Override
  public CheckReport check() {
    throw new UnsupportedOperationException(
        "a Cassandra store has no local files to check: run nodetool verify "
            + cql.keyspace()
            + " on each node");
  }

  /**
   * Not available: the data are Cassandra's SSTables, which its own tools repair.
   *
   * @throws UnsupportedOperationException always, naming {@code nodetool scrub} and {@code repair}
   */
  @Override
  public CheckReport repair(String name) {
    throw new UnsupportedOperationException(
        "a Cassandra store has no local files to repair: use nodetool scrub "
            + cql.keyspace()
            + " for damaged SSTables and nodetool repair "
            + cql.keyspace()
            + " to reconcile replicas");
  }

  /**
   * Nothing to do: Cassandra makes writes durable by its commit log (its {@code commitlog_sync}
   * setting); {@code nodetool flush} writes memtables to SSTables.
   */
  @Override
  public void checkpoint() {
    ensureOpen();
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      open.values().forEach(CassandraCollection::close);
      open.clear();
    }
    cql.session().close();
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException(
          "the Cassandra store at " + cql.contactPoints() + "/" + cql.keyspace() + " is closed");
    }
  }

  @Override
  public String toString() {
    return "CassandraVectorStore{" + cql.contactPoints() + "/" + cql.keyspace() + "}";
  }

  /**
   * Options for {@link CassandraVectorStore#builder()}. Each setter checks its value at once.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final List<InetSocketAddress> contactPoints = new ArrayList<>();
    private String localDatacenter = "datacenter1";
    private String keyspace;
    private String user;
    private String password;
    private DefaultConsistencyLevel read = DefaultConsistencyLevel.LOCAL_QUORUM;
    private DefaultConsistencyLevel write = DefaultConsistencyLevel.LOCAL_QUORUM;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private int replicationFactor;
    private int overFetch = 10;
    private int maxCandidates = CassandraCollection.MAX_ANN;

    private Builder() {}

    /**
     * Adds a node to connect to first (the driver discovers the others).
     *
     * @param host a host name or address
     * @param port the CQL port (9042 by default in Cassandra)
     * @return this builder
     */
    public Builder contactPoint(String host, int port) {
      if (host == null || host.isBlank() || port < 1 || port > 65535) {
        throw new IllegalArgumentException("bad contact point " + host + ":" + port);
      }
      contactPoints.add(InetSocketAddress.createUnresolved(host, port));
      return this;
    }

    /**
     * Replaces the contact points.
     *
     * @param points hosts and ports
     * @return this builder
     */
    public Builder contactPoints(List<InetSocketAddress> points) {
      contactPoints.clear();
      points.forEach(p -> contactPoint(p.getHostString(), p.getPort()));
      return this;
    }

    /**
     * Sets the datacenter whose nodes serve the requests (default {@code datacenter1}).
     *
     * @param dc the datacenter's name
     * @return this builder
     */
    public Builder localDatacenter(String dc) {
      if (dc == null || dc.isBlank()) {
        throw new IllegalArgumentException("local datacenter is blank");
      }
      this.localDatacenter = dc;
      return this;
    }

    /**
     * Sets the keyspace holding the collections (required).
     *
     * @param keyspace 1 to 48 letters, digits or '_', starting with a letter
     * @return this builder
     */
    public Builder keyspace(String keyspace) {
      if (keyspace == null || !keyspace.matches("[A-Za-z][A-Za-z0-9_]{0,47}")) {
        throw new IllegalArgumentException(
            "keyspace '"
                + keyspace
                + "' is not 1 to 48 letters, digits or '_' starting with a letter");
      }
      this.keyspace = keyspace.toLowerCase(Locale.ROOT);
      return this;
    }

    /**
     * Sets the user name and password (PlainTextAuthProvider).
     *
     * @param user the user
     * @param password the password
     * @return this builder
     */
    public Builder credentials(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Sets the consistency level of reads and searches (default LOCAL_QUORUM).
     *
     * @param level a level name such as ONE, LOCAL_ONE, LOCAL_QUORUM, QUORUM, ALL
     * @return this builder
     */
    public Builder readConsistency(String level) {
      this.read = Sessions.consistency(level);
      return this;
    }

    /**
     * Sets the consistency level of writes and deletes (default LOCAL_QUORUM).
     *
     * @param level a level name such as ONE, LOCAL_QUORUM, QUORUM, EACH_QUORUM, ALL
     * @return this builder
     */
    public Builder writeConsistency(String level) {
      this.write = Sessions.consistency(level);
      return this;
    }

    /**
     * Sets how long one request may take before it fails (default 10 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Sessions.positive("requestTimeout", timeout);
      return this;
    }

    /**
     * Sets how long connecting to the contact points may take before {@link #open()} fails (default
     * 5 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Sessions.positive("connectTimeout", timeout);
      return this;
    }

    /**
     * Creates the keyspace with SimpleStrategy and this replication factor when it does not exist
     * (for tests and single-node clusters; by default a missing keyspace is an error).
     *
     * @param replicationFactor 1 to 10
     * @return this builder
     */
    public Builder createKeyspace(int replicationFactor) {
      if (replicationFactor < 1 || replicationFactor > 10) {
        throw new IllegalArgumentException(
            "replication factor must be between 1 and 10, got " + replicationFactor);
      }
      this.replicationFactor = replicationFactor;
      return this;
    }

    /**
     * Sets how many candidates a search fetches per wanted hit when part of its filter runs on the
     * client (default 10).
     *
     * @param factor 1 to 1000
     * @return this builder
     */
    public Builder overFetch(int factor) {
      if (factor < 1 || factor > 1000) {
        throw new IllegalArgumentException("overFetch must be between 1 and 1000, got " + factor);
      }
      this.overFetch = factor;
      return this;
    }

    /**
     * Sets the most candidates a search with a client-side filter fetches (default and maximum
     * 1,000, Cassandra's limit for one vector query).
     *
     * @param candidates 1 to 1000
     * @return this builder
     */
    public Builder maxCandidates(int candidates) {
      if (candidates < 1 || candidates > CassandraCollection.MAX_ANN) {
        throw new IllegalArgumentException(
            "maxCandidates must be between 1 and "
                + CassandraCollection.MAX_ANN
                + ", got "
                + candidates);
      }
      this.maxCandidates = candidates;
      return this;
    }

    /**
     * Connects.
     *
     * @return the store; close it
     * @throws IllegalStateException when no contact point or keyspace was given
     * @throws VectorizerException naming the contact points when Cassandra does not answer within
     *     the connect timeout, or the keyspace when it is missing
     */
    public CassandraVectorStore open() {
      if (contactPoints.isEmpty()) {
        throw new IllegalStateException("no contact point: call contactPoint(host, port)");
      }
      if (keyspace == null) {
        throw new IllegalStateException("no keyspace: call keyspace(name)");
      }
      Cql cql =
          Sessions.open(
              new Sessions.Settings(
                  List.copyOf(contactPoints),
                  localDatacenter,
                  keyspace,
                  user,
                  password,
                  read,
                  write,
                  requestTimeout,
                  connectTimeout,
                  replicationFactor));
      return new CassandraVectorStore(cql, overFetch, maxCandidates);
    }

    @Override
    public String toString() {
      return "Builder" + Arrays.asList(contactPoints, keyspace, read, write);
    }
  }
}
