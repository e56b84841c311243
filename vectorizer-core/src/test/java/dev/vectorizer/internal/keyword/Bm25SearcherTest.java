package dev.vectorizer.internal.keyword;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorizer.KeywordConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
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
import org.junit.jupiter.api.Test;

/**
 * Our BM25 against Lucene's own (IndexSearcher + BM25Similarity) on the same texts with the same
 * analyzer: the same chunks, the same scores to float rounding, for several k1/b, weighted terms,
 * postings split over segments, and filters.
 */
class Bm25SearcherTest {
  private static final String[] WORDS = {
    "vector",
    "graph",
    "search",
    "index",
    "segment",
    "merge",
    "filter",
    "payload",
    "query",
    "chunk",
    "token",
    "embedding",
    "cosine",
    "distance",
    "memory",
    "disk",
    "write",
    "log",
    "checkpoint",
    "snapshot",
    "backup",
    "restore",
    "thread",
    "lock",
    "crash",
    "recovery",
    "ERR_4012",
    "--max-procs",
    "xargs",
    "parallel",
    "jobs",
    "the",
    "a",
    "of",
    "and",
    "running"
  };

  private static List<String> corpus(long seed, int n) {
    Random r = new Random(seed);
    List<String> docs = new ArrayList<>();
    for (int d = 0; d < n; d++) {
      StringBuilder sb = new StringBuilder();
      int len = 5 + r.nextInt(r.nextBoolean() ? 30 : 150);
      for (int i = 0; i < len; i++) {
        // Zipf-like: low indexes are frequent
        int w = (int) Math.min(WORDS.length - 1, Math.abs(r.nextGaussian()) * WORDS.length / 2.5);
        sb.append(WORDS[w]).append(r.nextInt(8) == 0 ? ". " : " ");
      }
      docs.add(sb.toString());
    }
    return docs;
  }

  @Test
  void scoresAndRanksEqualLucenesBm25() throws Exception {
    List<String> docs = corpus(42, 600);
    for (KeywordConfig config :
        List.of(
            KeywordConfig.defaults(),
            KeywordConfig.builder().k1(0.9f).b(0.4f).build(),
            KeywordConfig.builder()
                .analyzer(KeywordConfig.Analyzer.AS_WRITTEN)
                .k1(2f)
                .b(1f)
                .build(),
            KeywordConfig.builder().analyzer(KeywordConfig.Analyzer.STANDARD).b(0f).build())) {
      TermAnalyzer analyzer = new TermAnalyzer(config);
      // ours: three segments, the first two sealed
      HeadPostings[] heads = {new HeadPostings(), new HeadPostings(), new HeadPostings()};
      int[] base = {0, 200, 450};
      for (int i = 0; i < docs.size(); i++) {
        int s = i < 200 ? 0 : i < 450 ? 1 : 2;
        heads[s].add(i - base[s], analyzer.analyze(docs.get(i)));
      }
      List<Bm25Searcher.Source> sources = new ArrayList<>();
      int[] sizes = {200, 250, 150};
      for (int s = 0; s < 3; s++) {
        Postings p = s < 2 ? SealedPostings.copyOf(heads[s], ord -> ord, sizes[s]) : heads[s];
        sources.add(new Bm25Searcher.Source(p, ord -> true));
      }
      try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
        IndexWriterConfig iwc = new IndexWriterConfig(analyzer.analyzer());
        iwc.setSimilarity(new BM25Similarity(config.k1(), config.b()));
        try (IndexWriter w = new IndexWriter(dir, iwc)) {
          for (int i = 0; i < docs.size(); i++) {
            Document doc = new Document();
            doc.add(new StoredField("id", i));
            doc.add(new TextField("text", docs.get(i), Field.Store.NO));
            w.addDocument(doc);
          }
        }
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
          IndexSearcher searcher = new IndexSearcher(reader);
          searcher.setSimilarity(new BM25Similarity(config.k1(), config.b()));
          for (String q :
              List.of(
                  "vector graph",
                  "running the merge of segments",
                  "ERR_4012",
                  "--max-procs parallel xargs jobs",
                  "crash recovery crash",
                  "checkpoint")) {
            List<String> terms = analyzer.queryTerms(q);
            compare(config, sources, searcher, KeywordQuery.of(terms), q);
            Map<String, Float> weighted = new HashMap<>();
            for (int i = 0; i < terms.size(); i++) {
              weighted.merge(terms.get(i), 0.25f + i, Float::sum);
            }
            compare(config, sources, searcher, new KeywordQuery(weighted), q + " (weighted)");
          }
        }
      }
    }
  }

  private static void compare(
      KeywordConfig config,
      List<Bm25Searcher.Source> sources,
      IndexSearcher searcher,
      KeywordQuery query,
      String what)
      throws Exception {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (Map.Entry<String, Float> e : query.weights().entrySet()) {
      Query tq = new TermQuery(new Term("text", e.getKey()));
      b.add(e.getValue() == 1f ? tq : new BoostQuery(tq, e.getValue()), BooleanClause.Occur.SHOULD);
    }
    ScoreDoc[] lucene = searcher.search(b.build(), 10).scoreDocs;
    List<Bm25Searcher.Match> ours = Bm25Searcher.search(sources, query, config, 10);
    assertEquals(lucene.length, ours.size(), what);
    int[] offset = {0, 200, 450};
    Map<Integer, Float> byDoc = new HashMap<>();
    for (Bm25Searcher.Match m : ours) {
      byDoc.put(offset[m.source()] + m.ord(), m.score());
    }
    float last = lucene.length == 0 ? 0 : lucene[lucene.length - 1].score;
    for (int i = 0; i < lucene.length; i++) {
      assertEquals(lucene[i].score, ours.get(i).score(), 1e-4f * lucene[i].score, what + " #" + i);
      Float mine = byDoc.get(lucene[i].doc);
      if (mine == null) {
        // only a tie at the cut may pick another chunk
        assertEquals(last, lucene[i].score, 1e-5f * last, what + ": missing doc " + lucene[i].doc);
      } else {
        assertEquals(
            lucene[i].score, mine, 1e-4f * lucene[i].score, what + " doc " + lucene[i].doc);
      }
    }
  }

  @Test
  void filtersApplyBeforeTheTopK() {
    TermAnalyzer analyzer = new TermAnalyzer(KeywordConfig.defaults());
    HeadPostings head = new HeadPostings();
    List<String> docs = corpus(7, 300);
    for (int i = 0; i < docs.size(); i++) {
      head.add(i, analyzer.analyze(docs.get(i)));
    }
    KeywordQuery q = KeywordQuery.of(analyzer.queryTerms("vector"));
    List<Bm25Searcher.Match> all =
        Bm25Searcher.search(
            List.of(new Bm25Searcher.Source(head, ord -> true)), q, KeywordConfig.defaults(), 300);
    // a filter that keeps only the 3 worst matches still finds all 3
    java.util.Set<Integer> worst = new java.util.HashSet<>();
    for (int i = all.size() - 3; i < all.size(); i++) {
      worst.add(all.get(i).ord());
    }
    List<Bm25Searcher.Match> filtered =
        Bm25Searcher.search(
            List.of(new Bm25Searcher.Source(head, worst::contains)),
            q,
            KeywordConfig.defaults(),
            10);
    assertEquals(3, filtered.size());
    assertEquals(worst, new java.util.HashSet<>(filtered.stream().map(m -> m.ord()).toList()));
  }

  @Test
  void anEmptyQueryOrIndexFindsNothing() {
    HeadPostings head = new HeadPostings();
    List<Bm25Searcher.Source> s = List.of(new Bm25Searcher.Source(head, ord -> true));
    assertEquals(
        List.of(),
        Bm25Searcher.search(s, KeywordQuery.of(List.of("x")), KeywordConfig.defaults(), 5));
    head.add(0, new TermAnalyzer(KeywordConfig.defaults()).analyze("hello world"));
    assertEquals(
        List.of(), Bm25Searcher.search(s, KeywordQuery.of(List.of()), KeywordConfig.defaults(), 5));
    assertEquals(
        1,
        Bm25Searcher.search(s, KeywordQuery.of(List.of("hello")), KeywordConfig.defaults(), 5)
            .size());
  }
}
