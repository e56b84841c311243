package dev.vectorizer.server.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vectorizer.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: {@code DATA/audit.jsonl}, one JSON object per line, appended and never rewritten.
 * A record holds the time, the key's name, its tenant, the method, the route template, the
 * collection (as the client named it), the status, the request id, the duration and the client's
 * address; never vectors, payloads, filters, texts or keys.
 *
 * <p>Rotation: when a record would take the file past {@code max_file_size}, the file is renamed
 * {@code audit-<UTC time>.jsonl} and a new one is started; rotated files beyond {@code max_files}
 * are deleted, oldest first. With {@code fsync: true} each record is forced to disk before the
 * response is sent.
 *
 * <p>Thread-safe: appends are serialised. Closed by the API that opened it.
 */
final class AuditLog implements AutoCloseable {
  static final String FILE = dev.vectorizer.server.AuditLogFiles.CURRENT;
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

  /** One audited request. */
  record Entry(
      Instant time,
      String key,
      String tenant,
      String method,
      String route,
      String collection,
      int status,
      String requestId,
      long durationMicros,
      String remote) {}

  private final Path dir;
  private final ServerConfig.Audit config;
  private final Clock clock;
  private FileChannel channel;
  private long size;
  private boolean closed;

  AuditLog(Path dir, ServerConfig.Audit config, Clock clock) throws IOException {
    this.dir = dir;
    this.config = config;
    this.clock = clock;
    Files.createDirectories(dir);
    open();
  }

  private void open() throws IOException {
    channel =
        FileChannel.open(
            dir.resolve(FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    size = channel.size();
  }

  static byte[] line(Entry e) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JsonBody.JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", e.time().toString());
      g.writeStringField("key", e.key());
      g.writeStringField("tenant", e.tenant());
      g.writeStringField("method", e.method());
      g.writeStringField("route", e.route());
      g.writeStringField("collection", e.collection());
      g.writeNumberField("status", e.status());
      g.writeStringField("request_id", e.requestId());
      g.writeNumberField("duration_ms", e.durationMicros() / 1000.0);
      g.writeStringField("remote", e.remote());
      g.writeEndObject();
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** Appends a record; throws when it cannot be written. */
  synchronized void append(Entry e) throws IOException {
    if (closed) {
      throw new IOException("the audit log is closed");
    }
    byte[] line = line(e);
    if (size > 0 && size + line.length > config.maxFileBytes()) {
      rotate();
    }
    ByteBuffer buf = ByteBuffer.wrap(line);
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    size += line.length;
    if (config.fsync()) {
      channel.force(false);
    }
  }

  private void rotate() throws IOException {
    channel.force(false);
    channel.close();
    Path rotated = dir.resolve("audit-" + STAMP.format(clock.instant()) + ".jsonl");
    for (int i = 2; Files.exists(rotated); i++) {
      rotated = dir.resolve("audit-" + STAMP.format(clock.instant()) + "-" + i + ".jsonl");
    }
    Files.move(dir.resolve(FILE), rotated, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    open();
    List<Path> old = rotatedFiles(dir);
    for (int i = 0; i < old.size() - config.maxFiles(); i++) {
      try {
        Files.deleteIfExists(old.get(i));
      } catch (IOException x) {
        LOG.warn("cannot delete old audit file {}", old.get(i), x);
      }
    }
  }

  /** The rotated files, oldest first (their names sort by time). */
  static List<Path> rotatedFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(
              p -> {
                String n = p.getFileName().toString();
                return n.startsWith("audit-") && n.endsWith(".jsonl");
              })
          .sorted()
          .toList();
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.force(false);
      channel.close();
    } catch (IOException e) {
      LOG.warn("closing the audit log failed", e);
    }
  }
}
