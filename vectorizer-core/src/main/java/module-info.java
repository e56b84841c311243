/**
 * The engine behind the Vectorizer API: segments, write-ahead log, JVector graphs, Panama and
 * scalar kernels, filters, keyword postings (Lucene analyzers, BM25), text chunking, hybrid search
 * and the built-in hashing embedder. Applications use it only through the API module ({@code
 * dev.vectorizer}); it exports no package and provides the API's services.
 *
 * <p>The Panama kernels need {@code --add-modules jdk.incubator.vector}; without it the scalar
 * kernels run (the choice is logged and shown in the stores' stats).
 */
module dev.vectorizer.core {
  requires transitive dev.vectorizer.api;
  requires jvector;
  requires com.fasterxml.jackson.databind;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;
  requires org.apache.lucene.core; // the keyword index: analyzers, norms encoding
  requires org.apache.lucene.analysis.common;
  requires java.logging; // to quiet JVector's java.util.logging output (JVectorLogging)
  requires static jdk.incubator.vector;
  requires static jdk.management; // whether the heap has huge pages (VectorPlacement)

  provides dev.vectorizer.spi.VectorStoreProvider with
      dev.vectorizer.internal.engine.EngineProvider;
  provides dev.vectorizer.spi.EmbedderFactory with
      dev.vectorizer.internal.text.HashingEmbedderFactory;
}
