package dev.vectorizer.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Apache Cassandra 5.0 for the integration tests, run as a separate JVM on JDK
 * 17 from the class path that {@code src/test/cassandra/pom.xml} resolves (cassandra-all bundles an
 * old JVector and Lucene, so it never shares our class path). Minimal {@code cassandra.yaml}:
 * loopback, free ports chosen at start, data in a temporary directory, a small heap.
 *
 * <p>{@link #shared()} is one node per test JVM, stopped by a shutdown hook; tests that stop or
 * kill their node start their own. Not thread-safe.
 */
final class CassandraNode implements AutoCloseable {
  private static CassandraNode shared;

  private final Path dir;
  private final int nativePort;
  private final int storagePort;
  private Process process;

  private CassandraNode(Path dir, int nativePort, int storagePort) {
    this.dir = dir;
    this.nativePort = nativePort;
    this.storagePort = storagePort;
  }

  /** The node shared by the test classes of this JVM, started on first use. */
  static synchronized CassandraNode shared() {
    if (shared == null) {
      shared = start();
      CassandraNode node = shared;
      // Killed, not stopped: the JVM's exit must not wait for a drain, and the data is temporary.
      Runtime.getRuntime().addShutdownHook(new Thread(node::kill));
    }
    return shared;
  }

  /** Starts a new node in a new temporary directory and waits until it serves CQL. */
  static CassandraNode start() {
    try {
      Path dir = Files.createTempDirectory("vectorizer-cassandra-it");
      CassandraNode node = new CassandraNode(dir, freePort(), freePort());
      node.writeConfig();
      node.launch();
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return nativePort;
  }

  /** The address of a keyspace on this node, created with replication factor 1 when missing. */
  String uri(String keyspace) {
    return "cassandra://127.0.0.1:" + nativePort + "/" + keyspace + "?rf=1&timeout=20s";
  }

  /** Stops the node gracefully (SIGTERM, as an operator's stop would). */
  void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    process = null;
  }

  /** Kills the node (SIGKILL) and deletes its directory. */
  void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    close();
  }

  /** Starts the node again on the same data and ports. */
  void restart() {
    stop();
    launch();
  }

  @Override
  public void close() {
    stop();
    if (Boolean.getBoolean("vectorizer.cassandra.keep")) {
      System.err.println("kept the Cassandra node's directory " + dir);
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }

  private void launch() {
    List<String> cmd = new ArrayList<>();
    cmd.add(java17());
    cmd.addAll(
        List.of(
            "-Xms256m",
            "-Xmx768m",
            "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError",
            // Cassandra 5.0 sizes the vector index's insert pool by the processor count plus one,
            // and fails concurrent inserts (and commit-log replay) beyond it (CASSANDRA-21644).
            "-XX:ActiveProcessorCount=32",
            "-Djdk.attach.allowAttachSelf=true",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dcassandra.config=" + dir.resolve("cassandra.yaml").toUri(),
            "-Dcassandra.storagedir=" + dir,
            "-Dcassandra.logdir=" + dir.resolve("logs"),
            "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
            "-Dcassandra-foreground=yes",
            "-Dcassandra.skip_wait_for_gossip_to_settle=0",
            "-Dcassandra.ring_delay_ms=100",
            "-Dcassandra.superuser_setup_delay_ms=0"));
    for (String p :
        List.of(
            "java.base/jdk.internal.misc",
            "java.base/java.lang.ref",
            "java.rmi/sun.rmi.registry",
            "java.rmi/sun.rmi.server",
            "java.sql/java.sql",
            "jdk.unsupported/sun.misc",
            "java.management.rmi/com.sun.jmx.remote.internal.rmi")) {
      cmd.add("--add-exports=" + p + "=ALL-UNNAMED");
    }
    for (String p :
        List.of(
            "java.base/java.lang",
            "java.base/java.lang.module",
            "java.base/java.lang.reflect",
            "java.base/java.io",
            "java.base/java.util",
            "java.base/java.nio",
            "java.base/sun.nio.ch",
            "java.base/jdk.internal.loader",
            "java.base/jdk.internal.ref",
            "java.base/jdk.internal.reflect",
            "java.base/jdk.internal.math",
            "java.base/jdk.internal.module",
            "java.base/jdk.internal.util.jar",
            "jdk.management/com.sun.management.internal")) {
      cmd.add("--add-opens=" + p + "=ALL-UNNAMED");
    }
    cmd.add("-cp");
    cmd.add(classpath());
    cmd.add("org.apache.cassandra.service.CassandraDaemon");
    Path out = dir.resolve("logs/stdout.log");
    try {
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cmd.get(0), e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Cassandra exited with " + process.exitValue() + ":\n" + tail(out));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", nativePort), 500);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    stop();
    throw new IllegalStateException("Cassandra did not open its CQL port in 240 s:\n" + tail(out));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void writeConfig() throws IOException {
    for (String d : List.of("data", "commitlog", "saved_caches", "hints", "cdc_raw", "logs")) {
      Files.createDirectories(dir.resolve(d));
    }
    String yaml =
        String.join(
            "\n",
            "cluster_name: vectorizer-it",
            "num_tokens: 1",
            "initial_token: 0",
            "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
            "auto_bootstrap: false",
            "listen_address: 127.0.0.1",
            "rpc_address: 127.0.0.1",
            "storage_port: " + storagePort,
            "native_transport_port: " + nativePort,
            "start_native_transport: true",
            "seed_provider:",
            "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
            "    parameters:",
            "      - seeds: \"127.0.0.1:" + storagePort + "\"",
            "endpoint_snitch: SimpleSnitch",
            "data_file_directories: [" + dir.resolve("data") + "]",
            "commitlog_directory: " + dir.resolve("commitlog"),
            "saved_caches_directory: " + dir.resolve("saved_caches"),
            "hints_directory: " + dir.resolve("hints"),
            "cdc_raw_directory: " + dir.resolve("cdc_raw"),
            "commitlog_sync: periodic",
            "commitlog_sync_period: 10000ms",
            "concurrent_reads: 8",
            "concurrent_writes: 8",
            "concurrent_compactors: 1",
            "memtable_heap_space: 128MiB",
            "memtable_offheap_space: 128MiB",
            "key_cache_size: 0MiB",
            "dynamic_snitch: false",
            "read_request_timeout: 20000ms",
            "write_request_timeout: 20000ms",
            "range_request_timeout: 30000ms",
            "request_timeout: 30000ms",
            "");
    Files.writeString(dir.resolve("cassandra.yaml"), yaml);
    String logback =
        "<configuration><appender name=\"F\" class=\"ch.qos.logback.core.FileAppender\">"
            + "<file>"
            + dir.resolve("logs/system.log")
            + "</file><encoder><pattern>%d %-5level [%thread] %logger{20} %msg%n</pattern>"
            + "</encoder></appender><root level=\"INFO\"><appender-ref ref=\"F\"/></root>"
            + "</configuration>";
    Files.writeString(dir.resolve("logback.xml"), logback);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String classpath() {
    String file = System.getProperty("vectorizer.cassandra.classpath");
    if (file == null || !Files.isRegularFile(Path.of(file))) {
      throw new IllegalStateException(
          "no Cassandra class path file ("
              + file
              + "): run the integration tests with mvn verify -Pit-cassandra, which resolves it");
    }
    try {
      return Files.readString(Path.of(file)).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JDK 17 (Cassandra 5.0 runs on 11 and 17), from a property, JAVA17_HOME or /usr/lib/jvm. */
  private static String java17() {
    String explicit = System.getProperty("vectorizer.cassandra.java");
    if (explicit != null) {
      return explicit;
    }
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("JAVA17_HOME");
    if (env != null) {
      candidates.add(Path.of(env));
    }
    try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
      jvms.sorted().forEach(candidates::add);
    } catch (IOException e) {
      // no /usr/lib/jvm
    }
    for (Path home : candidates) {
      Path java = home.resolve("bin/java");
      if (Files.isExecutable(java) && release(home).startsWith("17")) {
        return java.toString();
      }
    }
    throw new IllegalStateException(
        "no JDK 17 found for Cassandra 5.0 (looked at JAVA17_HOME and /usr/lib/jvm):"
            + " install one or pass -Dvectorizer.cassandra.java=/path/to/java");
  }

  private static String release(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          return line.substring(13).replace("\"", "");
        }
      }
    } catch (IOException e) {
      // not a JDK
    }
    return "";
  }
}
