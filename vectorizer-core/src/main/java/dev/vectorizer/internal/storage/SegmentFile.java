package dev.vectorizer.internal.storage;

import dev.vectorizer.Metric;
import dev.vectorizer.Quantization;
import dev.vectorizer.internal.kernels.MappedVectors;
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
 *   <li>vectors: count x dimension float32 (the engine numbers ordinals in graph order, upper-level
 *       nodes first, then breadth-first, so that a search reads nearby memory; the format does not
 *       rely on it);
 *   <li>ids: per ordinal, int length + UTF-8 bytes;
 *   <li>payloads: per ordinal, int length + JSON bytes (length 0 = empty payload);
 *   <li>graph: int entry node (-1 = empty), int max level; level 0 as compressed sparse rows (count
 *       + 1 int offsets, then the neighbour ints); for each upper level: int node count, then per
 *       node int node, int degree, degree ints;
 *   <li>codes (optional: absent in files of collections without quantization, and in files written
 *       before quantization existed): byte quantization (1 PQ, 2 NVQ, 3 binary, 4 INT8), int length
 *       + the codes header with the quantizer as JVector serialises it ({@code SegmentCodes}), int
 *       stride, then count x stride bytes: each ordinal's code, in ordinal order, read in place
 *       from the mapped file when the vectors are mapped ({@link CodePages}, docs/adr/0017);
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
   * What a segment file holds, as the engine hands it to {@link #write}.
   *
   * <p>Implementations must not change while being written.
   */
  public interface Source {
    /**
     * The segment's number.
     *
     * @return the id
     */
    long id();

    /**
     * Ordinals, live or not.
     *
     * @return the count
     */
    int count();

    /**
     * The vector of an ordinal.
     *
     * @param ord the ordinal
     * @return its components
     */
    float[] vector(int ord);

    /**
     * The id of an ordinal.
     *
     * @param ord the ordinal
     * @return the point id
     */
    String pointId(int ord);

    /**
     * The payload of an ordinal as JSON bytes (empty = no payload).
     *
     * @param ord the ordinal
     * @return the bytes
     */
    byte[] payloadJson(int ord);

    /**
     * The graph.
     *
     * @return the graph's rows
     */
    GraphRows graph();

    /**
     * The quantization of {@link #codes()}.
     *
     * @return the kind, {@link Quantization#NONE} when the segment has no codes
     */
    default Quantization quantization() {
      return Quantization.NONE;
    }

    /**
     * The serialised codes header and quantizer.
     *
     * @return the bytes, or null when the segment has no codes
     */
    default byte[] codesHeader() {
      return null;
    }

    /**
     * The codes by ordinal, one per ordinal.
     *
     * @return the codes, or null when the segment has no codes
     */
    default CodePages codes() {
      return null;
    }
  }

  /**
   * A graph in compressed sparse rows: level 0 for every ordinal, plus sparse upper levels.
   *
   * @param entryNode the entry point, -1 when empty
   * @param maxLevel the entry point's level
   * @param offsets level-0 row starts, length count + 1
   * @param neighbors level-0 neighbours
   * @param upper level L (1-based index L-1) node to neighbours
   */
  public record GraphRows(
      int entryNode,
      int maxLevel,
      int[] offsets,
      int[] neighbors,
      List<Map<Integer, int[]>> upper) {}

  /**
   * A segment file's content, as {@link #read} returns it.
   *
   * @param id the segment's number
   * @param vectorPages vectors by ordinal, contiguous: page {@code p} holds ordinals {@code p *
   *     vectorsPerPage} on, each {@code dimension} floats (the layout the reader was asked for)
   * @param vectorsPerPage vectors per page (the last page may hold fewer)
   * @param pointIds ids by ordinal
   * @param payloads payload JSON bytes by ordinal
   * @param graph the graph
   * @param mapped the vectors mapped in place, when read so ({@code vectorPages} is then null)
   * @param quantization the quantization of {@code codes}, {@link Quantization#NONE} for none
   * @param codesHeader the serialised codes header and quantizer, or null
   * @param codes the codes by ordinal (mapped when the vectors are), or null
   */
  public record Contents(
      long id,
      float[][] vectorPages,
      int vectorsPerPage,
      String[] pointIds,
      byte[][] payloads,
      GraphRows graph,
      MappedVectors mapped,
      Quantization quantization,
      byte[] codesHeader,
      CodePages codes) {}

  /**
   * Writes a segment atomically; on failure nothing is left behind.
   *
   * @param dir the collection directory
   * @param segment the segment
   * @param metric the collection's metric
   * @param dimension the collection's dimension
   * @return the file's size in bytes
   * @throws IOException on failure
   */
  public static long write(Path dir, Source segment, Metric metric, int dimension)
      throws IOException {
    return write(WalOutput.FILES, dir, segment, metric, dimension);
  }

  /**
   * Writes a segment atomically through a factory; on failure nothing is left behind.
   *
   * @param outputs opens the temporary file
   * @param dir the collection directory
   * @param segment the segment
   * @param metric the collection's metric
   * @param dimension the collection's dimension
   * @return the file's size in bytes
   * @throws IOException on failure
   */
  public static long write(
      WalOutput.Factory outputs, Path dir, Source segment, Metric metric, int dimension)
      throws IOException {
    Path target = dir.resolve(name(segment.id()));
    return ChecksummedWriter.writeAtomically(
        outputs,
        dir.resolve(name(segment.id()) + ".tmp"),
        target,
        w -> {
          int count = segment.count();
          w.magic(MAGIC);
          w.i32(VERSION);
          w.i64(segment.id());
          w.i32(dimension);
          w.u8(metric.ordinal());
          w.i32(count);
          for (int i = 0; i < count; i++) {
            w.floats(segment.vector(i));
          }
          for (int i = 0; i < count; i++) {
            w.blob(segment.pointId(i).getBytes(StandardCharsets.UTF_8));
          }
          for (int i = 0; i < count; i++) {
            w.blob(segment.payloadJson(i));
          }
          GraphRows g = segment.graph();
          w.i32(g.entryNode());
          w.i32(g.maxLevel());
          w.ints(g.offsets(), 0, g.offsets().length);
          w.ints(g.neighbors(), 0, g.offsets()[count]);
          for (int level = 1; level <= g.maxLevel(); level++) {
            Map<Integer, int[]> nodes = g.upper().get(level - 1);
            w.i32(nodes.size());
            for (Map.Entry<Integer, int[]> e : nodes.entrySet()) {
              w.i32(e.getKey());
              w.i32(e.getValue().length);
              w.ints(e.getValue(), 0, e.getValue().length);
            }
          }
          CodePages codes = segment.codes();
          if (codes != null) {
            if (codes.count() != count) {
              throw new IllegalArgumentException(
                  codes.count() + " codes for a segment of " + count + " ordinals");
            }
            w.u8(segment.quantization().ordinal());
            w.blob(segment.codesHeader());
            w.i32(codes.stride());
            codes.writeTo(w);
          }
        },
        END);
  }

  /**
   * Verifies a segment file without loading it: the whole-file checksum (streamed) and the header.
   *
   * @param opener opens the file
   * @param file the file
   * @param expectedId the id the manifest gives it
   * @param metric the collection's metric
   * @param dimension the collection's dimension
   * @return its ordinal count
   * @throws IOException on read failure
   * @throws dev.vectorizer.CorruptedDataException naming the file when a check fails
   */
  public static int verify(
      FileOpener opener, Path file, long expectedId, Metric metric, int dimension)
      throws IOException {
    try (ChecksummedReader r = ChecksummedReader.open(opener, file, MAGIC, END, VERSION)) {
      return readHeader(r, expectedId, metric, dimension);
    }
  }

  private static int readHeader(ChecksummedReader r, long expectedId, Metric metric, int dimension)
      throws IOException {
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
    // Each ordinal takes its vector plus at least an id and a payload length: a count the file
    // cannot hold is refused before anything is allocated for it.
    if ((long) count * (4L * dim + 9) > r.bodyLength()) {
      throw r.corrupted("count " + count + " does not fit in the file");
    }
    return count;
  }

  /**
   * Reads and verifies a segment.
   *
   * @param opener opens the file
   * @param file the file
   * @param expectedId the id the manifest gives it
   * @param metric the collection's metric
   * @param dimension the collection's dimension
   * @param vectorsPerPage how many vectors to read into each array of {@link
   *     Contents#vectorPages()} (so the engine gets its layout without a copy)
   * @return the content
   * @throws IOException on read failure
   * @throws dev.vectorizer.CorruptedDataException naming the file when a check fails
   */
  public static Contents read(
      FileOpener opener,
      Path file,
      long expectedId,
      Metric metric,
      int dimension,
      int vectorsPerPage)
      throws IOException {
    return read(opener, file, expectedId, metric, dimension, vectorsPerPage, false);
  }

  /**
   * Reads and verifies a segment, optionally mapping its vectors instead of reading them: then
   * {@link Contents#mapped()} holds them (read in place from the page cache, see {@link
   * MappedVectors}) and {@link Contents#vectorPages()} is null. The whole-file checksum is verified
   * either way before anything is parsed; mapped vectors are checked for non-finite components by
   * the caller's first pass over them.
   *
   * @param opener opens the file
   * @param file the file
   * @param expectedId the id the manifest gives it
   * @param metric the collection's metric
   * @param dimension the collection's dimension
   * @param vectorsPerPage vectors per page (a power of two when mapping)
   * @param map whether to map the vectors; needs {@link MappedVectors#available()}
   * @return the content
   * @throws IOException on read failure
   * @throws dev.vectorizer.CorruptedDataException naming the file when a check fails
   */
  public static Contents read(
      FileOpener opener,
      Path file,
      long expectedId,
      Metric metric,
      int dimension,
      int vectorsPerPage,
      boolean map)
      throws IOException {
    try (ChecksummedReader r = ChecksummedReader.open(opener, file, MAGIC, END, VERSION)) {
      int count = readHeader(r, expectedId, metric, dimension);
      int dim = dimension;
      if (vectorsPerPage < 1) {
        throw new IllegalArgumentException("vectorsPerPage must be positive: " + vectorsPerPage);
      }
      MappedVectors mapped = null;
      float[][] vectors = null;
      if (map) {
        long start = r.offset();
        r.skip((long) count * dim * Float.BYTES);
        mapped = MappedVectors.map(r.channel(), start, dim, count, vectorsPerPage);
      } else {
        vectors = readVectors(r, count, dim, vectorsPerPage);
      }
      String[] ids = new String[count];
      for (int i = 0; i < count; i++) {
        ids[i] = new String(r.blob(), StandardCharsets.UTF_8);
        if (ids[i].isEmpty()) {
          throw r.corrupted("ordinal " + i + " has an empty id");
        }
      }
      byte[][] payloads = new byte[count][];
      for (int i = 0; i < count; i++) {
        payloads[i] = r.blob();
      }
      int entry = r.i32();
      int maxLevel = r.i32();
      if (entry < -1 || entry >= count || maxLevel < 0 || maxLevel > 64) {
        throw r.corrupted("graph header is invalid: entry " + entry + ", levels " + maxLevel);
      }
      int[] offsets = new int[count + 1];
      r.ints(offsets, 0, count + 1);
      if (offsets[0] != 0) {
        throw r.corrupted("graph offsets start at " + offsets[0]);
      }
      for (int i = 0; i < count; i++) {
        if (offsets[i] > offsets[i + 1]) {
          throw r.corrupted("graph offsets are not increasing at ordinal " + i);
        }
      }
      if (4L * offsets[count] > r.bodyLength()) {
        throw r.corrupted(
            "the graph claims " + offsets[count] + " edges, more than the file holds");
      }
      int[] neighbors = new int[offsets[count]];
      r.ints(neighbors, 0, neighbors.length);
      for (int n : neighbors) {
        if (n < 0 || n >= count) {
          throw r.corrupted("graph edge to ordinal " + n + " outside 0.." + (count - 1));
        }
      }
      List<Map<Integer, int[]>> upper = new ArrayList<>();
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
        upper.add(m);
      }
      Quantization quantization = Quantization.NONE;
      byte[] codesHeader = null;
      CodePages codes = null;
      if (r.remaining() > 0) {
        int kind = r.u8();
        if (kind < 1 || kind >= Quantization.values().length) {
          throw r.corrupted("unknown quantization code " + kind);
        }
        quantization = Quantization.values()[kind];
        codesHeader = r.blob();
        int stride = r.i32();
        if (stride < 1 || (long) count * stride > r.remaining()) {
          throw r.corrupted(count + " codes of " + stride + " bytes do not fit in the file");
        }
        if (map) {
          long start = r.offset();
          r.skip((long) count * stride);
          codes = CodePages.map(r.channel(), start, count, stride);
        } else {
          codes = CodePages.read(r, count, stride);
        }
      }
      if (r.remaining() != 0) {
        throw r.corrupted(r.remaining() + " unexpected bytes after the last section");
      }
      return new Contents(
          expectedId,
          vectors,
          vectorsPerPage,
          ids,
          payloads,
          new GraphRows(entry, maxLevel, offsets, neighbors, upper),
          mapped,
          quantization,
          codesHeader,
          codes);
    }
  }

  private static float[][] readVectors(ChecksummedReader r, int count, int dim, int vectorsPerPage)
      throws IOException {
    float[][] vectors = new float[(int) (((long) count + vectorsPerPage - 1) / vectorsPerPage)][];
    for (int p = 0; p < vectors.length; p++) {
      vectors[p] = new float[Math.min(vectorsPerPage, count - p * vectorsPerPage) * dim];
      r.floats(vectors[p], 0, vectors[p].length);
      for (int j = 0; j < vectors[p].length; j++) {
        float x = vectors[p][j];
        if (!Float.isFinite(x)) {
          throw r.corrupted(
              "the vector of ordinal "
                  + ((long) p * vectorsPerPage + j / dim)
                  + " has a component "
                  + x);
        }
      }
    }
    return vectors;
  }
}
