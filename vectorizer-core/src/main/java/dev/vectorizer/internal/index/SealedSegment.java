package dev.vectorizer.internal.index;

import dev.vectorizer.internal.keyword.SealedPostings;
import dev.vectorizer.internal.quant.SegmentCodes;
import dev.vectorizer.internal.search.GraphAccess;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * An immutable segment held in memory: vectors (contiguous, in graph order: {@link VectorPages}),
 * ids, payloads and the graph as compressed sparse rows, loaded from a segment file (or produced by
 * sealing a {@link HeadSegment}). The only mutable part is the deletion bit set, which records
 * points deleted or replaced since the segment was written.
 *
 * <p>Concurrency: everything but {@link #deleted} is immutable after construction; payloads are
 * decoded lazily from their JSON bytes and memoised, races only decode twice.
 */
public final class SealedSegment implements Segment {
  private final long id;
  private final int count;
  private final VectorPages vectors;
  private final float[] inverseNorms;
  private final String[] ids;
  private final byte[][] payloadJson;
  private final AtomicReferenceArray<Map<String, Object>> payloads;
  private final Function<byte[], Map<String, Object>> payloadDecoder;
  private final Map<String, Integer> ordinals;
  private final SealedPostings postings;
  private final Graph graph;
  private final ConcurrentBitSet deleted;
  private final SegmentCodes codes;
  private final java.util.concurrent.atomic.AtomicLong live =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile int deletedGeneration;
  private volatile boolean deletionsDirty;

  /**
   * Creates a segment.
   *
   * @param id the segment's number in its collection
   * @param vectors vectors by ordinal
   * @param inverseNorms 1/|v| by ordinal for cosine, else null
   * @param ids ids by ordinal
   * @param payloadJson payloads by ordinal as JSON bytes
   * @param payloadDecoder turns JSON bytes into an immutable payload
   * @param postings the keyword postings, or null when the collection has no keyword index
   * @param graph the graph
   * @param deleted ordinals deleted (not live); owned by the segment from now on
   * @param deletedGeneration the generation of the deletion file {@code deleted} came from
   * @param codes quantized codes of every ordinal for graph traversal, or null for none
   */
  public SealedSegment(
      long id,
      VectorPages vectors,
      float[] inverseNorms,
      String[] ids,
      byte[][] payloadJson,
      Function<byte[], Map<String, Object>> payloadDecoder,
      SealedPostings postings,
      Graph graph,
      ConcurrentBitSet deleted,
      int deletedGeneration,
      SegmentCodes codes) {
    if (codes != null && codes.count() != ids.length) {
      throw new IllegalArgumentException(
          "codes for " + codes.count() + " vectors in a segment of " + ids.length);
    }
    this.codes = codes;
    this.id = id;
    this.count = ids.length;
    this.vectors = vectors;
    this.inverseNorms = inverseNorms;
    this.ids = ids;
    this.payloadJson = payloadJson;
    this.payloads = new AtomicReferenceArray<>(count);
    this.payloadDecoder = payloadDecoder;
    this.postings = postings;
    this.graph = graph;
    this.deleted = deleted;
    this.deletedGeneration = deletedGeneration;
    this.ordinals = new HashMap<>(count * 2);
    for (int i = 0; i < count; i++) {
      if (!deleted.get(i)) {
        ordinals.put(ids[i], i);
        live.incrementAndGet();
      }
    }
    // Deletions not yet in any deletion file (a freshly sealed head) must be written out.
    this.deletionsDirty = deletedGeneration == 0 && live.get() < count;
  }

  /**
   * The segment's number.
   *
   * @return the id
   */
  public long id() {
    return id;
  }

  /**
   * Ordinals in the segment, live or not.
   *
   * @return the count
   */
  public int size() {
    return count;
  }

  /**
   * The live ordinal of an id.
   *
   * @param pointId the id
   * @return the ordinal, or -1 when the id is not live here
   */
  @Override
  public int ordinalOf(String pointId) {
    Integer ord = ordinals.get(pointId);
    return ord == null || deleted.get(ord) ? -1 : ord;
  }

  /**
   * Whether an ordinal is live.
   *
   * @param ord the ordinal
   * @return whether it is live
   */
  @Override
  public boolean isLive(int ord) {
    return !deleted.get(ord);
  }

  /**
   * Marks an ordinal deleted.
   *
   * @param ord the ordinal
   * @return whether it was live
   */
  public boolean delete(int ord) {
    boolean was = deleted.set(ord);
    if (was) {
      deletionsDirty = true;
      live.decrementAndGet();
    }
    return was;
  }

  /**
   * Reverts a {@link #delete} that a failed commit made (callers hold the collection's exclusive
   * lock, so no reader saw it); the deletions count as unpersisted again.
   *
   * @param ord the ordinal
   */
  public void undelete(int ord) {
    if (deleted.clear(ord)) {
      deletionsDirty = true;
      live.incrementAndGet();
    }
  }

  @Override
  public long liveCount() {
    return live.get();
  }

  @Override
  public int ordinalBound() {
    return count;
  }

  @Override
  public GraphAccess graphAccess() {
    return graph;
  }

  @Override
  public float[] vector(int ord) {
    return vectors.copy(ord);
  }

  @Override
  public float[] array(int ord) {
    return vectors.array(ord);
  }

  @Override
  public int offset(int ord) {
    return vectors.offset(ord);
  }

  @Override
  public dev.vectorizer.internal.kernels.MappedVectors mapped() {
    return vectors.mapped();
  }

  @Override
  public float inverseNorm(int ord) {
    return inverseNorms[ord];
  }

  /**
   * All vectors by ordinal; callers must not modify them.
   *
   * @return the vectors
   */
  public VectorPages vectors() {
    return vectors;
  }

  /**
   * Inverse norms by ordinal (cosine), or null.
   *
   * @return the inverse norms
   */
  public float[] inverseNorms() {
    return inverseNorms;
  }

  /**
   * The quantized codes graph searches traverse on, or null when the segment has none (no
   * quantization, or too few points).
   *
   * @return the codes or null
   */
  public SegmentCodes codes() {
    return codes;
  }

  /**
   * The id of an ordinal.
   *
   * @param ord the ordinal
   * @return the id
   */
  @Override
  public String id(int ord) {
    return ids[ord];
  }

  /**
   * The payload of an ordinal, decoded on first use.
   *
   * @param ord the ordinal
   * @return the immutable payload
   */
  @Override
  public Map<String, Object> payload(int ord) {
    Map<String, Object> p = payloads.get(ord);
    if (p == null) {
      p = payloadDecoder.apply(payloadJson[ord]);
      payloads.lazySet(ord, p);
    }
    return p;
  }

  /**
   * The payload of an ordinal as stored.
   *
   * @param ord the ordinal
   * @return the JSON bytes
   */
  public byte[] payloadJson(int ord) {
    return payloadJson[ord];
  }

  @Override
  public SealedPostings postings() {
    return postings;
  }

  /**
   * The graph.
   *
   * @return the graph
   */
  public Graph graph() {
    return graph;
  }

  /**
   * The deletion bits (set = deleted).
   *
   * @return the bit set
   */
  public ConcurrentBitSet deletedBits() {
    return deleted;
  }

  /**
   * Whether deletions happened since the last deletion file was written.
   *
   * @return whether a new deletion file is due
   */
  public boolean deletionsDirty() {
    return deletionsDirty;
  }

  /**
   * The generation of the current deletion file (0 = none).
   *
   * @return the generation
   */
  public int deletedGeneration() {
    return deletedGeneration;
  }

  /**
   * Records that the deletions were written as a new generation. Callers hold the collection's
   * exclusive lock, so no deletion races with this.
   *
   * @param generation the new generation
   */
  public void deletionsPersisted(int generation) {
    this.deletedGeneration = generation;
    this.deletionsDirty = false;
  }

  /**
   * A graph in compressed sparse rows: level 0 for every ordinal, plus sparse upper levels.
   *
   * @param entryNode the entry point, -1 when empty
   * @param maxLevel the entry point's level
   * @param offsets level-0 row starts, length count + 1
   * @param neighbors level-0 neighbours
   * @param upper level L at index L - 1
   */
  public record Graph(
      int entryNode, int maxLevel, int[] offsets, int[] neighbors, List<UpperLevel> upper)
      implements GraphAccess {

    @Override
    public int entryLevel() {
      return maxLevel;
    }

    @Override
    public int idUpperBound() {
      return offsets.length - 1;
    }

    @Override
    public Neighbors neighbors(int level, int node, Neighbors buffer) {
      int[] rows = offsets;
      int[] edges = neighbors;
      int row = node;
      if (level > 0) {
        UpperLevel u = upper.get(level - 1);
        int[] nodes = u.nodes();
        // Sealing numbers upper-level nodes first, so a level's nodes are 0..n-1 (files from
        // other writers may differ: then search).
        row = node < nodes.length && nodes[node] == node ? node : Arrays.binarySearch(nodes, node);
        if (row < 0) {
          buffer.size = 0;
          return buffer;
        }
        rows = u.offsets();
        edges = u.neighbors();
      }
      int start = rows[row];
      int n = rows[row + 1] - start;
      if (buffer.nodes.length < n) {
        buffer = new Neighbors(n);
      }
      System.arraycopy(edges, start, buffer.nodes, 0, n);
      buffer.size = n;
      return buffer;
    }
  }

  /**
   * One upper level of a graph in compressed sparse rows over its (few) nodes.
   *
   * @param nodes the level's nodes, ascending
   * @param offsets row starts by index into {@code nodes}, length nodes.length + 1
   * @param neighbors the neighbours
   */
  public record UpperLevel(int[] nodes, int[] offsets, int[] neighbors) {
    /**
     * Builds a level from unsorted rows.
     *
     * @param rows node to its neighbours
     * @return the level
     * @throws IllegalArgumentException when a node appears twice
     */
    public static UpperLevel of(Map<Integer, int[]> rows) {
      int[] nodes = rows.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
      int[] offsets = new int[nodes.length + 1];
      for (int i = 0; i < nodes.length; i++) {
        offsets[i + 1] = offsets[i] + rows.get(nodes[i]).length;
      }
      int[] edges = new int[offsets[nodes.length]];
      for (int i = 0; i < nodes.length; i++) {
        int[] row = rows.get(nodes[i]);
        System.arraycopy(row, 0, edges, offsets[i], row.length);
      }
      return new UpperLevel(nodes, offsets, edges);
    }

    /**
     * The neighbours of the node at an index.
     *
     * @param index an index into {@link #nodes()}
     * @return a copy of its neighbours
     */
    public int[] row(int index) {
      return Arrays.copyOfRange(neighbors, offsets[index], offsets[index + 1]);
    }
  }
}
