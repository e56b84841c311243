package dev.vectorizer.bench;

import dev.vectorizer.KeywordConfig;
import dev.vectorizer.internal.keyword.KeywordQuery;
import dev.vectorizer.internal.keyword.TermAnalyzer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The keyword anchor of the IR benchmark: Lucene's own BM25 ({@link IndexSearcher} with {@link
 * BM25Similarity}, same k1 and b) over the same chunks, analyzed by the same analyzer (ours is a
 * Lucene {@code Analyzer}), queried with a boolean query of the same (boosted) terms.
 *
 * <p>Not thread-safe; close it.
 */
final class LuceneBm25 implements AutoCloseable {
  private final TermAnalyzer analyzer;
  private final ByteBuffersDirectory dir = new ByteBuffersDirectory();
  private final DirectoryReader reader;
  private final IndexSearcher searcher;

  /** A chunk to index: its id ({@code source#chunk}) and text. */
  record Chunk(String id, String text) {}

  LuceneBm25(KeywordConfig config, List<Chunk> chunks) throws IOException {
    this.analyzer = new TermAnalyzer(config);
    BM25Similarity similarity = new BM25Similarity(config.k1(), config.b());
    IndexWriterConfig iwc = new IndexWriterConfig(analyzer.analyzer()).setSimilarity(similarity);
    try (IndexWriter w = new IndexWriter(dir, iwc)) {
      for (Chunk c : chunks) {
        Document d = new Document();
        d.add(new StoredField("id", c.id()));
        d.add(new TextField("text", c.text(), Field.Store.NO));
        w.addDocument(d);
      }
      w.forceMerge(1);
    }
    reader = DirectoryReader.open(dir);
    searcher = new IndexSearcher(reader);
    searcher.setSimilarity(similarity);
  }

  /** The query of a text: its analyzed terms, repeats as boosts (as our keyword branch). */
  Query query(String text) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (Map.Entry<String, Float> e :
        KeywordQuery.of(analyzer.queryTerms(text)).weights().entrySet()) {
      Query tq = new TermQuery(new Term("text", e.getKey()));
      b.add(e.getValue() == 1f ? tq : new BoostQuery(tq, e.getValue()), BooleanClause.Occur.SHOULD);
    }
    return b.build();
  }

  /** The top k documents of a text query (Lucene doc ids; the timed part). */
  ScoreDoc[] search(String text, int k) throws IOException {
    return searcher.search(query(text), k).scoreDocs;
  }

  /** The chunk ids of the top k. */
  List<String> ids(String text, int k) throws IOException {
    StoredFields stored = searcher.storedFields();
    List<String> out = new ArrayList<>();
    for (ScoreDoc d : search(text, k)) {
      out.add(stored.document(d.doc).get("id"));
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    reader.close();
    dir.close();
  }
}
