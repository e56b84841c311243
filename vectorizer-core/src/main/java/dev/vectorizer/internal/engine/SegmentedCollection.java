package dev.vectorizer.internal.engine;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionSnapshot;
import dev.vectorizer.CollectionStats;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.internal.filter.PayloadPredicate;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.index.Segment;
import dev.vectorizer.internal.kernels.VectorKernels;
import dev.vectorizer.internal.keyword.KeywordIndex;
import dev.vectorizer.internal.storage.WalRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * A collection: the public {@link Collection} over a mutable head segment plus immutable sealed
 * segments ({@link CollectionState}). This class validates arguments and answers reads; writes go
 * through {@link CollectionWriter}, segment changes through {@link SegmentLifecycle}, and where
 * data is kept is the {@link Persistence} it was made with (in memory or files).
 *
 * <p>Thread-safe: see {@link CollectionState} for the locking. Recovery: a durable collection is
 * loaded by {@link CollectionLoader}, which replays the log through {@link #replay}.
 */
final class SegmentedCollection implements Collection {
  /** A writer closing with at least this many points in its head checkpoints first. */
  static final int CHECKPOINT_ON_CLOSE = 1000;

  /**
   * The largest vector norm accepted: half the square root of the largest float, so that dot
   * products and squared distances of any two accepted vectors stay finite.
   */
  static final double MAX_NORM = Math.sqrt(Float.MAX_VALUE) / 2;

  /** The smallest norm a cosine vector may have (its inverse must be a normal float). */
  static final double MIN_COSINE_NORM = 1e-30;

  private final CollectionState state;
  private final VectorKernels kernels;
  private final Persistence persistence;
  private final CollectionWriter writer;
  private final SegmentLifecycle lifecycle;
  private final BulkLoader bulk;
  private final boolean readOnly;
  private final LongAdder graphSearches = new LongAdder();
  private final LongAdder exactSearches = new LongAdder();

  SegmentedCollection(
      CollectionState state,
      VectorKernels kernels,
      Persistence persistence,
      BackgroundMerger merger,
      Executor maintenance,
      boolean readOnly) {
    this.state = state;
    this.kernels = kernels;
    this.persistence = persistence;
    this.readOnly = readOnly;
    this.writer = new CollectionWriter(state, persistence);
    this.bulk = new BulkLoader(state, persistence);
    this.lifecycle =
        new SegmentLifecycle(state, persistence, merger, new HeadRebuilder(state, maintenance));
  }

  /**
   * A new, empty collection kept in memory only.
   *
   * @param maintenance runs background head rebuilds
   */
  static SegmentedCollection inMemory(
      String name, CollectionConfig config, VectorKernels kernels, Executor maintenance) {
    CollectionState state = new CollectionState(name, config, List.of(), 0);
    Persistence p = new InMemoryPersistence(name);
    return new SegmentedCollection(
        state, kernels, p, BackgroundMerger.none(state, p), maintenance, false);
  }

  /** Applies a replayed logged batch (during open, before readers exist). */
  void replay(List<WalRecord> batch) {
    writer.replay(batch);
  }

  Persistence persistence() {
    return persistence;
  }

  /** The keyword index, or null when the collection has none. */
  KeywordIndex keywordIndex() {
    return state.analyzer == null ? null : new CollectionKeywords(state);
  }

  /** The current payloads of ids (null when gone), under one read lock, not copied. */
  List<Map<String, Object>> payloadsOf(List<String> ids) {
    List<Map<String, Object>> out = new ArrayList<>(ids.size());
    state.lock.readLock().lock();
    try {
      state.ensureOpen();
      List<Segment> segments = state.segments();
      for (String id : ids) {
        Map<String, Object> found = null;
        for (Segment s : segments) {
          int ord = s.ordinalOf(id);
          if (ord >= 0) {
            found = s.payload(ord);
            break;
          }
        }
        out.add(found);
      }
      return out;
    } finally {
      state.lock.readLock().unlock();
    }
  }

  /** Changes after every write (see {@link CollectionState#written}). */
  long writeGeneration() {
    return state.generation();
  }

  @Override
  public String name() {
    return state.name;
  }

  @Override
  public CollectionConfig config() {
    return state.config;
  }

  @Override
  public void upsert(Point point) {
    Objects.requireNonNull(point, "point");
    upsert(List.of(point));
  }

  @Override
  public void upsert(List<Point> points) {
    Objects.requireNonNull(points, "points");
    Map<String, Point> batch = new LinkedHashMap<>();
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      if (p == null) {
        throw new IllegalArgumentException("point at index " + i + " of the batch is null");
      }
      checkVector(p.vector(), "point '" + p.id() + "'");
      batch.remove(p.id());
      batch.put(p.id(), p);
    }
    if (batch.isEmpty()) {
      return;
    }
    ensureWritable();
    persistence.sync(writer.upsert(new ArrayList<>(batch.values())));
    lifecycle.afterWrite();
  }

  @Override
  public long bulkLoad(Iterator<Point> points) {
    Objects.requireNonNull(points, "points");
    ensureWritable();
    long loaded =
        bulk.load(
            points,
            (p, position) ->
                checkVector(
                    p.vector(),
                    "point '" + p.id() + "' at position " + position + " of the bulk load"));
    lifecycle.afterBulkLoad();
    return loaded;
  }

  @Override
  public Optional<Point> get(String id) {
    Point.checkId(id);
    state.lock.readLock().lock();
    try {
      state.ensureOpen();
      for (Segment s : state.segments()) {
        int ord = s.ordinalOf(id);
        if (ord >= 0) {
          return Optional.of(Point.of(id, s.vector(ord), s.payload(ord)));
        }
      }
      return Optional.empty();
    } finally {
      state.lock.readLock().unlock();
    }
  }

  @Override
  public boolean delete(String id) {
    return delete(List.of(Point.checkId(id))) == 1;
  }

  @Override
  public int delete(List<String> ids) {
    Objects.requireNonNull(ids, "ids");
    for (String id : ids) {
      Point.checkId(id);
    }
    ensureWritable();
    CollectionWriter.Deleted d = writer.delete(new ArrayList<>(new LinkedHashSet<>(ids)));
    persistence.sync(d.lsn());
    lifecycle.afterWrite();
    return d.count();
  }

  @Override
  public long deleteWhere(Filter filter) {
    PayloadPredicate.compile(Objects.requireNonNull(filter, "filter")); // a bad filter fails first
    ensureWritable();
    List<String> matching = new ArrayList<>();
    forEachLive(filter, (id, payload) -> matching.add(id));
    // A point replaced meanwhile by a version that no longer matches is still deleted: the filter
    // was evaluated on the version that existed when this call started.
    return matching.isEmpty() ? 0 : delete(matching);
  }

  @Override
  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    state.lock.readLock().lock();
    try {
      state.ensureOpen();
      scanLive(null, (s, ord) -> ids.add(s.id(ord)));
    } finally {
      state.lock.readLock().unlock();
    }
    return ids;
  }

  @Override
  public long count() {
    state.lock.readLock().lock();
    try {
      state.ensureOpen();
      return state.liveCount();
    } finally {
      state.lock.readLock().unlock();
    }
  }

  @Override
  public long count(Filter filter) {
    PayloadPredicate predicate = PayloadPredicate.compile(Objects.requireNonNull(filter, "filter"));
    long[] n = new long[1];
    state.lock.readLock().lock();
    try {
      state.ensureOpen();
      scanLive(predicate, (s, ord) -> n[0]++);
    } finally {
      state.lock.readLock().unlock();
    }
    return n[0];
  }

  /** Visits matching live points; the visitor runs after the read lock is released. */
  void forEachLive(Filter filter, BiConsumer<String, Map<String, Object>> visitor) {
    PayloadPredicate predicate = filter == null ? null : PayloadPredicate.compile(filter);
    List<String> ids = new ArrayList<>();
    List<Map<String, Object>> payloads = new ArrayList<>();
    state.lock.readLock().lock();
    try {
      state.ensureOpen();
      scanLive(
          predicate,
          (s, ord) -> {
            ids.add(s.id(ord));
            payloads.add(s.payload(ord));
          });
    } finally {
      state.lock.readLock().unlock();
    }
    for (int i = 0; i < ids.size(); i++) {
      visitor.accept(ids.get(i), payloads.get(i));
    }
  }

  /** Calls the visitor for each live point matching the predicate (null: all). Under the lock. */
  private void scanLive(
      PayloadPredicate predicate, java.util.function.ObjIntConsumer<Segment> visitor) {
    for (Segment s : state.segments()) {
      int bound = s.ordinalBound();
      for (int ord = 0; ord < bound; ord++) {
        if (s.isLive(ord) && (predicate == null || predicate.test(s.payload(ord)))) {
          visitor.accept(s, ord);
        }
      }
    }
  }

  @Override
  public List<Hit> search(SearchRequest request) {
    Objects.requireNonNull(request, "request");
    float[] query = request.vector();
    checkVector(query, "the query");
    PayloadPredicate predicate =
        request.filter() == null ? null : PayloadPredicate.compile(request.filter());
    state.lock.readLock().lock();
    try {
      state.ensureOpen();
      return SegmentSearch.run(
          state.segments(),
          state.config,
          kernels,
          request,
          query,
          predicate,
          graphSearches,
          exactSearches);
    } finally {
      state.lock.readLock().unlock();
    }
  }

  private void checkVector(float[] vector, String what) {
    CollectionConfig config = state.config;
    if (vector.length != config.dimension()) {
      throw new IllegalArgumentException(
          "dimension mismatch: collection '"
              + state.name
              + "' has "
              + config.dimension()
              + ", "
              + what
              + " has "
              + vector.length);
    }
    // Fast path, one vector kernel: a squared norm well inside the limits needs no exact check
    // (NaN, overflow and underflow fail these comparisons and take the exact check below; 1e-30 is
    // far above MIN_COSINE_NORM squared, which a float cannot even hold).
    float squared = kernels.dot(vector, vector);
    if (squared <= (float) (MAX_NORM * MAX_NORM) * 0.999f
        && (config.metric() != Metric.COSINE || squared >= 1e-30f)) {
      return;
    }
    double sum = 0;
    int largest = 0;
    for (int i = 0; i < vector.length; i++) {
      sum += (double) vector[i] * vector[i];
      if (Math.abs(vector[i]) > Math.abs(vector[largest])) {
        largest = i;
      }
    }
    double norm = Math.sqrt(sum);
    if (norm > MAX_NORM) {
      throw new IllegalArgumentException(
          what
              + " has norm "
              + (float) norm
              + " (component "
              + largest
              + " is "
              + vector[largest]
              + "): scores would overflow; vectors must have a norm of at most "
              + (float) MAX_NORM
              + " (collection '"
              + state.name
              + "')");
    }
    if (config.metric() == Metric.COSINE && norm < MIN_COSINE_NORM) {
      throw new IllegalArgumentException(
          what
              + (norm == 0 ? " is a zero vector" : " has norm " + norm + ", too close to zero")
              + ", which has no cosine similarity (collection '"
              + state.name
              + "')");
    }
  }

  @Override
  public CollectionSnapshot snapshot() {
    ensureWritable();
    return lifecycle.snapshot();
  }

  /** Makes everything durable in segment files and trims the log (nothing to do in memory). */
  void checkpoint() {
    ensureWritable();
    lifecycle.checkpoint();
  }

  /** Checkpoints when reopening would otherwise replay many writes (called at store close). */
  void checkpointIfLogIsLong() {
    if (!state.closed && state.head.ordinalBound() >= CHECKPOINT_ON_CLOSE) {
      lifecycle.checkpoint();
    }
  }

  @Override
  public CollectionStats stats() {
    state.lock.readLock().lock();
    try {
      state.ensureOpen();
      HeadSegment h = state.head;
      long points = h.liveCount();
      long deleted = h.deletedCount();
      long nodes = h.graphSize();
      List<SealedSegment> sealed = state.sealed;
      for (SealedSegment s : sealed) {
        points += s.liveCount();
        deleted += s.size() - s.liveCount();
        nodes += s.size();
      }
      dev.vectorizer.internal.storage.WalWriter.Counters wal = lifecycle.walCounters();
      return new CollectionStats(
          points,
          deleted,
          nodes,
          sealed.size() + (h.ordinalBound() > 0 ? 1 : 0),
          graphSearches.sum(),
          exactSearches.sum(),
          lifecycle.compactions(),
          kernels.name(),
          lifecycle.merges(),
          wal.bytes(),
          wal.syncs(),
          wal.syncNanos());
    } finally {
      state.lock.readLock().unlock();
    }
  }

  /** The sealed segments now (tests look at their storage). */
  List<dev.vectorizer.internal.index.SealedSegment> sealedSegments() {
    return state.sealed;
  }

  long liveCountOrZero() {
    return state.closed ? 0 : state.liveCount();
  }

  /** Asks running background merges and rebuilds to stop at their next step (store closing). */
  void stopMerges() {
    lifecycle.stop();
  }

  /** Closes the collection; waits for operations in flight. Idempotent. */
  void close() {
    state.lock.writeLock().lock();
    try {
      if (!state.closed) {
        state.closed = true;
        state.head.close();
        persistence.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("closing collection '" + state.name + "'", e);
    } finally {
      state.lock.writeLock().unlock();
    }
  }

  private void ensureWritable() {
    state.ensureOpen();
    if (readOnly) {
      throw new UnsupportedOperationException(
          "collection '" + state.name + "' belongs to a store opened read-only");
    }
  }

  @Override
  public String toString() {
    return "Collection{name='" + state.name + "', " + state.config + '}';
  }
}
