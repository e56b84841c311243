package dev.vectorizer.internal.engine;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CorruptedDataException;
import dev.vectorizer.KeywordConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.Quantization;
import dev.vectorizer.StoreOptions;
import dev.vectorizer.internal.index.ConcurrentBitSet;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.index.VectorPages;
import dev.vectorizer.internal.kernels.MappedVectors;
import dev.vectorizer.internal.kernels.VectorKernels;
import dev.vectorizer.internal.keyword.SealedPostings;
import dev.vectorizer.internal.quant.SegmentCodes;
import dev.vectorizer.internal.storage.CollectionStorage;
import dev.vectorizer.internal.storage.DeletionFile;
import dev.vectorizer.internal.storage.FileOpener;
import dev.vectorizer.internal.storage.Manifest;
import dev.vectorizer.internal.storage.PayloadCodec;
import dev.vectorizer.internal.storage.PostingsFile;
import dev.vectorizer.internal.storage.SegmentFile;
import dev.vectorizer.internal.storage.WalOutput;
import dev.vectorizer.internal.storage.WalReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Creates and opens durable collections: reads the manifest, loads the sealed segments it lists
 * with their current deletion generations (graphs are read, never rebuilt), replays the log after
 * the manifest's LSN, and wires the collection to its files.
 *
 * <p>Stateless apart from its settings; thread-safe.
 */
final class CollectionLoader {
  private final StoreOptions options;
  private final WalOutput.Factory outputs;
  private final VectorKernels kernels;
  private final Executor merges;

  CollectionLoader(
      StoreOptions options, WalOutput.Factory outputs, VectorKernels kernels, Executor merges) {
    this.options = options;
    this.outputs = outputs;
    this.kernels = kernels;
    this.merges = merges;
  }

  /** Creates the files of a new, empty collection and opens it. */
  SegmentedCollection create(Path dir, String name, CollectionConfig config) throws IOException {
    CollectionStorage storage =
        CollectionStorage.create(dir, name, config, options.durability(), outputs);
    return wire(name, config, storage, List.of(), Map.of(), 0, false);
  }

  /**
   * Opens a collection directory.
   *
   * @param dir the directory
   * @param opener how files are read (a pinned snapshot for read-only opens)
   * @param readOnly whether to open without writing anything
   * @return the collection, replayed
   * @throws IOException on failure
   * @throws CorruptedDataException naming a file that fails its checks
   */
  SegmentedCollection open(Path dir, FileOpener opener, boolean readOnly) throws IOException {
    Manifest manifest = Manifest.read(opener, dir);
    String name = dir.getFileName().toString();
    if (!manifest.name().equals(name)) {
      throw new CorruptedDataException(
          dir.resolve(Manifest.FILE),
          "names collection '" + manifest.name() + "' but lives in directory '" + name + "'");
    }
    List<SealedSegment> segments = readSegments(dir, opener, manifest);
    CollectionStorage storage =
        CollectionStorage.open(dir, readOnly, options.durability(), outputs, manifest);
    Map<Long, Long> newerThan = new HashMap<>();
    for (Manifest.SegmentEntry e : manifest.segments()) {
      if (e.newerThanLsn() > manifest.lsn()) {
        newerThan.put(e.id(), e.newerThanLsn());
      }
    }
    SegmentedCollection c =
        wire(
            name,
            manifest.config(),
            storage,
            segments,
            Map.copyOf(newerThan),
            manifest.lsn(),
            readOnly);
    WalReader.Result replayed = storage.replay(opener, manifest.lsn(), c::replay);
    if (!readOnly) {
      storage.startAppending(replayed.lastLsn() + 1);
    }
    return c;
  }

  /**
   * Reads and checks every file a manifest names, without keeping anything (for imports).
   *
   * @param dir the collection directory
   * @param manifest its manifest
   * @throws IOException on failure
   * @throws CorruptedDataException naming a file that fails its checks
   */
  static void verify(Path dir, Manifest manifest) throws IOException {
    readSegments(dir, FileOpener.DIRECT, manifest);
  }

  private SegmentedCollection wire(
      String name,
      CollectionConfig config,
      CollectionStorage storage,
      List<SealedSegment> segments,
      Map<Long, Long> newerThan,
      long lsn,
      boolean readOnly) {
    CollectionState state = new CollectionState(name, config, segments, lsn, !readOnly);
    state.newerThan = newerThan;
    Persistence p =
        new DurablePersistence(name, config, storage, readOnly, options.sealThreshold());
    BackgroundMerger merger =
        readOnly
            ? BackgroundMerger.none(state, p)
            : new BackgroundMerger(state, p, merges, options.maxSegments());
    return new SegmentedCollection(state, kernels, p, merger, merges, readOnly);
  }

  private static List<SealedSegment> readSegments(Path dir, FileOpener opener, Manifest manifest)
      throws IOException {
    CollectionConfig config = manifest.config();
    List<SealedSegment> out = new ArrayList<>();
    for (Manifest.SegmentEntry e : manifest.segments()) {
      Path file = dir.resolve(SegmentFile.name(e.id()));
      long[] deleted =
          e.deletedGeneration() == 0
              ? new long[(e.count() + 63) >>> 6]
              : DeletionFile.read(
                  opener,
                  dir.resolve(DeletionFile.name(e.id(), e.deletedGeneration())),
                  e.id(),
                  e.count());
      VectorPlacement.Decision placement =
          VectorPlacement.decide(
              (long) e.count() * config.dimension() * Float.BYTES,
              config.quantization() != Quantization.NONE);
      SegmentFile.Contents c =
          SegmentFile.read(
              opener,
              file,
              e.id(),
              config.metric(),
              config.dimension(),
              VectorPages.vectorsPerPage(config.dimension()),
              placement.map());
      if (c.vectorPages() != null) {
        placement.releaseWhenCollected(c.vectorPages());
      }
      if (c.pointIds().length != e.count()) {
        throw new CorruptedDataException(
            file, "holds " + c.pointIds().length + " points, the manifest says " + e.count());
      }
      out.add(
          segment(
              c, config, file, deleted, e.deletedGeneration(), postings(dir, opener, e, config)));
    }
    return out;
  }

  /**
   * Reads a segment's keyword postings; a manifest and a configuration that disagree are damage.
   */
  private static SealedPostings postings(
      Path dir, FileOpener opener, Manifest.SegmentEntry e, CollectionConfig config)
      throws IOException {
    KeywordConfig kw = config.keyword();
    Path file = dir.resolve(PostingsFile.name(e.id()));
    if (kw == null && e.postingsBytes() == 0) {
      return null;
    }
    if (kw == null || e.postingsBytes() == 0) {
      throw new CorruptedDataException(
          dir.resolve(Manifest.FILE),
          kw == null
              ? "lists keyword postings for segment " + e.id() + " of a collection without them"
              : "lists no keyword postings (" + file.getFileName() + ") for segment " + e.id());
    }
    return SealedPostings.fromFile(
        PostingsFile.read(
            opener, file, e.id(), e.count(), kw.analyzer().ordinal(), kw.identifiers()));
  }

  /**
   * One pass over the vectors: 1/|v| by ordinal for cosine (else null), and, for mapped vectors,
   * the check for non-finite components that reading them onto the heap does component by component
   * (a NaN or an infinity makes the squared norm non-finite).
   */
  private static float[] norms(VectorPages vectors, boolean cosine, Path file) {
    MappedVectors mapped = vectors.mapped();
    if (!cosine && mapped == null) {
      return null;
    }
    int count = vectors.count();
    int dim = vectors.dimension();
    float[] inverseNorms = cosine ? new float[count] : null;
    float[] scratch = new float[dim];
    for (int i = 0; i < count; i++) {
      float[] page;
      int off;
      if (mapped != null) {
        mapped.buffer(i).asFloatBuffer().get(mapped.byteOffset(i) / Float.BYTES, scratch);
        page = scratch;
        off = 0;
      } else {
        page = vectors.array(i);
        off = vectors.offset(i);
      }
      double sum = 0;
      for (int j = off; j < off + dim; j++) {
        sum += (double) page[j] * page[j];
      }
      if (!Double.isFinite(sum)) {
        throw new CorruptedDataException(
            file, "the vector of ordinal " + i + " has a non-finite component");
      }
      if (cosine) {
        inverseNorms[i] = (float) (1.0 / Math.sqrt(sum));
      }
    }
    return inverseNorms;
  }

  private static SealedSegment segment(
      SegmentFile.Contents c,
      CollectionConfig config,
      Path file,
      long[] deleted,
      int generation,
      SealedPostings postings) {
    int count = c.pointIds().length;
    VectorPages vectors =
        c.mapped() != null
            ? new VectorPages(c.mapped())
            : new VectorPages(config.dimension(), count, c.vectorPages());
    float[] inverseNorms = norms(vectors, config.metric() == Metric.COSINE, file);
    SegmentFile.GraphRows g = c.graph();
    List<SealedSegment.UpperLevel> upper = new ArrayList<>();
    for (java.util.Map<Integer, int[]> level : g.upper()) {
      upper.add(SealedSegment.UpperLevel.of(level));
    }
    SegmentCodes codes = null;
    if (c.codes() != null) {
      try {
        codes =
            SegmentCodes.read(
                c.quantization(), config.metric(), config.dimension(), c.codesHeader(), c.codes());
      } catch (IllegalArgumentException e) {
        throw new CorruptedDataException(file, e.getMessage());
      }
    }
    return new SealedSegment(
        c.id(),
        vectors,
        inverseNorms,
        c.pointIds(),
        c.payloads(),
        json -> PayloadCodec.decode(json, file),
        postings,
        new SealedSegment.Graph(g.entryNode(), g.maxLevel(), g.offsets(), g.neighbors(), upper),
        ConcurrentBitSet.fromWords(deleted),
        generation,
        codes);
  }
}
