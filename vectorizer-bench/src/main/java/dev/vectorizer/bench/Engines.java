package dev.vectorizer.bench;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.index.JVectorSupport;
import dev.vectorizer.internal.kernels.Kernels;
import dev.vectorizer.internal.kernels.VectorKernels;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/** The engines of the ANN harness, all with the same graph parameters where they have them. */
final class Engines {
  private Engines() {}

  static AnnEngine create(String name, Metric metric, CollectionConfig config) throws IOException {
    return switch (name) {
      case "vectorizer" -> new Vectorizer(config);
      case "jvector" -> new JVector(config);
      case "lucene" -> new Lucene(metric, config);
      case "exact" -> new Exact(metric);
      default ->
          throw new IllegalArgumentException(
              "unknown engine '" + name + "': use vectorizer, jvector, lucene, exact");
    };
  }

  /** This store through its public API: a durable store in a temporary directory. */
  static final class Vectorizer implements AnnEngine {
    private final CollectionConfig config;
    private final Path dir;
    private VectorStore store;
    private Collection collection;

    Vectorizer(CollectionConfig config) throws IOException {
      this.config = config;
      this.dir = Files.createTempDirectory("vectorizer-ann");
    }

    @Override
    public String name() {
      return "vectorizer";
    }

    @Override
    public void build(float[][] base) {
      store =
          VectorStore.builder(dir)
              .durability(Durability.FSYNC)
              .sealThreshold(Integer.MAX_VALUE)
              .open();
      collection =
          store.createCollection("ann", config.toBuilder().exactSearchThreshold(0).build());
      List<Point> batch = new ArrayList<>(1000);
      for (int i = 0; i < base.length; i++) {
        batch.add(Point.of(Integer.toString(i), base[i]));
        if (batch.size() == 1000) {
          collection.upsert(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        collection.upsert(batch);
      }
      store.checkpoint(); // seal into an immutable segment, as a loaded collection is served
    }

    @Override
    public int buildThreads() {
      return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public int[] search(float[] query, int k, int beam) {
      List<Hit> hits =
          collection.search(SearchRequest.of(query).limit(k).beamWidth(beam).includePayload(false));
      int[] out = new int[hits.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = Integer.parseInt(hits.get(i).id());
      }
      return out;
    }

    @Override
    public void close() throws IOException {
      if (store != null) {
        store.close();
      }
      StorageBench.deleteTree(dir);
    }
  }

  /** Raw JVector: GraphIndexBuilder and GraphSearcher with exact scores. */
  static final class JVector implements AnnEngine {
    private final CollectionConfig config;
    private ListRandomAccessVectorValues ravv;
    private ImmutableGraphIndex graph;
    private GraphSearcher searcher;
    private GraphIndexBuilder builder;

    JVector(CollectionConfig config) {
      this.config = config;
    }

    @Override
    public String name() {
      return "jvector";
    }

    @Override
    public void build(float[][] base) {
      List<VectorFloat<?>> vs = new ArrayList<>(base.length);
      for (float[] v : base) {
        vs.add(JVectorSupport.VECTORS.createFloatVector(v));
      }
      ravv = new ListRandomAccessVectorValues(vs, base[0].length);
      builder =
          GraphIndexBuilder.builder(
                  ravv, JVectorSupport.similarity(config.metric()), config.maxDegree())
              .withBeamWidth(config.beamWidth())
              .withNeighborOverflow(config.neighborOverflow())
              .withAlpha(config.alpha())
              .build();
      graph = builder.build(ravv);
      searcher = new GraphSearcher(graph);
    }

    @Override
    public int buildThreads() {
      return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public int[] search(float[] query, int k, int beam) {
      SearchResult r =
          searcher.search(
              DefaultSearchScoreProvider.exact(
                  JVectorSupport.VECTORS.createFloatVector(query),
                  JVectorSupport.similarity(config.metric()),
                  ravv),
              k,
              Math.max(k, beam),
              0f,
              0f,
              Bits.ALL);
      SearchResult.NodeScore[] nodes = r.getNodes();
      int[] out = new int[nodes.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = nodes[i].node;
      }
      return out;
    }

    @Override
    public void close() throws IOException {
      if (searcher != null) {
        searcher.close();
      }
      if (builder != null) {
        builder.close();
      }
    }
  }

  /** Lucene HNSW (default codec: M=16, i.e. 32 neighbours on level 0, beam 100), one segment. */
  static final class Lucene implements AnnEngine {
    private final Metric metric;
    private final Path dir;
    private FSDirectory directory;
    private DirectoryReader reader;
    private LeafReader leaf;

    Lucene(Metric metric, CollectionConfig config) throws IOException {
      this.metric = metric;
      this.dir = Files.createTempDirectory("vectorizer-ann-lucene");
    }

    @Override
    public String name() {
      return "lucene";
    }

    private VectorSimilarityFunction similarity() {
      return switch (metric) {
        case COSINE -> VectorSimilarityFunction.COSINE;
        case DOT_PRODUCT -> VectorSimilarityFunction.DOT_PRODUCT;
        case EUCLIDEAN -> VectorSimilarityFunction.EUCLIDEAN;
      };
    }

    @Override
    public void build(float[][] base) throws IOException {
      directory = FSDirectory.open(dir);
      IndexWriterConfig iwc = new IndexWriterConfig().setRAMBufferSizeMB(2048);
      try (IndexWriter w = new IndexWriter(directory, iwc)) {
        for (float[] v : base) {
          Document d = new Document();
          d.add(new KnnFloatVectorField("v", v, similarity()));
          w.addDocument(d);
        }
        w.forceMerge(1);
      }
      reader = DirectoryReader.open(directory);
      leaf = reader.leaves().get(0).reader();
    }

    @Override
    public int buildThreads() {
      return 1;
    }

    @Override
    public int[] search(float[] query, int k, int beam) throws IOException {
      TopDocs top =
          leaf.searchNearestVectors(
              "v",
              query,
              Math.max(k, beam),
              AcceptDocs.fromLiveDocs(null, leaf.maxDoc()),
              Integer.MAX_VALUE);
      ScoreDoc[] docs = top.scoreDocs;
      int[] out = new int[Math.min(k, docs.length)];
      for (int i = 0; i < out.length; i++) {
        out[i] = docs[i].doc;
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

  /** An exact scan with this project's kernels. */
  static final class Exact implements AnnEngine {
    private final Metric metric;
    private final VectorKernels kernels = Kernels.get();
    private float[][] base;

    Exact(Metric metric) {
      this.metric = metric;
    }

    @Override
    public String name() {
      return "exact";
    }

    @Override
    public boolean sweeps() {
      return false;
    }

    @Override
    public void build(float[][] base) {
      this.base = base;
    }

    @Override
    public int buildThreads() {
      return 0;
    }

    @Override
    public int[] search(float[] query, int k, int beam) {
      return GroundTruth.topK(kernels, metric, base, query, k);
    }

    @Override
    public void close() {}
  }
}
