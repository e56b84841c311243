package dev.vectorizer.internal.text;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vectorizer.Collection;
import dev.vectorizer.Embedder;
import dev.vectorizer.Fusion;
import dev.vectorizer.Hit;
import dev.vectorizer.SearchMode;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import dev.vectorizer.internal.keyword.AnalyzedText;
import dev.vectorizer.internal.keyword.KeywordIndex;
import dev.vectorizer.internal.keyword.KeywordQuery;
import dev.vectorizer.internal.keyword.Rm3;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Runs the text queries of one text collection: dense (the collection's vector search), keyword
 * (its {@link KeywordIndex}), or hybrid (both under the same filter, {@link
 * TextQuery#effectiveCandidates()} each, fused by the query's {@link Fusion} in the order dense,
 * keyword), with optional expansion and the store's {@link QueryCache} in front.
 *
 * <p>Expansion ({@link TextQuery#expand()}): RM3 terms from the first keyword results re-run the
 * keyword branch; the dense branch is re-run with a Rocchio query (the query embedding moved
 * towards the mean of its first results). Which of the two {@code expand} turns on is {@link
 * #expansion()}, measured in docs/benchmarks.md.
 *
 * <p>Thread-safe; reads only.
 */
final class TextSearcher {
  /** What {@code expand} does. */
  enum Expansion {
    /** RM3 on the keyword branch. */
    RM3,
    /** Rocchio on the dense branch. */
    ROCCHIO,
    /** Both. */
    BOTH
  }

  /**
   * The expansion {@code expand} turns on: {@code -Dvectorizer.text.expansion=rm3|rocchio|both}
   * (read at each query, so the benchmark can compare them in one run).
   */
  static Expansion expansion() {
    return Expansion.valueOf(
        System.getProperty("vectorizer.text.expansion", "rm3").toUpperCase(Locale.ROOT));
  }

  /**
   * The least cosine similarity between two query embeddings for the second to be answered from the
   * cache: {@code -Dvectorizer.text.cacheSimilarity} (default 0.97); above 1 turns the cache off
   * (the benchmark measures searches, not cache hits).
   */
  static double cacheSimilarity() {
    return Double.parseDouble(System.getProperty("vectorizer.text.cacheSimilarity", "0.97"));
  }

  /** Dense and keyword weights of an exact-token query (measured: docs/benchmarks.md). */
  static final double[] EXACT_WEIGHTS = {0.3, 0.7};

  private static final int ROCCHIO_DOCS = 3;
  private static final float ROCCHIO_BETA = 0.5f;

  private final Collection collection;
  private final Embedder embedder;
  private final KeywordIndex keywords;
  private final LongSupplier generation;
  private final Function<List<String>, List<Map<String, Object>>> payloads;
  private final QueryCache cache;
  private final boolean foreign;

  /** Recent query texts analyzed: a repeated query skips Lucene's analysis. */
  private final Cache<String, Analyzed> analyzed = Caffeine.newBuilder().maximumSize(1024).build();

  TextSearcher(Collection collection, Embedder embedder, SearchSupport support) {
    this.collection = collection;
    this.embedder = embedder;
    this.keywords = support.keywords();
    this.generation = support.generation();
    this.payloads = support.payloads();
    this.cache = support.cache();
    this.foreign = support.foreign();
  }

  /**
   * A query text's keyword query, its terms sorted (the cache key's part), and its identifier-like
   * tokens.
   */
  private record Analyzed(KeywordQuery query, List<String> sortedTerms, List<String> identifiers) {}

  private Analyzed analyze(String text) {
    List<String> terms = keywords.analyzer().queryTerms(text);
    List<String> sorted = new ArrayList<>(terms);
    Collections.sort(sorted);
    return new Analyzed(
        KeywordQuery.of(terms), List.copyOf(sorted), keywords.analyzer().identifiers(text));
  }

  /**
   * The fusion of a hybrid search: the query's, and when it sets no weights, {@link #EXACT_WEIGHTS}
   * for an exact-token query (one with an identifier-like token that some chunk holds as written:
   * the user asks for that token, the keyword branch knows where it is), equal weights otherwise.
   */
  private Fusion fusion(TextQuery q, List<String> identifiers) {
    Fusion f = q.fusion();
    if (f.weights() != null || identifiers.isEmpty()) {
      return f;
    }
    for (String id : identifiers) {
      if (keywords.docFreq(id) > 0) {
        return f.withWeights(EXACT_WEIGHTS);
      }
    }
    return f;
  }

  SearchMode modeOf(TextQuery q) {
    SearchMode mode =
        q.mode() != null ? q.mode() : keywords != null ? SearchMode.HYBRID : SearchMode.DENSE;
    if (mode != SearchMode.DENSE && foreign) {
      throw new UnsupportedOperationException(
          "collection '"
              + collection.name()
              + "' is stored by another engine ("
              + collection.getClass().getSimpleName()
              + "), which keeps no keyword postings, so it cannot be searched in "
              + mode.name().toLowerCase(Locale.ROOT)
              + " mode: search it in dense mode, or index the texts into a local store"
              + " (VectorStore.open) for keyword and hybrid search");
    }
    if (mode != SearchMode.DENSE && keywords == null) {
      throw new IllegalArgumentException(
          "collection '"
              + collection.name()
              + "' has no keyword index, so it cannot be searched in "
              + mode.name().toLowerCase(Locale.ROOT)
              + " mode: search it in dense mode, or re-create it as a text collection");
    }
    return mode;
  }

  /** Searches; {@code grouped} keeps the best chunk per text ({@code q.limit()} texts). */
  List<TextHit> search(TextQuery q, boolean grouped) {
    SearchMode mode = modeOf(q);
    List<String> terms = null;
    KeywordQuery kq = null;
    Fusion fusion = null;
    if (mode != SearchMode.DENSE) {
      Analyzed a = analyzed.get(q.text(), this::analyze);
      kq = a.query();
      terms = a.sortedTerms();
      fusion = mode == SearchMode.HYBRID ? fusion(q, a.identifiers()) : null;
    }
    float[] vector = mode != SearchMode.KEYWORD ? embedder.embedQuery(q.text()) : null;
    QueryCache.Key key =
        new QueryCache.Key(
            collection.name(),
            generation.getAsLong(),
            mode,
            q.limit(),
            q.filter(),
            fusion,
            q.expand(),
            mode == SearchMode.HYBRID ? q.effectiveCandidates() : 0,
            grouped,
            terms);
    double similarity = cacheSimilarity();
    boolean caching = cache != null && similarity <= 1;
    List<TextHit> cached = caching ? cache.get(collection.name(), key, vector, similarity) : null;
    if (cached != null) {
      return cached;
    }
    List<TextHit> hits =
        grouped
            ? grouped(q, mode, fusion, vector, kq)
            : run(q, mode, fusion, vector, kq, q.limit());
    if (caching && key.generation() == generation.getAsLong()) {
      cache.put(key, vector, hits); // not when a write raced the search: its key is stale anyway
    }
    return hits;
  }

  private List<TextHit> grouped(
      TextQuery q, SearchMode mode, Fusion fusion, float[] vector, KeywordQuery kq) {
    int limit = q.limit();
    int fetch = Math.min(SearchRequest.MAX_LIMIT, Math.max(limit * 4, limit + 10));
    while (true) {
      List<TextHit> hits = run(q, mode, fusion, vector, kq, fetch);
      Map<String, TextHit> best = new LinkedHashMap<>();
      for (TextHit h : hits) {
        best.putIfAbsent(h.sourceId(), h);
        if (best.size() == limit) {
          break;
        }
      }
      if (best.size() >= limit || hits.size() < fetch || fetch == SearchRequest.MAX_LIMIT) {
        return List.copyOf(best.values());
      }
      fetch = Math.min(SearchRequest.MAX_LIMIT, fetch * 4);
    }
  }

  private List<TextHit> run(
      TextQuery q, SearchMode mode, Fusion fusion, float[] vector, KeywordQuery kq, int limit) {
    Expansion expansion = q.expand() ? expansion() : null;
    boolean rm3 = expansion != null && expansion != Expansion.ROCCHIO;
    boolean rocchio = expansion != null && expansion != Expansion.RM3;
    switch (mode) {
      case DENSE -> {
        List<Hit> dense = dense(vector, limit, q, rocchio, true);
        List<TextHit> out = new ArrayList<>(dense.size());
        for (int i = 0; i < dense.size(); i++) {
          Hit h = dense.get(i);
          out.add(toTextHit(h, h.score(), branch(i, h), null));
        }
        return List.copyOf(out);
      }
      case KEYWORD -> {
        List<Hit> kw = keyword(kq, limit, q, rm3, true);
        List<TextHit> out = new ArrayList<>(kw.size());
        for (int i = 0; i < kw.size(); i++) {
          Hit h = kw.get(i);
          out.add(toTextHit(h, h.score(), null, branch(i, h)));
        }
        return List.copyOf(out);
      }
      default -> {
        // Both branches without payloads: only the fused winners' are read.
        int candidates = Math.max(limit, q.effectiveCandidates());
        List<Hit> dense = dense(vector, candidates, q, rocchio, false);
        List<Hit> kw = keyword(kq, candidates, q, rm3, false);
        List<Fusion.Fused<Hit>> fused = fusion.fuseHits(List.of(dense, kw), limit);
        List<String> ids = new ArrayList<>(fused.size());
        for (Fusion.Fused<Hit> f : fused) {
          ids.add(f.item().id());
        }
        List<Map<String, Object>> current = payloads.apply(ids);
        List<TextHit> out = new ArrayList<>(fused.size());
        for (int i = 0; i < fused.size(); i++) {
          Fusion.Fused<Hit> f = fused.get(i);
          if (current.get(i) == null) {
            continue; // deleted since the branch found it
          }
          out.add(
              toTextHit(
                  Hit.of(f.item().id(), f.item().score(), current.get(i), null),
                  (float) f.score(),
                  f.rank(0) == 0 ? null : new TextHit.Branch(f.rank(0), (float) f.score(0)),
                  f.rank(1) == 0 ? null : new TextHit.Branch(f.rank(1), (float) f.score(1))));
        }
        return List.copyOf(out);
      }
    }
  }

  private List<Hit> dense(
      float[] vector, int limit, TextQuery q, boolean rocchio, boolean payloads) {
    SearchRequest r =
        SearchRequest.of(vector).limit(limit).filter(q.filter()).includePayload(payloads);
    if (!rocchio) {
      return collection.search(r);
    }
    List<Hit> first =
        collection.search(r.limit(ROCCHIO_DOCS).includeVector(true).includePayload(false));
    if (first.isEmpty()) {
      return collection.search(r);
    }
    float[] moved = unit(vector);
    float[] mean = new float[vector.length];
    for (Hit h : first) {
      float[] u = unit(h.vector());
      for (int i = 0; i < mean.length; i++) {
        mean[i] += u[i] / first.size();
      }
    }
    for (int i = 0; i < moved.length; i++) {
      moved[i] += ROCCHIO_BETA * mean[i];
    }
    return collection.search(
        SearchRequest.of(moved).limit(limit).filter(q.filter()).includePayload(payloads));
  }

  private List<Hit> keyword(
      KeywordQuery kq, int limit, TextQuery q, boolean rm3, boolean payloads) {
    if (kq.isEmpty()) {
      return List.of(); // only stop words: nothing to match
    }
    if (!rm3) {
      return keywords.search(kq, limit, q.filter(), payloads);
    }
    List<Hit> first = keywords.search(kq, Rm3.DOCS, q.filter(), true);
    List<AnalyzedText> texts = new ArrayList<>(first.size());
    float[] scores = new float[first.size()];
    for (int i = 0; i < first.size(); i++) {
      Object text = first.get(i).payload().get("text");
      texts.add(text instanceof String s ? keywords.analyzer().analyze(s) : AnalyzedText.EMPTY);
      scores[i] = first.get(i).score();
    }
    KeywordQuery expanded = Rm3.expand(kq, texts, scores, keywords::docFreq, keywords.docCount());
    return keywords.search(expanded, limit, q.filter(), payloads);
  }

  private static TextHit.Branch branch(int index, Hit h) {
    return new TextHit.Branch(index + 1, h.score());
  }

  private static float[] unit(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    float inv = (float) (1 / Math.sqrt(sum));
    float[] u = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = v[i] * inv;
    }
    return u;
  }

  static TextHit toTextHit(Hit h, float score, TextHit.Branch dense, TextHit.Branch keyword) {
    Map<String, Object> p = h.payload();
    Map<String, Object> user = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : p.entrySet()) {
      if (!ChunkedTextCollection.RESERVED.contains(e.getKey())) {
        user.put(e.getKey(), e.getValue());
      }
    }
    return new TextHit(
        (String) p.get("source"),
        ((Number) p.get("chunk")).intValue(),
        ((Number) p.get("start")).intValue(),
        ((Number) p.get("end")).intValue(),
        (String) p.get("text"),
        score,
        Collections.unmodifiableMap(user),
        dense,
        keyword);
  }
}
