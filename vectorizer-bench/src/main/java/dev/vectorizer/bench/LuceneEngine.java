package dev.vectorizer.bench;

import dev.vectorizer.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * Lucene's HNSW as an anchor, force-merged to one segment on disk (memory-mapped), searched at the
 * leaf with {@code beam} as the number of candidates (Lucene's "ef"), top {@code k} returned:
 *
 * <ul>
 *   <li>{@code lucene}: float32 {@code Lucene99HnswVectorsFormat}, M=16 (32 neighbours on level 0),
 *       beam 100 (Lucene's defaults);
 *   <li>{@code lucene-m32}: the same with M=32;
 *   <li>{@code lucene-int8}: {@code Lucene104HnswScalarQuantizedVectorsFormat}, 8-bit scalar
 *       quantization (optimized scalar quantization), M=16, scores from the quantized vectors;
 *   <li>{@code lucene-bbq}: the same format with 1-bit vectors and 4-bit queries (Lucene's binary
 *       quantization, "BBQ"), M=16; the beam's candidates are reranked with the float vectors the
 *       format keeps, as Elasticsearch does for BBQ.
 * </ul>
 *
 * <p>For cosine data the vectors are normalised and indexed with {@code DOT_PRODUCT} (what Lucene
 * recommends: its cosine recomputes both norms on every comparison); the query is normalised inside
 * the timed search. Searches are thread-safe (the reranking vectors are read per thread).
 */
final class LuceneEngine implements AnnEngine {
  private final String name;
  private final Metric metric;
  private final KnnVectorsFormat format;
  private final boolean rerank;
  private final Path dir;
  private FSDirectory directory;
  private DirectoryReader reader;
  private LeafReader leaf;
  private ThreadLocal<FloatVectorValues> rawVectors;
  private final ThreadLocal<long[]> visited = ThreadLocal.withInitial(() -> new long[1]);

  private LuceneEngine(String name, Metric metric, KnnVectorsFormat format, boolean rerank)
      throws IOException {
    this.name = name;
    this.metric = metric;
    this.format = format;
    this.rerank = rerank;
    this.dir = Files.createTempDirectory("vectorizer-ann-" + name);
  }

  static LuceneEngine create(String name, Metric metric) throws IOException {
    return switch (name) {
      case "lucene" ->
          new LuceneEngine(name, metric, new Lucene99HnswVectorsFormat(16, 100), false);
      case "lucene-m32" ->
          new LuceneEngine(name, metric, new Lucene99HnswVectorsFormat(32, 100), false);
      case "lucene-int8" ->
          new LuceneEngine(
              name,
              metric,
              new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.UNSIGNED_BYTE, 16, 100),
              false);
      case "lucene-bbq" ->
          new LuceneEngine(
              name,
              metric,
              new Lucene104HnswScalarQuantizedVectorsFormat(
                  ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE, 16, 100),
              true);
      default ->
          throw new IllegalArgumentException(
              "unknown Lucene engine '"
                  + name
                  + "': use lucene, lucene-m32, lucene-int8 or lucene-bbq");
    };
  }

  @Override
  public String name() {
    return name;
  }

  private VectorSimilarityFunction similarity() {
    return metric == Metric.EUCLIDEAN
        ? VectorSimilarityFunction.EUCLIDEAN
        : VectorSimilarityFunction.DOT_PRODUCT;
  }

  private float[] prepare(float[] v) {
    return prepare(v, metric);
  }

  /** What Lucene indexes and searches for a vector: unit length under cosine, else as is. */
  static float[] prepare(float[] v, Metric metric) {
    if (metric != Metric.COSINE) {
      return v;
    }
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    float inv = (float) (1 / Math.sqrt(sum));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  @Override
  public void build(float[][] base) throws IOException {
    directory = FSDirectory.open(dir);
    KnnVectorsFormat f = format;
    IndexWriterConfig iwc =
        new IndexWriterConfig()
            .setRAMBufferSizeMB(2048)
            .setCodec(
                new Lucene104Codec() {
                  @Override
                  public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return f;
                  }
                });
    try (IndexWriter w = new IndexWriter(directory, iwc)) {
      for (float[] v : base) {
        Document d = new Document();
        d.add(new KnnFloatVectorField("v", prepare(v), similarity()));
        w.addDocument(d);
      }
      w.forceMerge(1);
    }
    reader = DirectoryReader.open(directory);
    leaf = reader.leaves().get(0).reader();
    if (rerank) {
      FloatVectorValues values = leaf.getFloatVectorValues("v");
      rawVectors =
          ThreadLocal.withInitial(
              () -> {
                try {
                  return values.copy();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    }
  }

  @Override
  public int buildThreads() {
    return 1;
  }

  @Override
  public int[] search(float[] query, int k, int beam) throws IOException {
    float[] q = prepare(query);
    TopDocs top =
        leaf.searchNearestVectors(
            "v",
            q,
            Math.max(k, beam),
            AcceptDocs.fromLiveDocs(null, leaf.maxDoc()),
            Integer.MAX_VALUE);
    // A k-NN search's total hits are the nodes it scored (TopKnnCollector#topDocs).
    visited.get()[0] = top.totalHits.value();
    ScoreDoc[] docs = top.scoreDocs;
    if (rerank) {
      return rerank(q, docs, k);
    }
    int[] out = new int[Math.min(k, docs.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = docs[i].doc;
    }
    return out;
  }

  /** Nodes scored in the graph; the rerank of {@code lucene-bbq} scores {@code beam} more. */
  @Override
  public long lastDistanceCount() {
    return visited.get()[0];
  }

  /** Exact scores for the candidates (one segment, no deletions: ordinal = document). */
  private int[] rerank(float[] q, ScoreDoc[] docs, int k) throws IOException {
    FloatVectorValues values = rawVectors.get();
    VectorSimilarityFunction sim = similarity();
    long[] keyed = new long[docs.length];
    for (int i = 0; i < docs.length; i++) {
      float score = sim.compare(q, values.vectorValue(docs[i].doc));
      // Higher score first: sort ascending on the negated score's order-preserving bits.
      int bits = Float.floatToIntBits(-score);
      bits ^= (bits >> 31) & 0x7fffffff;
      keyed[i] = ((long) bits << 32) | docs[i].doc;
    }
    Arrays.sort(keyed);
    int[] out = new int[Math.min(k, keyed.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) keyed[i];
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
    if (directory != null) {
      directory.close();
    }
    StorageBench.deleteTree(dir);
  }
}
