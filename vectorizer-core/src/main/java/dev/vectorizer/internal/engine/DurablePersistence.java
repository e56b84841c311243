package dev.vectorizer.internal.engine;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionSnapshot;
import dev.vectorizer.Quantization;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.keyword.SealedPostings;
import dev.vectorizer.internal.storage.CodePages;
import dev.vectorizer.internal.storage.CollectionStorage;
import dev.vectorizer.internal.storage.Manifest;
import dev.vectorizer.internal.storage.PayloadCodec;
import dev.vectorizer.internal.storage.SegmentFile;
import dev.vectorizer.internal.storage.WalRecord;
import dev.vectorizer.internal.storage.WalWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The persistence of a durable collection: writes go to its write-ahead log, sealed segments to
 * segment files, state switches to its manifest ({@link CollectionStorage}). Also the one place
 * that translates between the engine's segments and the storage formats.
 *
 * <p>Thread-safe as {@link Persistence} requires.
 */
final class DurablePersistence implements Persistence {
  private final String name;
  private final CollectionConfig config;
  private final CollectionStorage storage;
  private final boolean readOnly;
  private final int sealThreshold;

  DurablePersistence(
      String name,
      CollectionConfig config,
      CollectionStorage storage,
      boolean readOnly,
      int sealThreshold) {
    this.name = name;
    this.config = config;
    this.storage = storage;
    this.readOnly = readOnly;
    this.sealThreshold = sealThreshold;
  }

  CollectionStorage storage() {
    return storage;
  }

  @Override
  public long log(List<WalRecord> records) {
    return storage.wal().append(records);
  }

  @Override
  public void sync(long lsn) {
    if (lsn > 0) {
      storage.wal().sync(lsn);
    }
  }

  @Override
  public boolean wantsSeal(int headOrdinals) {
    return !readOnly && headOrdinals >= sealThreshold;
  }

  @Override
  public long lastLsn() {
    return storage.wal() == null ? 0 : storage.wal().lastLsn();
  }

  @Override
  public WalWriter.Counters walCounters() {
    return storage.wal() == null ? new WalWriter.Counters(0, 0, 0) : storage.wal().counters();
  }

  @Override
  public SealedSegment freeze(HeadSegment head) {
    long id = storage.nextSegmentId();
    Path file = storage.directory().resolve(SegmentFile.name(id));
    return head.seal(id, PayloadCodec::encode, json -> PayloadCodec.decode(json, file));
  }

  @Override
  public void beginPending(SealedSegment segment) {
    storage.beginPending(segment.id());
  }

  @Override
  public void endPending(SealedSegment segment, boolean committed) throws IOException {
    storage.endPending(segment.id(), committed);
  }

  @Override
  public void writeSegment(SealedSegment segment) throws IOException {
    storage.writeSegment(source(segment), config);
    if (segment.postings() != null) {
      storage.writePostings(
          segment.postings().toFile(segment.id(), config.keyword()),
          SealedPostings.luceneVersion());
    }
  }

  @Override
  public void commit(
      List<SealedSegment> segments, Map<Long, Long> newerThan, long lsn, boolean trimLog)
      throws IOException {
    for (SealedSegment seg : segments) {
      if (seg.deletionsDirty()) {
        int gen = seg.deletedGeneration() + 1;
        storage.writeDeletions(seg.id(), gen, seg.deletedBits().toWords(seg.size()), seg.size());
        seg.deletionsPersisted(gen);
      }
    }
    storage.commit(name, config, refs(segments, newerThan), lsn, trimLog);
  }

  @Override
  public void checkpoint(Checkpoint checkpoint) throws IOException {
    checkpoint.run();
  }

  @Override
  public CollectionSnapshot snapshot(Checkpoint checkpoint) throws IOException {
    Cut cut = checkpoint.run();
    List<String> names = CollectionStorage.fileNames(refs(cut.segments(), Map.of()));
    byte[] manifest = Files.readAllBytes(storage.directory().resolve(Manifest.FILE));
    storage.pin(names);
    try {
      return new PinnedSnapshot(name, config, storage, names, manifest, cut.lsn(), cut.points());
    } catch (IOException | RuntimeException e) {
      storage.unpin(names);
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    storage.close();
  }

  @Override
  public void deleteAll() throws IOException {
    storage.deleteAll();
  }

  private static List<CollectionStorage.SegmentRef> refs(
      List<SealedSegment> segments, Map<Long, Long> newerThan) {
    List<CollectionStorage.SegmentRef> refs = new ArrayList<>(segments.size());
    for (SealedSegment s : segments) {
      refs.add(
          new CollectionStorage.SegmentRef(
              s.id(),
              s.size(),
              s.deletedGeneration(),
              s.postings() != null,
              newerThan.getOrDefault(s.id(), 0L)));
    }
    return refs;
  }

  /** A sealed segment as the segment file format reads it. */
  private static SegmentFile.Source source(SealedSegment s) {
    SealedSegment.Graph g = s.graph();
    List<java.util.Map<Integer, int[]>> upper = new ArrayList<>();
    for (SealedSegment.UpperLevel level : g.upper()) {
      java.util.Map<Integer, int[]> rows = new java.util.LinkedHashMap<>();
      for (int k = 0; k < level.nodes().length; k++) {
        rows.put(level.nodes()[k], level.row(k));
      }
      upper.add(rows);
    }
    SegmentFile.GraphRows rows =
        new SegmentFile.GraphRows(g.entryNode(), g.maxLevel(), g.offsets(), g.neighbors(), upper);
    return new SegmentFile.Source() {
      @Override
      public long id() {
        return s.id();
      }

      @Override
      public int count() {
        return s.size();
      }

      @Override
      public float[] vector(int ord) {
        return s.vector(ord);
      }

      @Override
      public String pointId(int ord) {
        return s.id(ord);
      }

      @Override
      public byte[] payloadJson(int ord) {
        return s.payloadJson(ord);
      }

      @Override
      public SegmentFile.GraphRows graph() {
        return rows;
      }

      @Override
      public Quantization quantization() {
        return s.codes() == null ? Quantization.NONE : s.codes().kind();
      }

      @Override
      public byte[] codesHeader() {
        return s.codes() == null ? null : s.codes().header();
      }

      @Override
      public CodePages codes() {
        return s.codes() == null ? null : s.codes().codes();
      }
    };
  }
}
