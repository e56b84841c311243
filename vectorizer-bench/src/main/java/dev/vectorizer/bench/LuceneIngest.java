package dev.vectorizer.bench;

import dev.vectorizer.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.FSDirectory;

/**
 * Lucene's side of {@code ingest}: the vectors indexed with {@code KnnFloatVectorField} into an
 * on-disk index ({@code Lucene99HnswVectorsFormat}: M=16, i.e. 32 neighbours on level 0, beam 100,
 * Lucene's defaults), from {@code threads} indexing threads (each fills its own in-memory segment,
 * 2 GB buffer in all, so no flush happens mid-way), then {@code forceMerge(1)} with {@code threads}
 * merge workers, then close (commit and fsync). Cosine data is normalised and indexed as dot
 * product (Lucene's advice); the normalisation is timed.
 */
final class LuceneIngest {
  private LuceneIngest() {}

  static IngestBench.Built build(
      String engine, float[][] base, Metric metric, int threads, boolean keep) throws IOException {
    Path dir = Files.createTempDirectory("vectorizer-ingest-" + engine);
    ExecutorService mergeWorkers = Executors.newFixedThreadPool(threads);
    KnnVectorsFormat format =
        threads == 1
            ? new Lucene99HnswVectorsFormat(16, 100)
            : new Lucene99HnswVectorsFormat(16, 100, threads, mergeWorkers);
    IndexWriterConfig iwc =
        new IndexWriterConfig()
            .setRAMBufferSizeMB(2048)
            .setCodec(
                new Lucene104Codec() {
                  @Override
                  public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return format;
                  }
                });
    VectorSimilarityFunction similarity =
        metric == Metric.EUCLIDEAN
            ? VectorSimilarityFunction.EUCLIDEAN
            : VectorSimilarityFunction.DOT_PRODUCT;
    FSDirectory directory = FSDirectory.open(dir);
    long t0 = System.nanoTime();
    long indexed = 0;
    long segments = 0;
    try {
      try (IndexWriter w = new IndexWriter(directory, iwc)) {
        AtomicInteger next = new AtomicInteger();
        ExecutorService indexers = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          done.add(
              indexers.submit(
                  () -> {
                    for (int i = next.getAndIncrement();
                        i < base.length;
                        i = next.getAndIncrement()) {
                      Document d = new Document();
                      d.add(new StoredField("row", i));
                      d.add(
                          new KnnFloatVectorField(
                              "v", LuceneEngine.prepare(base[i], metric), similarity));
                      w.addDocument(d);
                    }
                    return null;
                  }));
        }
        try {
          for (Future<?> f : done) {
            f.get();
          }
        } catch (Exception e) {
          throw new IOException("indexing failed", e);
        } finally {
          indexers.shutdown();
        }
        w.flush(); // what forceMerge does first: the segments it will merge
        indexed = System.nanoTime();
        segments = w.getSegmentInfosCounter();
        w.forceMerge(1);
      }
    } finally {
      mergeWorkers.shutdown();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "    (%s: %d segments flushed by %d indexing threads in %.1f s, then forceMerge(1) with %d"
            + " merge workers and close in %.1f s)%n",
        engine,
        segments,
        threads,
        (indexed - t0) / 1e9,
        threads,
        seconds - (indexed - t0) / 1e9);
    if (!keep) {
      directory.close();
      StorageBench.deleteTree(dir);
      return new IngestBench.Built(engine, seconds, null, null);
    }
    DirectoryReader reader = DirectoryReader.open(directory);
    LeafReader leaf = reader.leaves().get(0).reader();
    return new IngestBench.Built(
        engine,
        seconds,
        q -> {
          ScoreDoc[] docs =
              leaf.searchNearestVectors(
                      "v",
                      LuceneEngine.prepare(q, metric),
                      100,
                      AcceptDocs.fromLiveDocs(null, leaf.maxDoc()),
                      Integer.MAX_VALUE)
                  .scoreDocs;
          int[] rows = new int[Math.min(10, docs.length)];
          for (int i = 0; i < rows.length; i++) {
            rows[i] =
                leaf.storedFields().document(docs[i].doc).getField("row").numericValue().intValue();
          }
          return rows;
        },
        () -> {
          reader.close();
          directory.close();
          StorageBench.deleteTree(dir);
        });
  }
}
