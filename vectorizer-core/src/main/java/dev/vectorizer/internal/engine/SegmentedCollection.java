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
import dev.vectorizer.VectorizerException;
import dev.vectorizer.internal.filter.PayloadPredicate;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.index.Segment;
import dev.vectorizer.internal.kernels.VectorKernels;
import dev.vectorizer.internal.storage.CollectionStorage;
import dev.vectorizer.internal.storage.PayloadCodec;
import dev.vectorizer.internal.storage.WalRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collection as a mutable head segment plus immutable sealed segments, optionally backed by files
 * ({@link CollectionStorage}); without storage it is the in-memory collection.
 *
 * <p>Writes: validate, lock the id stripes of the batch, append to the WAL, apply (insert into the
 * head graph, publish, retire older versions in any segment), unlock, then sync the WAL (group
 * commit) and return. The stripes keep WAL order and apply order equal for each id, so replay
 * reproduces what readers saw.
 *
 * <p>Concurrency: every operation holds the read side of {@link #lock}, so reads and writes run in
 * parallel. The write side ("stop the world" for this collection) is taken to seal the head, to
 * swap in a merged or rebuilt segment, and to close.
 *
 * <p>Recovery: see {@link CollectionStorage}; replay applies records with the same code path as
 * live writes, minus logging.
 */
final class SegmentedCollection implements Collection {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentedCollection.class);
  static final int MIN_GARBAGE_FOR_COMPACTION = 1024;
  private static final int PARALLEL_BATCH = 64;
  private static final int STRIPES = 64;

  private final String name;
  private final CollectionConfig config;
  private final VectorKernels kernels;
  private final CollectionStorage storage;
  private final boolean readOnly;
  private final int sealThreshold;
  private final int maxSegments;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private volatile HeadSegment head;
  private volatile List<SealedSegment> sealed = List.of();
  private volatile long appliedLsn;
  private volatile boolean closed;
  private volatile boolean stopping;
  private final LongAdder graphSearches = new LongAdder();
  private final LongAdder exactSearches = new LongAdder();
  private final AtomicLong compactions = new AtomicLong();
  private final AtomicLong merges = new AtomicLong();
  private final java.util.concurrent.Executor mergeExecutor;
  private final java.util.concurrent.atomic.AtomicBoolean mergeScheduled =
      new java.util.concurrent.atomic.AtomicBoolean();

  SegmentedCollection(
      String name,
      CollectionConfig config,
      VectorKernels kernels,
      CollectionStorage storage,
      boolean readOnly,
      int sealThreshold,
      int maxSegments,
      List<SealedSegment> segments,
      long lsn,
      java.util.concurrent.Executor mergeExecutor) {
    this.mergeExecutor = mergeExecutor;
    this.name = name;
    this.config = config;
    this.kernels = kernels;
    this.storage = storage;
    this.readOnly = readOnly;
    this.sealThreshold = sealThreshold;
    this.maxSegments = maxSegments;
    this.head = new HeadSegment(config);
    this.sealed = List.copyOf(segments);
    this.appliedLsn = lsn;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Applies a replayed WAL record (single-threaded, during open). */
  void replay(WalRecord r) {
    if (r.op() == WalRecord.UPSERT) {
      applyUpserts(List.of(Point.of(r.id(), r.vector(), r.payload())));
    } else {
      applyDelete(r.id(), -1);
    }
    appliedLsn = r.lsn();
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
    ensureWritable();
    List<Point> unique = new ArrayList<>(batch.values());
    long lsn = 0;
    lock.readLock().lock();
    try {
      ensureOpen();
      int[] held = lockStripes(unique.stream().map(Point::id).toList());
      try {
        if (storage != null) {
          List<WalRecord> records = new ArrayList<>(unique.size());
          for (Point p : unique) {
            records.add(WalRecord.upsert(p.id(), p.vector(), p.payload()));
          }
          long[] lsns = storage.wal().append(records);
          lsn = lsns[lsns.length - 1];
        }
        applyUpserts(unique);
      } finally {
        unlockStripes(held);
      }
    } finally {
      lock.readLock().unlock();
    }
    if (storage != null) {
      storage.wal().sync(lsn);
    }
    maintain();
  }

  private void applyUpserts(List<Point> points) {
    HeadSegment h = head;
    int[] ords = new int[points.size()];
    for (int i = 0; i < ords.length; i++) {
      Point p = points.get(i);
      ords[i] = h.allocate(p.id(), p.vector(), p.payload());
    }
    if (ords.length >= PARALLEL_BATCH) {
      IntStream.of(ords).parallel().forEach(h::index);
    } else {
      for (int ord : ords) {
        h.index(ord);
      }
    }
    for (int i = 0; i < ords.length; i++) {
      h.publish(ords[i]);
      retireInSealed(points.get(i).id());
    }
  }

  private void retireInSealed(String id) {
    for (SealedSegment s : sealed) {
      int ord = s.ordinalOf(id);
      if (ord >= 0) {
        s.delete(ord);
      }
    }
  }

  private boolean applyDelete(String id, int expectedHeadOrdinal) {
    boolean deleted = head.remove(id, expectedHeadOrdinal);
    for (SealedSegment s : sealed) {
      int ord = s.ordinalOf(id);
      if (ord >= 0 && s.delete(ord)) {
        deleted = true;
      }
    }
    return deleted;
  }

  private boolean exists(String id) {
    if (head.ordinalOf(id) >= 0) {
      return true;
    }
    for (SealedSegment s : sealed) {
      if (s.ordinalOf(id) >= 0) {
        return true;
      }
    }
    return false;
  }

  private int[] lockStripes(List<String> ids) {
    boolean[] want = new boolean[STRIPES];
    for (String id : ids) {
      want[Math.floorMod(id.hashCode() * 0x9E3779B9, STRIPES)] = true;
    }
    int[] held = new int[STRIPES];
    int n = 0;
    for (int i = 0; i < STRIPES; i++) {
      if (want[i]) {
        stripes[i].lock();
        held[n++] = i;
      }
    }
    return Arrays.copyOf(held, n);
  }

  private void unlockStripes(int[] held) {
    for (int i = held.length - 1; i >= 0; i--) {
      stripes[held[i]].unlock();
    }
  }

  @Override
  public Optional<Point> get(String id) {
    Point.checkId(id);
    lock.readLock().lock();
    try {
      ensureOpen();
      Segment s = head;
      int ord = s.ordinalOf(id);
      if (ord < 0) {
        for (SealedSegment seg : sealed) {
          ord = seg.ordinalOf(id);
          if (ord >= 0) {
            s = seg;
            break;
          }
        }
      }
      if (ord < 0) {
        return Optional.empty();
      }
      return Optional.of(Point.of(id, s.vector(ord), s.payload(ord)));
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
    ensureWritable();
    List<String> unique = new ArrayList<>(new java.util.LinkedHashSet<>(ids));
    int deleted = 0;
    long lsn = 0;
    lock.readLock().lock();
    try {
      ensureOpen();
      int[] held = lockStripes(unique);
      try {
        List<String> present = new ArrayList<>();
        for (String id : unique) {
          if (exists(id)) {
            present.add(id);
          }
        }
        if (!present.isEmpty()) {
          if (storage != null) {
            List<WalRecord> records = new ArrayList<>(present.size());
            for (String id : present) {
              records.add(WalRecord.delete(id));
            }
            long[] lsns = storage.wal().append(records);
            lsn = lsns[lsns.length - 1];
          }
          for (String id : present) {
            if (applyDelete(id, -1)) {
              deleted++;
            }
          }
        }
      } finally {
        unlockStripes(held);
      }
    } finally {
      lock.readLock().unlock();
    }
    if (storage != null && lsn > 0) {
      storage.wal().sync(lsn);
    }
    maintain();
    return deleted;
  }

  @Override
  public long deleteWhere(Filter filter) {
    PayloadPredicate predicate = PayloadPredicate.compile(Objects.requireNonNull(filter, "filter"));
    ensureWritable();
    List<String> matching = new ArrayList<>();
    lock.readLock().lock();
    try {
      ensureOpen();
      for (Segment s : segments()) {
        int bound = s.ordinalBound();
        for (int ord = 0; ord < bound; ord++) {
          if (s.isLive(ord) && predicate.test(s.payload(ord))) {
            matching.add(s.id(ord));
          }
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    // A point replaced meanwhile by a version that no longer matches is still deleted: the filter
    // was evaluated on the version that existed when this call started.
    return matching.isEmpty() ? 0 : delete(matching);
  }

  @Override
  public long count() {
    lock.readLock().lock();
    try {
      ensureOpen();
      long n = head.liveCount();
      for (SealedSegment s : sealed) {
        n += s.liveCount();
      }
      return n;
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
      long n = 0;
      for (Segment s : segments()) {
        int bound = s.ordinalBound();
        for (int ord = 0; ord < bound; ord++) {
          if (s.isLive(ord) && predicate.test(s.payload(ord))) {
            n++;
          }
        }
      }
      return n;
    } finally {
      lock.readLock().unlock();
    }
  }

  private List<Segment> segments() {
    List<SealedSegment> s = sealed;
    List<Segment> all = new ArrayList<>(s.size() + 1);
    all.add(head);
    all.addAll(s);
    return all;
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
      return SegmentSearch.run(
          segments(), config, kernels, request, query, predicate, graphSearches, exactSearches);
    } finally {
      lock.readLock().unlock();
    }
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

  /** After a write: seal a full head (durable), or rebuild a head full of garbage (in memory). */
  private void maintain() {
    HeadSegment h = head;
    if (storage != null && h.ordinalBound() >= sealThreshold) {
      if (lock.writeLock().tryLock()) {
        try {
          if (!closed && head == h) {
            sealHead();
          }
        } catch (IOException e) {
          throw new VectorizerException(
              "checkpoint of collection '" + name + "' failed: " + e.getMessage(), e);
        } finally {
          lock.writeLock().unlock();
        }
      }
      return;
    }
    long garbage = h.deletedCount();
    if (garbage < MIN_GARBAGE_FOR_COMPACTION || garbage <= h.liveCount()) {
      return;
    }
    if (!lock.writeLock().tryLock()) {
      return; // someone else is compacting, sealing or closing
    }
    try {
      if (!closed && head == h) {
        rebuildHead(h, garbage);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void rebuildHead(HeadSegment h, long garbage) {
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
  }

  /**
   * Writes the head as a sealed segment, persists deletions and the manifest, trims the WAL.
   * Callers hold the write lock.
   */
  private void sealHead() throws IOException {
    long lsn = storage.wal().lastLsn();
    HeadSegment h = head;
    List<SealedSegment> next = new ArrayList<>(sealed);
    if (h.ordinalBound() > 0) {
      if (h.deletedCount() > h.liveCount() / 4 && h.deletedCount() > 0) {
        rebuildHead(h, h.deletedCount());
        h = head;
      }
      SealedSegment seg = seal(h, storage.nextSegmentId());
      if (seg.liveCount() > 0) {
        storage.writeSegment(seg, config);
        next.add(seg);
      }
    }
    storage.commit(name, config, next, lsn, true);
    sealed = List.copyOf(next);
    head = new HeadSegment(config);
    h.close();
    appliedLsn = lsn;
    LOG.debug("collection '{}': checkpoint at LSN {}, {} segments", name, lsn, next.size());
    scheduleMergeIfNeeded();
  }

  private void scheduleMergeIfNeeded() {
    if (mergeExecutor != null
        && sealed.size() > maxSegments
        && mergeScheduled.compareAndSet(false, true)) {
      try {
        mergeExecutor.execute(this::mergeInBackground);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        mergeScheduled.set(false); // the store is closing
      }
    }
  }

  /**
   * Merges the smallest sealed segments into one, dropping deleted points. The new graph is built
   * while reads and writes go on; deletions that hit the source segments meanwhile are carried over
   * under the write lock, just before the manifest switch.
   */
  private void mergeInBackground() {
    boolean failed = false;
    try {
      while (!closed && !stopping && sealed.size() > maxSegments) {
        if (!mergeOnce()) {
          break;
        }
      }
    } catch (RuntimeException | IOException e) {
      failed = true;
      LOG.warn(
          "collection '{}': background merge failed, will retry at the next checkpoint", name, e);
    } finally {
      mergeScheduled.set(false);
    }
    if (!failed) {
      scheduleMergeIfNeeded(); // a checkpoint may have added segments while the flag was set
    }
  }

  private boolean mergeOnce() throws IOException {
    List<SealedSegment> current = sealed;
    List<SealedSegment> bySize = new ArrayList<>(current);
    bySize.sort(java.util.Comparator.comparingLong(SealedSegment::liveCount));
    int take = Math.max(2, current.size() - maxSegments / 2);
    List<SealedSegment> chosen = bySize.subList(0, Math.min(take, bySize.size()));
    long start = System.nanoTime();
    HeadSegment building = new HeadSegment(config);
    List<int[]> sources = new ArrayList<>();
    for (int si = 0; si < chosen.size(); si++) {
      SealedSegment src = chosen.get(si);
      for (int ord = 0; ord < src.size(); ord++) {
        if (src.isLive(ord)) {
          int m = building.allocate(src.id(ord), src.vector(ord), src.payload(ord));
          sources.add(new int[] {si, ord, m});
        }
      }
    }
    sources.stream()
        .parallel()
        .forEach(
            t -> {
              if (!stopping) {
                building.index(t[2]);
              }
            });
    for (int[] t : sources) {
      building.publish(t[2]);
    }
    if (closed || stopping) {
      building.close();
      return false;
    }
    long segmentId = storage.nextSegmentId();
    storage.beginPending(segmentId);
    boolean committed = false;
    try {
      SealedSegment merged = seal(building, segmentId);
      building.close();
      storage.writeSegment(merged, config);
      lock.writeLock().lock();
      try {
        if (closed || !sealed.containsAll(chosen)) {
          return false;
        }
        for (int[] t : sources) {
          if (!chosen.get(t[0]).isLive(t[1])) {
            // Deleted or replaced while we were merging. Sealing renumbered the ordinals, so
            // find the copy by id (live ids are unique across the merged segments).
            int copy = merged.ordinalOf(chosen.get(t[0]).id(t[1]));
            if (copy >= 0) {
              merged.delete(copy);
            }
          }
        }
        List<SealedSegment> next = new ArrayList<>(sealed);
        next.removeAll(chosen);
        next.add(merged);
        storage.commit(name, config, next, appliedLsn, false);
        committed = true;
        sealed = List.copyOf(next);
        merges.incrementAndGet();
      } finally {
        lock.writeLock().unlock();
      }
    } finally {
      storage.endPending(segmentId, committed);
    }
    LOG.debug(
        "collection '{}': merged {} segments ({} points) in {} ms",
        name,
        chosen.size(),
        sources.size(),
        (System.nanoTime() - start) / 1_000_000);
    return true;
  }

  /** Freezes a head into a sealed segment whose payload errors name its future file. */
  private SealedSegment seal(HeadSegment h, long segmentId) {
    java.nio.file.Path file =
        storage.directory().resolve(dev.vectorizer.internal.storage.SegmentFile.name(segmentId));
    return h.seal(segmentId, PayloadCodec::encode, json -> PayloadCodec.decode(json, file));
  }

  @Override
  public dev.vectorizer.CollectionSnapshot snapshot() {
    if (storage == null) {
      throw new UnsupportedOperationException(
          "collection '" + name + "' is in memory: snapshots need a durable store");
    }
    ensureWritable();
    lock.writeLock().lock();
    try {
      ensureOpen();
      sealHead();
      byte[] manifest =
          java.nio.file.Files.readAllBytes(
              storage.directory().resolve(dev.vectorizer.internal.storage.Manifest.FILE));
      List<String> names = CollectionStorage.fileNames(sealed);
      storage.pin(names);
      long points = 0;
      for (SealedSegment s : sealed) {
        points += s.liveCount();
      }
      return new Snapshot(names, manifest, appliedLsn, points);
    } catch (IOException e) {
      throw new VectorizerException(
          "snapshot of collection '" + name + "' failed: " + e.getMessage(), e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Pinned files plus the manifest bytes of the cut (written to a temporary file on demand). */
  private final class Snapshot implements dev.vectorizer.CollectionSnapshot {
    private final List<String> names;
    private final java.nio.file.Path manifestCopy;
    private final long lsn;
    private final long points;
    private final java.util.concurrent.atomic.AtomicBoolean closed =
        new java.util.concurrent.atomic.AtomicBoolean();

    Snapshot(List<String> names, byte[] manifest, long lsn, long points) throws IOException {
      this.names = names;
      this.lsn = lsn;
      this.points = points;
      this.manifestCopy =
          java.nio.file.Files.createTempFile(storage.directory(), ".snapshot-", ".manifest");
      java.nio.file.Files.write(manifestCopy, manifest);
    }

    @Override
    public String collection() {
      return name;
    }

    @Override
    public CollectionConfig config() {
      return config;
    }

    @Override
    public long lsn() {
      return lsn;
    }

    @Override
    public long points() {
      return points;
    }

    @Override
    public Map<String, java.nio.file.Path> files() {
      Map<String, java.nio.file.Path> files = new LinkedHashMap<>();
      files.put(dev.vectorizer.internal.storage.Manifest.FILE, manifestCopy);
      for (String n : names) {
        files.put(n, storage.directory().resolve(n));
      }
      return files;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        storage.unpin(names);
        try {
          java.nio.file.Files.deleteIfExists(manifestCopy);
        } catch (IOException e) {
          LOG.warn("could not delete {}", manifestCopy, e);
        }
      }
    }
  }

  /** Makes everything durable in segment files and trims the WAL. */
  void checkpoint() {
    if (storage == null) {
      return;
    }
    ensureWritable();
    lock.writeLock().lock();
    try {
      ensureOpen();
      sealHead();
    } catch (IOException e) {
      throw new VectorizerException(
          "checkpoint of collection '" + name + "' failed: " + e.getMessage(), e);
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
      long points = h.liveCount();
      long deleted = h.deletedCount();
      long nodes = h.graphSize();
      for (SealedSegment s : sealed) {
        points += s.liveCount();
        deleted += s.size() - s.liveCount();
        nodes += s.size();
      }
      return new CollectionStats(
          points,
          deleted,
          nodes,
          sealed.size() + (h.ordinalBound() > 0 ? 1 : 0),
          graphSearches.sum(),
          exactSearches.sum(),
          compactions.get() + merges.get(),
          kernels.name());
    } finally {
      lock.readLock().unlock();
    }
  }

  long liveCountOrZero() {
    if (closed) {
      return 0;
    }
    long n = head.liveCount();
    for (SealedSegment s : sealed) {
      n += s.liveCount();
    }
    return n;
  }

  /** Asks a running background merge to stop at its next step (the store is closing). */
  void stopMerges() {
    stopping = true;
  }

  /** Closes the collection; waits for operations in flight. Idempotent. */
  void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        head.close();
        if (storage != null) {
          storage.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("closing collection '" + name + "'", e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  CollectionStorage storage() {
    return storage;
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreClosedException("collection '" + name + "' is closed");
    }
  }

  private void ensureWritable() {
    ensureOpen();
    if (readOnly) {
      throw new UnsupportedOperationException(
          "collection '" + name + "' belongs to a store opened read-only");
    }
  }

  @Override
  public String toString() {
    return "Collection{name='" + name + "', " + config + '}';
  }
}
