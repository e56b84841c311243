package dev.vectorizer.cassandra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionNotFoundException;
import dev.vectorizer.Point;
import dev.vectorizer.Quantization;
import dev.vectorizer.VectorStore;
import dev.vectorizer.VectorizerException;
import dev.vectorizer.cassandra.internal.CassandraCollection;
import dev.vectorizer.cassandra.internal.MigrationState;
import dev.vectorizer.cassandra.internal.PayloadJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Copies a collection between an embedded store (a directory) and a Cassandra keyspace, either way:
 * what {@code vectorizer migrate --from A --collection NAME --to B} runs.
 *
 * <p>How: the source's ids are listed and sorted, then copied in batches in that order; after the
 * target confirms a batch (a durable store fsyncs, Cassandra acknowledges at the write consistency)
 * the last id is written to a state file. A migration that stops (a node down, Ctrl-C) is resumed
 * by running it again: it continues after the last confirmed batch. At the end it checks that both
 * sides have the same number of points and that a random sample of points has identical vectors and
 * payloads, then deletes the state file.
 *
 * <p>Copy while the source is not written to: points added meanwhile may be missed (the count check
 * then fails; run again with {@code restart}). Not thread-safe; one run at a time per state file.
 */
public final class Migration {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Progress callbacks, on the migrating thread. */
  public interface Listener {
    /**
     * Called once before copying.
     *
     * @param total points to copy in all
     * @param alreadyCopied points confirmed by an earlier run (0 for a fresh start)
     */
    default void started(long total, long alreadyCopied) {}

    /**
     * Called after each confirmed batch.
     *
     * @param copied points confirmed so far
     * @param total points to copy in all
     */
    default void batch(long copied, long total) {}
  }

  /**
   * What a finished migration did.
   *
   * @param total points in the source
   * @param copied points copied by this run
   * @param resumedAt points an earlier run had confirmed (0 for a fresh start)
   * @param sampled points compared field by field at the end
   * @param stateFile where the resume point was kept (deleted on success)
   */
  public record Result(long total, long copied, long resumedAt, int sampled, Path stateFile) {}

  private final String from;
  private final String to;
  private final String collection;
  private int batchSize = 500;
  private int sample = 100;
  private Path stateFile;
  private boolean restart;
  private List<IndexedField> indexedFields = List.of();
  private Listener listener = new Listener() {};

  private Migration(String from, String to, String collection) {
    this.from = Objects.requireNonNull(from, "from");
    this.to = Objects.requireNonNull(to, "to");
    this.collection = Objects.requireNonNull(collection, "collection");
    if (CassandraUri.isCassandra(from) == CassandraUri.isCassandra(to)) {
      throw new IllegalArgumentException(
          "migrate copies between a directory and a cassandra:// address, got --from "
              + from
              + " and --to "
              + to);
    }
    for (String side : List.of(from, to)) {
      if (CassandraUri.isCassandra(side)) {
        CassandraUri.parse(side);
      }
    }
  }

  /**
   * Starts a migration.
   *
   * @param from a directory or a {@code cassandra://} address
   * @param collection the collection's name (the same on both sides)
   * @param to a {@code cassandra://} address or a directory (the other kind)
   * @return the migration, to configure and {@link #run()}
   * @throws IllegalArgumentException when both or neither side is Cassandra, or an address is bad
   */
  public static Migration of(String from, String collection, String to) {
    return new Migration(from, to, collection);
  }

  /**
   * Sets the points per batch (default 500).
   *
   * @param points 1 to 10,000
   * @return this
   */
  public Migration batchSize(int points) {
    if (points < 1 || points > 10_000) {
      throw new IllegalArgumentException("batch size must be between 1 and 10000, got " + points);
    }
    this.batchSize = points;
    return this;
  }

  /**
   * Sets how many points are compared at the end (default 100).
   *
   * @param points 0 to 100,000
   * @return this
   */
  public Migration sample(int points) {
    if (points < 0 || points > 100_000) {
      throw new IllegalArgumentException("sample must be between 0 and 100000, got " + points);
    }
    this.sample = points;
    return this;
  }

  /**
   * Sets the state file (default: {@code .vectorizer-migrate-NAME.state} next to the directory).
   *
   * @param file the file
   * @return this
   */
  public Migration stateFile(Path file) {
    this.stateFile = Objects.requireNonNull(file, "file");
    return this;
  }

  /**
   * Ignores (and replaces) an existing state file, copying everything again.
   *
   * @param restart whether to start over
   * @return this
   */
  public Migration restart(boolean restart) {
    this.restart = restart;
    return this;
  }

  /**
   * Sets the payload fields a Cassandra target collection indexes, when the migration creates it.
   *
   * @param fields the fields
   * @return this
   */
  public Migration indexedFields(List<IndexedField> fields) {
    this.indexedFields = List.copyOf(fields);
    return this;
  }

  /**
   * Sets the progress listener.
   *
   * @param listener the listener
   * @return this
   */
  public Migration listener(Listener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  private Path directory() {
    return Path.of(CassandraUri.isCassandra(from) ? to : from).toAbsolutePath();
  }

  /**
   * The state file this migration uses.
   *
   * @return the path
   */
  public Path stateFilePath() {
    if (stateFile != null) {
      return stateFile;
    }
    Path dir = directory();
    Path parent = dir.getParent() == null ? dir : dir.getParent();
    return parent.resolve(".vectorizer-migrate-" + dir.getFileName() + "-" + collection + ".state");
  }

  /**
   * Copies the collection, resuming an interrupted run, and verifies the result.
   *
   * @return what was done
   * @throws VectorizerException when a side fails (the state file keeps the resume point; run
   *     again), or when the verification finds a difference (naming the ids)
   */
  public Result run() {
    Path state = stateFilePath();
    String fromShown = shown(from);
    String toShown = shown(to);
    if (!CassandraUri.isCassandra(from) && !Files.isDirectory(directory())) {
      throw new IllegalArgumentException("no store directory at " + directory());
    }
    try (VectorStore source = open(from);
        VectorStore target = open(to)) {
      if (!source.hasCollection(collection)) {
        throw new CollectionNotFoundException(collection);
      }
      Collection src = source.collection(collection);
      MigrationState resume = restart ? null : MigrationState.read(state);
      if (resume != null
          && !(resume.from().equals(fromShown)
              && resume.to().equals(toShown)
              && resume.collection().equals(collection))) {
        throw new IllegalStateException(
            "state file "
                + state
                + " belongs to the migration of '"
                + resume.collection()
                + "' from "
                + resume.from()
                + " to "
                + resume.to()
                + ": finish that one, delete the file, or run with --restart");
      }
      Collection dst = targetCollection(target, src, resume == null);
      List<String> ids = new ArrayList<>(src.ids());
      Collections.sort(ids);
      int start = 0;
      long copiedBefore = 0;
      if (resume != null && resume.lastId() != null) {
        int at = Collections.binarySearch(ids, resume.lastId());
        start = at >= 0 ? at + 1 : -at - 1;
        copiedBefore = resume.copied();
      }
      listener.started(ids.size(), copiedBefore);
      long copied = copiedBefore;
      MigrationState current =
          new MigrationState(fromShown, toShown, collection, ids.size(), copied, null);
      if (resume != null) {
        current = resume;
      }
      current.write(state);
      for (int i = start; i < ids.size(); i += batchSize) {
        List<String> batch = ids.subList(i, Math.min(ids.size(), i + batchSize));
        List<Point> points = read(src, batch);
        try {
          dst.upsert(points);
        } catch (VectorizerException e) {
          throw new VectorizerException(
              "migration of '"
                  + collection
                  + "' stopped after "
                  + copied
                  + " of "
                  + ids.size()
                  + " points ("
                  + e.getMessage()
                  + "); run the same command again to resume from the last confirmed batch"
                  + " (state in "
                  + state
                  + ")",
              e);
        }
        copied += points.size();
        current =
            new MigrationState(
                fromShown, toShown, collection, ids.size(), copied, batch.get(batch.size() - 1));
        current.write(state);
        listener.batch(copied, ids.size());
      }
      int sampled = verify(src, dst, ids);
      try {
        Files.deleteIfExists(state);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the finished migration's state " + state, e);
      }
      return new Result(ids.size(), copied - copiedBefore, copiedBefore, sampled, state);
    }
  }

  private Collection targetCollection(VectorStore target, Collection src, boolean fresh) {
    // Cassandra compresses vectors itself: a quantized collection arrives there unquantized.
    CollectionConfig config =
        target instanceof CassandraVectorStore
            ? src.config().toBuilder().quantization(Quantization.NONE).build()
            : src.config();
    if (!target.hasCollection(collection)) {
      return target instanceof CassandraVectorStore c
          ? c.createCollection(collection, config, indexedFields)
          : target.createCollection(collection, config);
    }
    Collection dst = target.getOrCreateCollection(collection, config);
    if (fresh && dst.count() > 0) {
      throw new IllegalStateException(
          "the target collection '"
              + collection
              + "' already holds "
              + dst.count()
              + " points: migrate into a new or empty collection (drop it first)");
    }
    return dst;
  }

  private static List<Point> read(Collection src, List<String> ids) {
    if (src instanceof CassandraCollection c) {
      return c.getAll(ids);
    }
    List<Point> points = new ArrayList<>(ids.size());
    for (String id : ids) {
      src.get(id).ifPresent(points::add); // deleted meanwhile: skipped, the count check tells
    }
    return points;
  }

  private int verify(Collection src, Collection dst, List<String> ids) {
    long have = src.count();
    long got = dst.count();
    if (have != got) {
      throw new VectorizerException(
          "verification failed: collection '"
              + collection
              + "' has "
              + have
              + " points at "
              + shown(from)
              + " and "
              + got
              + " at "
              + shown(to)
              + " (was the source written during the migration? run again with --restart)");
    }
    List<String> picked = new ArrayList<>(ids);
    Collections.shuffle(picked, new Random(ids.size()));
    picked = picked.subList(0, Math.min(sample, picked.size()));
    List<String> differ = new ArrayList<>();
    for (String id : picked) {
      Optional<Point> a = src.get(id);
      Optional<Point> b = dst.get(id);
      if (a.isPresent() != b.isPresent()
          || (a.isPresent()
              && (!Arrays.equals(a.get().vector(), b.get().vector())
                  || !sameJson(a.get().payload(), b.get().payload())))) {
        differ.add(id);
      }
    }
    if (!differ.isEmpty()) {
      throw new VectorizerException(
          "verification failed: "
              + differ.size()
              + " of "
              + picked.size()
              + " sampled points differ between "
              + shown(from)
              + " and "
              + shown(to)
              + ", for example "
              + differ.subList(0, Math.min(5, differ.size())));
    }
    return picked.size();
  }

  /** Payloads compare as JSON: 2024 and 2024L agree, as they do after a round trip. */
  private static boolean sameJson(Map<String, Object> a, Map<String, Object> b) {
    try {
      JsonNode x = JSON.readTree(PayloadJson.write(a));
      JsonNode y = JSON.readTree(PayloadJson.write(b));
      return x.equals(y);
    } catch (IOException e) {
      return false;
    }
  }

  private static VectorStore open(String side) {
    return CassandraUri.isCassandra(side)
        ? CassandraVectorStore.open(side)
        : VectorStore.open(Path.of(side));
  }

  private static String shown(String side) {
    return CassandraUri.isCassandra(side)
        ? CassandraUri.parse(side).toString()
        : Path.of(side).toAbsolutePath().normalize().toString();
  }
}
