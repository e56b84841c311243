package dev.vectorizer.internal.engine;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionStats;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.StoreClosedException;
import dev.vectorizer.internal.filter.PayloadPredicate;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.kernels.VectorKernels;
import dev.vectorizer.internal.search.GraphSearcher;
import dev.vectorizer.internal.search.QueryScorer;
import dev.vectorizer.internal.search.SearchPlan;
import dev.vectorizer.internal.search.TopK;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collection held in memory: one {@link HeadSegment}, rebuilt when deleted points dominate.
 *
 * <p>Concurrency: every operation holds the read side of {@link #lock}, so reads and writes run in
 * parallel (the segment is safe for that). The write side is taken only to swap in a rebuilt
 * segment and to close; it is the "stop the world" that replaces JVector's {@code cleanup()}.
 * Compaction runs when retired ordinals outnumber live ones (and there are at least {@value
 * #MIN_GARBAGE_FOR_COMPACTION}), so its cost is amortised over the deletes that caused it.
 */
final class InMemoryCollection implements Collection {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryCollection.class);
  static final int MIN_GARBAGE_FOR_COMPACTION = 1024;
  private static final int PARALLEL_BATCH = 64;
  private static final int SELECTIVITY_SAMPLE = 1024;

  private final String name;
  private final CollectionConfig config;
  private final VectorKernels kernels;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile HeadSegment head;
  private volatile boolean closed;
  private final LongAdder graphSearches = new LongAdder();
  private final LongAdder exactSearches = new LongAdder();
  private final AtomicLong compactions = new AtomicLong();

  InMemoryCollection(String name, CollectionConfig config, VectorKernels kernels) {
    this.name = name;
    this.config = config;
    this.kernels = kernels;
    this.head = new HeadSegment(config);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CollectionConfig config() {
    return config;
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
    lock.readLock().lock();
    try {
      ensureOpen();
      HeadSegment h = head;
      int[] ords = new int[batch.size()];
      int i = 0;
      for (Point p : batch.values()) {
        ords[i++] = h.allocate(p.id(), p.vector(), p.payload());
      }
      if (ords.length >= PARALLEL_BATCH) {
        IntStream.of(ords).parallel().forEach(h::index);
      } else {
        for (int ord : ords) {
          h.index(ord);
        }
      }
      for (int ord : ords) {
        h.publish(ord);
      }
    } finally {
      lock.readLock().unlock();
    }
    maybeCompact();
  }

  @Override
  public Optional<Point> get(String id) {
    Point.checkId(id);
    lock.readLock().lock();
    try {
      ensureOpen();
      HeadSegment h = head;
      int ord = h.ordinalOf(id);
      if (ord < 0) {
        return Optional.empty();
      }
      return Optional.of(Point.of(id, h.vector(ord), h.payload(ord)));
    } finally {
      lock.readLock().unlock();
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
    int deleted = 0;
    lock.readLock().lock();
    try {
      ensureOpen();
      HeadSegment h = head;
      for (String id : ids) {
        if (h.remove(id, -1)) {
          deleted++;
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    maybeCompact();
    return deleted;
  }

  @Override
  public long deleteWhere(Filter filter) {
    PayloadPredicate predicate = PayloadPredicate.compile(Objects.requireNonNull(filter, "filter"));
    long deleted = 0;
    lock.readLock().lock();
    try {
      ensureOpen();
      HeadSegment h = head;
      int bound = h.ordinalBound();
      for (int ord = 0; ord < bound; ord++) {
        if (h.isLive(ord) && predicate.test(h.payload(ord)) && h.remove(h.id(ord), ord)) {
          deleted++;
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    maybeCompact();
    return deleted;
  }

  @Override
  public long count() {
    lock.readLock().lock();
    try {
      ensureOpen();
      return head.liveCount();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long count(Filter filter) {
    PayloadPredicate predicate = PayloadPredicate.compile(Objects.requireNonNull(filter, "filter"));
    lock.readLock().lock();
    try {
      ensureOpen();
      HeadSegment h = head;
      long n = 0;
      int bound = h.ordinalBound();
      for (int ord = 0; ord < bound; ord++) {
        if (h.isLive(ord) && predicate.test(h.payload(ord))) {
          n++;
        }
      }
      return n;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<Hit> search(SearchRequest request) {
    Objects.requireNonNull(request, "request");
    float[] query = request.vector();
    checkVector(query, "the query");
    PayloadPredicate predicate =
        request.filter() == null ? null : PayloadPredicate.compile(request.filter());
    lock.readLock().lock();
    try {
      ensureOpen();
      HeadSegment h = head;
      int limit = request.limit();
      int beam =
          Math.max(limit, request.beamWidth() > 0 ? request.beamWidth() : config.searchBeamWidth());
      IntPredicate accept =
          predicate == null ? h::isLive : ord -> h.isLive(ord) && predicate.test(h.payload(ord));
      QueryScorer scorer =
          new QueryScorer(config.metric(), kernels, h.vectors(), h.inverseNorms(), query);
      long live = h.liveCount();
      boolean exact =
          request.exact()
              || SearchPlan.preferExact(
                  live,
                  predicate == null ? live : estimateMatches(h, predicate, live),
                  beam,
                  config.exactSearchThreshold());
      TopK top;
      if (!exact) {
        top = new TopK(beam);
        GraphSearcher.forCurrentThread().search(h.graphAccess(), scorer, accept, top);
        graphSearches.increment();
        if (top.size() < limit && top.size() < live) {
          // The graph could not reach enough accepted points (a selective filter, or a region cut
          // off by deletes): answer exactly rather than return fewer hits than exist.
          top = null;
        }
      } else {
        top = null;
      }
      if (top == null) {
        top = exactScan(h, scorer, accept, limit);
        exactSearches.increment();
      }
      return toHits(h, scorer, top, request);
    } finally {
      lock.readLock().unlock();
    }
  }

  private double estimateMatches(HeadSegment h, PayloadPredicate predicate, long live) {
    int bound = h.ordinalBound();
    int step = Math.max(1, bound / SELECTIVITY_SAMPLE);
    int seen = 0;
    int matched = 0;
    for (int ord = step / 2; ord < bound; ord += step) {
      if (h.isLive(ord)) {
        seen++;
        if (predicate.test(h.payload(ord))) {
          matched++;
        }
      }
    }
    return seen == 0 ? live : (double) matched / seen * live;
  }

  private static TopK exactScan(HeadSegment h, QueryScorer scorer, IntPredicate accept, int k) {
    TopK top = new TopK(k);
    int bound = h.ordinalBound();
    int[] four = new int[4];
    int n = 0;
    for (int ord = 0; ord < bound; ord++) {
      if (!accept.test(ord)) {
        continue;
      }
      four[n++] = ord;
      if (n == 4) {
        float[] s = scorer.score4(four[0], four[1], four[2], four[3]);
        float s0 = s[0];
        float s1 = s[1];
        float s2 = s[2];
        float s3 = s[3];
        top.offer(four[0], s0);
        top.offer(four[1], s1);
        top.offer(four[2], s2);
        top.offer(four[3], s3);
        n = 0;
      }
    }
    for (int i = 0; i < n; i++) {
      top.offer(four[i], scorer.score(four[i]));
    }
    return top;
  }

  private static List<Hit> toHits(
      HeadSegment h, QueryScorer scorer, TopK top, SearchRequest request) {
    int n = top.size();
    int[] nodes = new int[n];
    float[] scores = new float[n];
    top.drainBestFirst(nodes, scores);
    Float threshold = request.scoreThreshold();
    float minInternal =
        threshold == null ? Float.NEGATIVE_INFINITY : scorer.toInternalScore(threshold);
    List<Hit> hits = new ArrayList<>(Math.min(n, request.limit()));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n && hits.size() < request.limit(); i++) {
      if (scores[i] < minInternal) {
        break;
      }
      String id = h.id(nodes[i]);
      if (!seen.add(id)) {
        continue; // an upsert in flight: its old and new versions were both live for an instant
      }
      hits.add(
          Hit.of(
              id,
              scorer.toUserScore(scores[i]),
              request.includePayload() ? h.payload(nodes[i]) : Map.of(),
              request.includeVector() ? h.vector(nodes[i]).clone() : null));
    }
    return hits;
  }

  private void checkVector(float[] vector, String what) {
    if (vector.length != config.dimension()) {
      throw new IllegalArgumentException(
          "dimension mismatch: collection '"
              + name
              + "' has "
              + config.dimension()
              + ", "
              + what
              + " has "
              + vector.length);
    }
    if (config.metric() == Metric.COSINE) {
      boolean zero = true;
      for (float x : vector) {
        if (x != 0f) {
          zero = false;
          break;
        }
      }
      if (zero) {
        throw new IllegalArgumentException(
            what + " is a zero vector, which has no cosine similarity (collection '" + name + "')");
      }
    }
  }

  private void maybeCompact() {
    HeadSegment h = head;
    long garbage = h.deletedCount();
    if (garbage < MIN_GARBAGE_FOR_COMPACTION || garbage <= h.liveCount()) {
      return;
    }
    if (!lock.writeLock().tryLock()) {
      return; // someone else is compacting or closing
    }
    try {
      if (closed || head != h) {
        return;
      }
      long start = System.nanoTime();
      HeadSegment rebuilt = new HeadSegment(config);
      int bound = h.ordinalBound();
      int[] ords = new int[(int) h.liveCount()];
      int n = 0;
      for (int ord = 0; ord < bound; ord++) {
        if (h.isLive(ord)) {
          ords[n++] = rebuilt.allocate(h.id(ord), h.vector(ord), h.payload(ord));
        }
      }
      IntStream.of(ords).limit(n).parallel().forEach(rebuilt::index);
      for (int i = 0; i < n; i++) {
        rebuilt.publish(ords[i]);
      }
      head = rebuilt;
      h.close();
      compactions.incrementAndGet();
      LOG.debug(
          "collection '{}': rebuilt graph, dropped {} deleted points, kept {}, in {} ms",
          name,
          garbage,
          n,
          (System.nanoTime() - start) / 1_000_000);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public CollectionStats stats() {
    lock.readLock().lock();
    try {
      ensureOpen();
      HeadSegment h = head;
      return new CollectionStats(
          h.liveCount(),
          h.deletedCount(),
          h.graphSize(),
          1,
          graphSearches.sum(),
          exactSearches.sum(),
          compactions.get(),
          kernels.name());
    } finally {
      lock.readLock().unlock();
    }
  }

  long liveCount() {
    HeadSegment h = head;
    return closed ? 0 : h.liveCount();
  }

  /** Closes the collection; waits for operations in flight. Idempotent. */
  void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        head.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException("collection '" + name + "' is closed");
    }
  }

  @Override
  public String toString() {
    return "Collection{name='" + name + "', " + config + '}';
  }
}
