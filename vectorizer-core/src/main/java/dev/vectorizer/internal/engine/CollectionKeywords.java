package dev.vectorizer.internal.engine;

import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.internal.filter.PayloadPredicate;
import dev.vectorizer.internal.index.Segment;
import dev.vectorizer.internal.keyword.Bm25Searcher;
import dev.vectorizer.internal.keyword.KeywordIndex;
import dev.vectorizer.internal.keyword.KeywordQuery;
import dev.vectorizer.internal.keyword.PostingList;
import dev.vectorizer.internal.keyword.Postings;
import dev.vectorizer.internal.keyword.TermAnalyzer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A collection's keyword index: BM25 over the postings each segment carries (the head's grow with
 * every applied write, sealed segments' were written with them), under the collection's read lock
 * like any search. Deleted and replaced points keep their postings until their segment is rebuilt
 * or merged; the segments' live bits keep them out of results.
 *
 * <p>Thread-safe.
 */
final class CollectionKeywords implements KeywordIndex {
  private final CollectionState state;

  CollectionKeywords(CollectionState state) {
    this.state = state;
  }

  @Override
  public TermAnalyzer analyzer() {
    return state.analyzer;
  }

  @Override
  public List<Hit> search(KeywordQuery query, int k, Filter filter, boolean payloads) {
    PayloadPredicate predicate = filter == null ? null : PayloadPredicate.compile(filter);
    state.lock.readLock().lock();
    try {
      state.ensureOpen();
      List<Segment> owners = new ArrayList<>();
      List<Bm25Searcher.Source> sources = new ArrayList<>();
      for (Segment s : state.segments()) {
        if (s.postings() == null) {
          continue;
        }
        owners.add(s);
        sources.add(
            new Bm25Searcher.Source(
                s.postings(),
                predicate == null
                    ? s::isLive
                    : ord -> s.isLive(ord) && predicate.test(s.payload(ord))));
      }
      List<Bm25Searcher.Match> matches =
          Bm25Searcher.search(sources, query, state.config.keyword(), k);
      List<Hit> hits = new ArrayList<>(matches.size());
      Set<String> seen = new HashSet<>();
      for (Bm25Searcher.Match m : matches) {
        Segment s = owners.get(m.source());
        String id = s.id(m.ord());
        if (seen.add(id)) { // an upsert in flight: both versions were live for an instant
          hits.add(Hit.of(id, m.score(), payloads ? s.payload(m.ord()) : Map.of(), null));
        }
      }
      return hits;
    } finally {
      state.lock.readLock().unlock();
    }
  }

  @Override
  public long docFreq(String term) {
    state.lock.readLock().lock();
    try {
      long df = 0;
      for (Segment s : state.segments()) {
        Postings p = s.postings();
        PostingList l = p == null ? null : p.postings(term);
        df += l == null ? 0 : l.size();
      }
      return df;
    } finally {
      state.lock.readLock().unlock();
    }
  }

  @Override
  public long docCount() {
    state.lock.readLock().lock();
    try {
      long n = 0;
      for (Segment s : state.segments()) {
        n += s.postings() == null ? 0 : s.postings().docCount();
      }
      return n;
    } finally {
      state.lock.readLock().unlock();
    }
  }
}
