package dev.vectorizer.internal.index;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.internal.kernels.Kernels;
import dev.vectorizer.internal.keyword.AnalyzedText;
import dev.vectorizer.internal.keyword.HeadPostings;
import dev.vectorizer.internal.search.GraphAccess;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.NodesIterator;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mutable segment of a collection: vectors, ids and payloads by ordinal, a JVector {@code
 * OnHeapGraphIndex} built incrementally, a live bit per ordinal, and the id-to-ordinal map.
 *
 * <p>Ordinals: allocated densely and never reused within a segment. An upsert allocates a new
 * ordinal, stores the point, inserts it into the graph, and only then publishes it (live bit + id
 * map, atomically per id); the replaced ordinal is marked deleted in the graph and stays there as a
 * routing node until the segment is rebuilt. We never call JVector's {@code cleanup()}: it must not
 * run during inserts, and inserting after it was seen to corrupt edges.
 *
 * <p>Concurrency: {@link #allocate}, {@link #index}, {@link #publish} and {@link #remove} may run
 * from many threads at once (JVector's builder supports concurrent {@code addGraphNode}). Readers
 * may search at any time; a node reachable in the graph always has its vector stored.
 */
public final class HeadSegment implements Segment {
  private final CollectionConfig config;
  private final PagedArray<float[]> vectors = new PagedArray<>();
  private final PagedFloatArray inverseNorms = new PagedFloatArray();
  private final PagedArray<String> ids = new PagedArray<>();
  private final PagedArray<Map<String, Object>> payloads = new PagedArray<>();
  private final ConcurrentBitSet live = new ConcurrentBitSet();
  private final ConcurrentHashMap<String, Integer> idToOrdinal = new ConcurrentHashMap<>();
  private final AtomicInteger nextOrdinal = new AtomicInteger();
  private final AtomicLong liveCount = new AtomicLong();
  private final AtomicLong deletedCount = new AtomicLong();
  private final HeadPostings postings;
  private final GraphIndexBuilder builder;
  private final ImmutableGraphIndex graph;
  private final boolean indexed;
  private final BuildCodes codes;

  /**
   * Creates an empty segment.
   *
   * @param config the collection's settings
   */
  public HeadSegment(CollectionConfig config) {
    this(config, true);
  }

  /**
   * Creates an empty segment that builds its graph, or not (a read-only store's head, replayed from
   * the log: searched by exact scan, so opening costs no graph build).
   *
   * @param config the collection's settings
   * @param indexed whether {@link #index} inserts into a graph
   */
  public HeadSegment(CollectionConfig config, boolean indexed) {
    this(config, indexed, false);
  }

  /**
   * Creates an empty segment that builds its graph, scoring construction on 8-bit copies of cosine
   * vectors when {@code compactScores} (see {@link BuildCodes}): for one-off builds of many points
   * (bulk loads), where those scores' memory traffic is most of the build; the copies cost a
   * quarter of the vectors' memory until the segment is closed.
   *
   * @param config the collection's settings
   * @param indexed whether {@link #index} inserts into a graph
   * @param compactScores whether construction scores cosine vectors from 8-bit codes
   */
  public HeadSegment(CollectionConfig config, boolean indexed, boolean compactScores) {
    this.config = config;
    this.codes =
        indexed && compactScores && config.metric() == Metric.COSINE
            ? new BuildCodes(config.dimension())
            : null;
    this.postings = config.keyword() == null ? null : new HeadPostings();
    this.indexed = indexed;
    RandomAccessVectorValues values =
        JVectorSupport.values(nextOrdinal::get, config.dimension(), vectors::get);
    GraphIndexBuilder.Builder b =
        config.metric() == Metric.COSINE
            ? GraphIndexBuilder.builder(
                new CosineBuildScores(
                    vectors::get,
                    inverseNorms::get,
                    nextOrdinal::get,
                    config.dimension(),
                    Kernels.get(),
                    codes),
                config.dimension(),
                config.maxDegree())
            : GraphIndexBuilder.builder(
                values, JVectorSupport.similarity(config.metric()), config.maxDegree());
    this.builder =
        b.withBeamWidth(config.beamWidth())
            .withNeighborOverflow(config.neighborOverflow())
            .withAlpha(config.alpha())
            .build();
    this.graph = builder.getGraph();
  }

  /**
   * Stores a point under a new ordinal; it is neither in the graph nor visible yet.
   *
   * @param id the id
   * @param vector the vector, owned by the segment from now on
   * @param payload the payload, immutable
   * @return the ordinal
   */
  public int allocate(String id, float[] vector, Map<String, Object> payload) {
    return allocate(id, vector, payload, null);
  }

  /**
   * Stores a point and its keyword terms under a new ordinal; it is neither in the graph nor
   * visible yet.
   *
   * @param id the id
   * @param vector the vector, owned by the segment from now on
   * @param payload the payload, immutable
   * @param terms the analyzed {@code text} of the payload, or null (no terms, or no keyword index)
   * @return the ordinal
   */
  public int allocate(String id, float[] vector, Map<String, Object> payload, AnalyzedText terms) {
    int ord = nextOrdinal.getAndIncrement();
    if (postings != null && terms != null) {
      postings.add(ord, terms);
    }
    if (config.metric() == Metric.COSINE) {
      double sum = 0;
      for (float x : vector) {
        sum += (double) x * x;
      }
      float inverseNorm = (float) (1.0 / Math.sqrt(sum));
      inverseNorms.set(ord, inverseNorm);
      if (codes != null) {
        codes.set(ord, vector, inverseNorm);
      }
    }
    ids.set(ord, id);
    payloads.set(ord, payload);
    vectors.set(ord, vector); // volatile: publishes the writes above to graph readers
    return ord;
  }

  /**
   * Inserts an allocated ordinal into the graph. Thread-safe.
   *
   * @param ord the ordinal
   */
  public void index(int ord) {
    if (!indexed) {
      return;
    }
    builder.addGraphNode(ord, JVectorSupport.VECTORS.createFloatVector(vectors.get(ord)));
  }

  /**
   * Makes an indexed ordinal the current version of its id, retiring the previous one.
   *
   * @param ord the ordinal
   * @return whether the id existed before
   */
  public boolean publish(int ord) {
    boolean[] replaced = new boolean[1];
    idToOrdinal.compute(
        ids.get(ord),
        (id, old) -> {
          live.set(ord);
          if (old != null) {
            retire(old);
            replaced[0] = true;
          } else {
            liveCount.incrementAndGet();
          }
          return ord;
        });
    return replaced[0];
  }

  /**
   * Deletes an id.
   *
   * @param id the id
   * @param expectedOrdinal delete only when this is still the id's ordinal; -1 for any
   * @return whether a point was deleted
   */
  public boolean remove(String id, int expectedOrdinal) {
    boolean[] removed = new boolean[1];
    idToOrdinal.computeIfPresent(
        id,
        (k, old) -> {
          if (expectedOrdinal >= 0 && old != expectedOrdinal) {
            return old;
          }
          retire(old);
          liveCount.decrementAndGet();
          removed[0] = true;
          return null;
        });
    return removed[0];
  }

  private void retire(int ord) {
    live.clear(ord);
    if (indexed) {
      builder.markNodeDeleted(ord);
    }
    deletedCount.incrementAndGet();
  }

  /**
   * The current ordinal of an id.
   *
   * @param id the id
   * @return the ordinal, or -1
   */
  @Override
  public int ordinalOf(String id) {
    Integer ord = idToOrdinal.get(id);
    return ord == null ? -1 : ord;
  }

  /**
   * Whether an ordinal is the current version of its id.
   *
   * @param ord the ordinal
   * @return whether it is live
   */
  @Override
  public boolean isLive(int ord) {
    return live.get(ord);
  }

  /**
   * An exclusive upper bound of the allocated ordinals.
   *
   * @return the bound
   */
  @Override
  public int ordinalBound() {
    return nextOrdinal.get();
  }

  @Override
  public float[] vector(int ord) {
    return vectors.get(ord);
  }

  @Override
  public float[] array(int ord) {
    return vectors.get(ord);
  }

  @Override
  public int offset(int ord) {
    return 0;
  }

  @Override
  public float inverseNorm(int ord) {
    return inverseNorms.get(ord);
  }

  /**
   * The id of an ordinal.
   *
   * @param ord the ordinal
   * @return the id
   */
  @Override
  public String id(int ord) {
    return ids.get(ord);
  }

  /**
   * The payload of an ordinal.
   *
   * @param ord the ordinal
   * @return the immutable payload
   */
  @Override
  public Map<String, Object> payload(int ord) {
    return payloads.get(ord);
  }

  /**
   * Live points.
   *
   * @return the count
   */
  @Override
  public long liveCount() {
    return liveCount.get();
  }

  /**
   * Retired ordinals still in the graph.
   *
   * @return the count
   */
  public long deletedCount() {
    return deletedCount.get();
  }

  /**
   * Graph nodes, including retired ones.
   *
   * @return the count
   */
  public int graphSize() {
    return graph.size(0);
  }

  /**
   * Whether searches walk the graph: the head is indexed and its graph is not mostly retired nodes.
   * JVector links a new node only to live ones and keeps the edges to retired ones, so once retired
   * nodes outnumber live ones the graph stops reaching live points (in ConcurrencyTest self-queries
   * found 14 of 387 points at 80% retired); until the background rebuild replaces the head, an
   * exact scan answers instead.
   */
  @Override
  public boolean hasGraph() {
    return indexed && deletedCount.get() <= liveCount.get();
  }

  /**
   * The JVector graph, for reference searches in tests and benchmarks.
   *
   * @return the graph
   */
  public ImmutableGraphIndex graph() {
    return graph;
  }

  @Override
  public HeadPostings postings() {
    return postings;
  }

  /**
   * A view of the graph for one search.
   *
   * @return the graph access
   */
  @Override
  public GraphAccess graphAccess() {
    return new View(graph.getView());
  }

  /**
   * Freezes this segment into a sealed one (callers hold the collection's exclusive lock, so no
   * write is in flight), renumbering the ordinals in graph order (see {@link Sealer}). Retired
   * ordinals stay, marked deleted, so the graph keeps its routing nodes.
   *
   * @param segmentId the new segment's number
   * @param encoder payload to JSON bytes
   * @param decoder JSON bytes to payload
   * @return the sealed segment
   */
  public SealedSegment seal(
      long segmentId,
      java.util.function.Function<Map<String, Object>, byte[]> encoder,
      java.util.function.Function<byte[], Map<String, Object>> decoder) {
    return new Sealer(this, graph).seal(segmentId, encoder, decoder);
  }

  CollectionConfig config() {
    return config;
  }

  /** Releases the graph. */
  public void close() {
    try {
      builder.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class View implements GraphAccess {
    private final ImmutableGraphIndex.View view;
    private final int entry;
    private final int entryLevel;

    View(ImmutableGraphIndex.View view) {
      this.view = view;
      ImmutableGraphIndex.NodeAtLevel e = view.entryNode();
      this.entry = e == null ? -1 : e.node;
      this.entryLevel = e == null ? 0 : e.level;
    }

    @Override
    public int entryNode() {
      return entry;
    }

    @Override
    public int entryLevel() {
      return entryLevel;
    }

    @Override
    public int idUpperBound() {
      return view.getIdUpperBound();
    }

    @Override
    public Neighbors neighbors(int level, int node, Neighbors buffer) {
      NodesIterator it = view.getNeighborsIterator(level, node);
      int n = it.size();
      if (buffer.nodes.length < n) {
        buffer = new Neighbors(Math.max(n, buffer.nodes.length * 2));
      }
      int[] out = buffer.nodes;
      int i = 0;
      while (i < n && it.hasNext()) {
        out[i++] = it.nextInt();
      }
      buffer.size = i;
      return buffer;
    }
  }
}
