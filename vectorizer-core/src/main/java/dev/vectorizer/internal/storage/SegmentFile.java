package dev.vectorizer.internal.storage;

import dev.vectorizer.Metric;
import dev.vectorizer.internal.index.ConcurrentBitSet;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.index.VectorPages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads a sealed segment: one immutable file {@code seg-<id>.vzs}.
 *
 * <p>Format, version 1, little-endian:
 *
 * <ol>
 *   <li>magic {@code VZSG}, int version, long segment id, int dimension, byte metric (0 cosine, 1
 *       dot, 2 euclidean), int count (ordinals);
 *   <li>vectors: count x dimension float32 (writers number ordinals in graph order: upper-level
 *       nodes first, then breadth-first, so that a search reads nearby memory; readers do not rely
 *       on it);
 *   <li>ids: per ordinal, int length + UTF-8 bytes;
 *   <li>payloads: per ordinal, int length + JSON bytes (length 0 = empty payload);
 *   <li>graph: int entry node (-1 = empty), int max level; level 0 as compressed sparse rows (count
 *       + 1 int offsets, then the neighbour ints); for each upper level: int node count, then per
 *       node int node, int degree, degree ints;
 *   <li>footer: int CRC32C of everything before it, magic {@code VZSE}.
 * </ol>
 *
 * <p>Files are written to a temporary name, synced, and renamed into place; the reader verifies the
 * whole-file checksum before parsing anything.
 */
public final class SegmentFile {
  static final String MAGIC = "VZSG";
  static final String END = "VZSE";
  static final int VERSION = 1;

  private SegmentFile() {}

  /**
   * The file name of a segment.
   *
   * @param id the segment id
   * @return the name
   */
  public static String name(long id) {
    return "seg-" + id + ".vzs";
  }

  /**
   * Writes a segment atomically.
   *
   * @param dir the collection directory
   * @param segment the segment
   * @param metric the collection's metric
   * @param dimension the collection's dimension
   * @return the file's size in bytes
   * @throws IOException on failure
   */
  public static long write(Path dir, SealedSegment segment, Metric metric, int dimension)
      throws IOException {
    Path target = dir.resolve(name(segment.id()));
    Path tmp = dir.resolve(name(segment.id()) + ".tmp");
    long size;
    try (ChecksummedWriter w = new ChecksummedWriter(tmp)) {
      int count = segment.size();
      w.magic(MAGIC);
      w.i32(VERSION);
      w.i64(segment.id());
      w.i32(dimension);
      w.u8(metric.ordinal());
      w.i32(count);
      for (float[] page : segment.vectors().pages()) {
        w.floats(page, 0, page.length);
      }
      for (int i = 0; i < count; i++) {
        w.blob(segment.id(i).getBytes(StandardCharsets.UTF_8));
      }
      for (int i = 0; i < count; i++) {
        w.blob(segment.payloadJson(i));
      }
      SealedSegment.Graph g = segment.graph();
      w.i32(g.entryNode());
      w.i32(g.maxLevel());
      w.ints(g.offsets(), 0, g.offsets().length);
      w.ints(g.neighbors(), 0, g.offsets()[count]);
      for (int level = 1; level <= g.maxLevel(); level++) {
        SealedSegment.UpperLevel u = g.upper().get(level - 1);
        w.i32(u.nodes().length);
        for (int k = 0; k < u.nodes().length; k++) {
          int start = u.offsets()[k];
          int degree = u.offsets()[k + 1] - start;
          w.i32(u.nodes()[k]);
          w.i32(degree);
          w.ints(u.neighbors(), start, degree);
        }
      }
      size = w.finish(END);
    }
    FileIo.atomicReplace(tmp, target);
    return size;
  }

  /**
   * Reads and verifies a segment.
   *
   * @param opener opens the file
   * @param file the file
   * @param expectedId the id the manifest gives it
   * @param metric the collection's metric
   * @param dimension the collection's dimension
   * @param deleted its deletion bits (from the current deletion file)
   * @param deletedGeneration the deletion file's generation
   * @return the segment
   * @throws IOException on read failure
   * @throws dev.vectorizer.CorruptedDataException naming the file when a check fails
   */
  public static SealedSegment read(
      FileOpener opener,
      Path file,
      long expectedId,
      Metric metric,
      int dimension,
      ConcurrentBitSet deleted,
      int deletedGeneration)
      throws IOException {
    try (ChecksummedReader r = ChecksummedReader.open(opener, file, MAGIC, END, VERSION)) {
      long id = r.i64();
      int dim = r.i32();
      int metricCode = r.u8();
      int count = r.i32();
      if (id != expectedId || dim != dimension || metricCode != metric.ordinal() || count < 0) {
        throw r.corrupted(
            "header says segment "
                + id
                + ", dimension "
                + dim
                + ", metric "
                + metricCode
                + ", count "
                + count
                + "; the manifest expects segment "
                + expectedId
                + ", dimension "
                + dimension
                + ", metric "
                + metric.ordinal());
      }
      VectorPages vectors = new VectorPages(dim, count);
      for (float[] page : vectors.pages()) {
        r.floats(page, 0, page.length);
      }
      float[] inverseNorms = metric == Metric.COSINE ? inverseNorms(vectors) : null;
      String[] ids = new String[count];
      for (int i = 0; i < count; i++) {
        ids[i] = new String(r.blob(), StandardCharsets.UTF_8);
      }
      byte[][] payloads = new byte[count][];
      for (int i = 0; i < count; i++) {
        payloads[i] = r.blob();
      }
      int entry = r.i32();
      int maxLevel = r.i32();
      if (entry < -1 || entry >= Math.max(count, 1) || maxLevel < 0 || maxLevel > 64) {
        throw r.corrupted("graph header is invalid: entry " + entry + ", levels " + maxLevel);
      }
      int[] offsets = new int[count + 1];
      r.ints(offsets, 0, count + 1);
      for (int i = 0; i < count; i++) {
        if (offsets[i] > offsets[i + 1] || offsets[0] != 0) {
          throw r.corrupted("graph offsets are not increasing at ordinal " + i);
        }
      }
      int[] neighbors = new int[offsets[count]];
      r.ints(neighbors, 0, neighbors.length);
      for (int n : neighbors) {
        if (n < 0 || n >= count) {
          throw r.corrupted("graph edge to ordinal " + n + " outside 0.." + (count - 1));
        }
      }
      List<SealedSegment.UpperLevel> upper = new ArrayList<>();
      for (int level = 1; level <= maxLevel; level++) {
        int nodes = r.i32();
        if (nodes < 0 || nodes > count) {
          throw r.corrupted("upper graph level " + level + " has " + nodes + " nodes");
        }
        Map<Integer, int[]> m = new HashMap<>(nodes * 2);
        for (int k = 0; k < nodes; k++) {
          int node = r.i32();
          int degree = r.i32();
          if (node < 0 || node >= count || degree < 0 || degree > count) {
            throw r.corrupted("upper graph level " + level + " is invalid");
          }
          int[] list = new int[degree];
          r.ints(list, 0, degree);
          for (int n : list) {
            if (n < 0 || n >= count) {
              throw r.corrupted("upper graph level " + level + " has an edge to ordinal " + n);
            }
          }
          if (m.put(node, list) != null) {
            throw r.corrupted("upper graph level " + level + " lists node " + node + " twice");
          }
        }
        upper.add(SealedSegment.UpperLevel.of(m));
      }
      return new SealedSegment(
          id,
          vectors,
          inverseNorms,
          ids,
          payloads,
          json -> PayloadCodec.decode(json, file),
          new SealedSegment.Graph(entry, maxLevel, offsets, neighbors, upper),
          deleted,
          deletedGeneration);
    }
  }

  private static float[] inverseNorms(VectorPages vectors) {
    int dim = vectors.dimension();
    float[] out = new float[vectors.count()];
    for (int i = 0; i < out.length; i++) {
      float[] page = vectors.array(i);
      int off = vectors.offset(i);
      double sum = 0;
      for (int j = off; j < off + dim; j++) {
        sum += (double) page[j] * page[j];
      }
      out[i] = (float) (1.0 / Math.sqrt(sum));
    }
    return out;
  }
}
