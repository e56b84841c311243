package dev.vectorizer.internal.index;

import dev.vectorizer.Metric;
import dev.vectorizer.Quantization;
import dev.vectorizer.internal.keyword.HeadPostings;
import dev.vectorizer.internal.keyword.SealedPostings;
import dev.vectorizer.internal.quant.SegmentCodes;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.NodesIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a frozen {@link HeadSegment} into a {@link SealedSegment}: copies the JVector graph into
 * compressed sparse rows and renumbers every ordinal: upper-level nodes first, then breadth-first
 * order on level 0.
 *
 * <p>Why renumber: the head numbers points in arrival order, so a node's neighbours are scattered
 * over the whole segment; a search reads a node's neighbours one after another, and after a
 * breadth-first renumbering they mostly sit in nearby ordinals, hence nearby memory (vectors are
 * stored contiguously by ordinal, {@link VectorPages}). Ordinals the graph does not reach (none in
 * a healthy graph) follow in their old order. Everything keyed by ordinal moves with it: vectors,
 * norms, ids, payloads, deletions, graph rows and the keyword postings (terms and norm bytes).
 *
 * <p>Not thread-safe: one per seal, under the collection's exclusive lock.
 */
final class Sealer {
  private final HeadSegment head;
  private final ImmutableGraphIndex graph;
  private final ImmutableGraphIndex.View view;
  private final int count;
  private int[] rowStart;
  private int[] edges;

  Sealer(HeadSegment head, ImmutableGraphIndex graph) {
    this.head = head;
    this.graph = graph;
    this.view = graph.getView();
    this.count = head.ordinalBound();
  }

  SealedSegment seal(
      long segmentId,
      Function<Map<String, Object>, byte[]> encoder,
      Function<byte[], Map<String, Object>> decoder) {
    ImmutableGraphIndex.NodeAtLevel entry = count == 0 ? null : view.entryNode();
    int maxLevel = entry == null ? 0 : entry.level;
    int entryNode = entry == null ? -1 : entry.node;
    readLevel0();
    int[] order = breadthFirstOrder(entryNode, maxLevel);
    int[] newOf = new int[count];
    for (int i = 0; i < count; i++) {
      newOf[order[i]] = i;
    }

    int dim = head.config().dimension();
    VectorPages vectors = new VectorPages(dim, count);
    float[] norms = head.config().metric() == Metric.COSINE ? new float[count] : null;
    String[] ids = new String[count];
    byte[][] json = new byte[count][];
    ConcurrentBitSet deleted = new ConcurrentBitSet();
    int[] offsets = new int[count + 1];
    int[] neighbors = new int[rowStart[count]];
    for (int ord = 0; ord < count; ord++) {
      int old = order[ord];
      vectors.set(ord, head.vector(old));
      if (norms != null) {
        norms[ord] = head.inverseNorm(old);
      }
      ids[ord] = head.id(old);
      json[ord] = encoder.apply(head.payload(old));
      if (!head.isLive(old)) {
        deleted.set(ord);
      }
      int e = offsets[ord];
      for (int k = rowStart[old]; k < rowStart[old + 1]; k++) {
        neighbors[e++] = newOf[edges[k]];
      }
      offsets[ord + 1] = e;
    }
    List<SealedSegment.UpperLevel> upper = new ArrayList<>();
    for (int level = 1; level <= maxLevel; level++) {
      Map<Integer, int[]> rows = new HashMap<>();
      NodesIterator nodes = graph.getNodes(level);
      while (nodes.hasNext()) {
        int node = nodes.nextInt();
        NodesIterator it = view.getNeighborsIterator(level, node);
        int[] list = new int[it.size()];
        int k = 0;
        while (it.hasNext() && k < list.length) {
          int nb = it.nextInt();
          if (nb < count) {
            list[k++] = newOf[nb];
          }
        }
        if (node < count) {
          rows.put(newOf[node], k == list.length ? list : Arrays.copyOf(list, k));
        }
      }
      upper.add(SealedSegment.UpperLevel.of(rows));
    }
    HeadPostings headPostings = head.postings();
    // Postings name points by ordinal: they move with the renumbering (and drop retired points).
    SealedPostings postings =
        headPostings == null
            ? null
            : SealedPostings.copyOf(
                headPostings, o -> o < count && head.isLive(o) ? newOf[o] : -1, count);
    return new SealedSegment(
        segmentId,
        vectors,
        norms,
        ids,
        json,
        decoder,
        postings,
        new SealedSegment.Graph(
            entryNode < 0 ? -1 : newOf[entryNode], maxLevel, offsets, neighbors, upper),
        deleted,
        0,
        codes(vectors, norms));
  }

  /**
   * Trains the collection's quantizer on the segment's vectors (unit length for cosine), or null
   * when the collection is not quantized or the segment is too small to be worth it.
   */
  private SegmentCodes codes(VectorPages vectors, float[] norms) {
    Quantization kind = head.config().quantization();
    if (kind == Quantization.NONE || count < SegmentCodes.minPoints()) {
      return null;
    }
    return SegmentCodes.train(
        kind,
        head.config().metric(),
        new SegmentCodes.Vectors() {
          @Override
          public int count() {
            return count;
          }

          @Override
          public int dimension() {
            return vectors.dimension();
          }

          @Override
          public float[] vector(int ord) {
            float[] v = vectors.copy(ord);
            if (norms != null) {
              for (int i = 0; i < v.length; i++) {
                v[i] *= norms[ord];
              }
            }
            return v;
          }
        });
  }

  /** Level-0 adjacency in the head's ordinals, as rows. */
  private void readLevel0() {
    rowStart = new int[count + 1];
    edges = new int[Math.max(16, count * Math.min(head.config().maxDegree(), 64))];
    int e = 0;
    for (int ord = 0; ord < count; ord++) {
      rowStart[ord] = e;
      if (!graph.containsNode(ord)) {
        continue;
      }
      NodesIterator it = view.getNeighborsIterator(0, ord);
      while (it.hasNext()) {
        int nb = it.nextInt();
        if (nb >= count) {
          continue;
        }
        if (e == edges.length) {
          edges = Arrays.copyOf(edges, edges.length * 2);
        }
        edges[e++] = nb;
      }
    }
    rowStart[count] = e;
  }

  /**
   * Old ordinals in their new order: the upper-level nodes first, highest level first (the entry
   * leads), then breadth-first on level 0 from them, then whatever the graph does not reach.
   * Upper-level nodes first makes each upper level the ordinals 0..n-1 (a direct lookup instead of
   * a search, see {@link SealedSegment.Graph}) and puts the hubs every search passes through side
   * by side.
   */
  private int[] breadthFirstOrder(int entryNode, int maxLevel) {
    int[] order = new int[count];
    boolean[] placed = new boolean[count];
    int len = 0;
    int nextUnplaced = 0;
    if (entryNode >= 0) {
      order[len++] = entryNode;
      placed[entryNode] = true;
    }
    for (int level = maxLevel; level >= 1; level--) {
      NodesIterator nodes = graph.getNodes(level);
      int from = len;
      while (nodes.hasNext()) {
        int node = nodes.nextInt();
        if (node < count && !placed[node]) {
          placed[node] = true;
          order[len++] = node;
        }
      }
      Arrays.sort(order, from, len); // deterministic whatever the iteration order
    }
    for (int cursor = 0; len < count; ) {
      if (cursor == len) {
        while (placed[nextUnplaced]) {
          nextUnplaced++;
        }
        order[len++] = nextUnplaced;
        placed[nextUnplaced] = true;
      }
      int node = order[cursor++];
      for (int k = rowStart[node]; k < rowStart[node + 1]; k++) {
        int nb = edges[k];
        if (!placed[nb]) {
          placed[nb] = true;
          order[len++] = nb;
        }
      }
    }
    return order;
  }
}
