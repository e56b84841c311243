package dev.vectorizer.internal.engine;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Hit;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.internal.filter.PayloadPredicate;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.index.Segment;
import dev.vectorizer.internal.kernels.VectorKernels;
import dev.vectorizer.internal.quant.SegmentCodes;
import dev.vectorizer.internal.search.GraphSearcher;
import dev.vectorizer.internal.search.QueryScorer;
import dev.vectorizer.internal.search.SearchPlan;
import dev.vectorizer.internal.search.TopK;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;

/**
 * One search over a collection's segments: plan (graph or exact scan, {@link SearchPlan}), run per
 * segment, merge by score, drop duplicate ids of an in-flight upsert, apply the threshold.
 *
 * <p>Stateless; callers hold the collection's read lock for the duration.
 */
final class SegmentSearch {
  private static final int SELECTIVITY_SAMPLE = 1024;

  private SegmentSearch() {}

  static List<Hit> run(
      List<Segment> segments,
      CollectionConfig config,
      VectorKernels kernels,
      SearchRequest request,
      float[] query,
      PayloadPredicate predicate,
      LongAdder graphSearches,
      LongAdder exactSearches) {
    List<Segment> segs = segments;
    int limit = request.limit();
    int beam =
        Math.max(limit, request.beamWidth() > 0 ? request.beamWidth() : config.searchBeamWidth());
    QueryScorer base = new QueryScorer(config.metric(), kernels, segs.get(0), query);
    long live = 0;
    double matches = 0;
    for (Segment s : segs) {
      long n = s.liveCount();
      live += n;
      matches += predicate == null ? n : estimateMatches(s, predicate, n);
    }
    boolean exact =
        request.exact()
            || SearchPlan.preferExact(live, matches, beam, config.exactSearchThreshold());
    Candidates found = null;
    if (!exact) {
      found = new Candidates();
      boolean walked = false;
      for (Segment s : segs) {
        if (s.liveCount() == 0) {
          continue;
        }
        if (!s.hasGraph()) {
          found.add(s, exactScan(s, base.over(s), accept(s, predicate), beam));
          continue;
        }
        found.add(s, graphSearch(s, base.over(s), accept(s, predicate), beam));
        walked = true;
      }
      (walked ? graphSearches : exactSearches).increment();
      if (found.size < limit && found.size < live) {
        // The graph could not reach enough accepted points (a selective filter, or a region cut
        // off by deletes): answer exactly rather than return fewer hits than exist.
        found = null;
      }
    }
    if (found == null) {
      found = new Candidates();
      for (Segment s : segs) {
        found.add(s, exactScan(s, base.over(s), accept(s, predicate), limit));
      }
      exactSearches.increment();
    }
    return found.toHits(base, request);
  }

  /**
   * Walks a segment's graph. A quantized segment walks on its codes' approximate scores, then
   * rescores everything the beam kept at full precision: the over-fetched list is the beam, so
   * {@link SearchRequest#beamWidth(int)} trades speed for recall as it does without codes.
   */
  private static TopK graphSearch(Segment s, QueryScorer exact, IntPredicate accept, int beam) {
    GraphSearcher searcher = GraphSearcher.forCurrentThread();
    SegmentCodes codes = s instanceof SealedSegment sealed ? sealed.codes() : null;
    TopK top = new TopK(beam);
    if (codes == null) {
      searcher.search(s.graphAccess(), exact, accept, top);
      return top;
    }
    searcher.search(s.graphAccess(), codes.scorer(exact.preparedQuery()), accept, top);
    int n = top.size();
    int[] nodes = new int[n];
    float[] scores = new float[n];
    top.drainBestFirst(nodes, scores);
    exact.score(nodes, n, scores);
    TopK reranked = new TopK(Math.max(1, n));
    for (int i = 0; i < n; i++) {
      reranked.offer(nodes[i], scores[i]);
    }
    return reranked;
  }

  private static IntPredicate accept(Segment s, PayloadPredicate predicate) {
    return predicate == null ? s::isLive : ord -> s.isLive(ord) && predicate.test(s.payload(ord));
  }

  /** Candidates from several segments, merged by score. */
  private static final class Candidates {
    private final List<Segment> owners = new ArrayList<>();
    private final List<int[]> nodes = new ArrayList<>();
    private final List<float[]> scores = new ArrayList<>();
    int size;

    void add(Segment s, TopK top) {
      int n = top.size();
      int[] ns = new int[n];
      float[] ss = new float[n];
      top.drainBestFirst(ns, ss);
      owners.add(s);
      nodes.add(ns);
      scores.add(ss);
      size += n;
    }

    List<Hit> toHits(QueryScorer scorer, SearchRequest request) {
      Float threshold = request.scoreThreshold();
      float minInternal =
          threshold == null ? Float.NEGATIVE_INFINITY : scorer.toInternalScore(threshold);
      int[] cursor = new int[owners.size()];
      List<Hit> hits = new ArrayList<>(Math.min(size, request.limit()));
      // Duplicates come only from an upsert in flight (old and new version both live for an
      // instant, in the head or across segments); one sealed segment cannot hold them.
      Set<String> seen =
          owners.size() == 1 && owners.get(0) instanceof SealedSegment ? null : new HashSet<>();
      while (hits.size() < request.limit()) {
        int best = -1;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < owners.size(); i++) {
          if (cursor[i] < nodes.get(i).length
              && (best < 0 || scores.get(i)[cursor[i]] > bestScore)) {
            best = i;
            bestScore = scores.get(i)[cursor[i]];
          }
        }
        if (best < 0 || bestScore < minInternal) {
          break;
        }
        Segment s = owners.get(best);
        int ord = nodes.get(best)[cursor[best]++];
        String id = s.id(ord);
        if (seen != null && !seen.add(id)) {
          continue; // an upsert in flight: its old and new versions were both live for an instant
        }
        hits.add(
            Hit.of(
                id,
                scorer.toUserScore(bestScore),
                request.includePayload() ? s.payload(ord) : Map.of(),
                request.includeVector() ? s.vector(ord).clone() : null));
      }
      return hits;
    }
  }

  private static double estimateMatches(Segment s, PayloadPredicate predicate, long live) {
    int bound = s.ordinalBound();
    int step = Math.max(1, bound / SELECTIVITY_SAMPLE);
    int seen = 0;
    int matched = 0;
    for (int ord = step / 2; ord < bound; ord += step) {
      if (s.isLive(ord)) {
        seen++;
        if (predicate.test(s.payload(ord))) {
          matched++;
        }
      }
    }
    return seen == 0 ? live : (double) matched / seen * live;
  }

  private static TopK exactScan(Segment s, QueryScorer scorer, IntPredicate accept, int k) {
    TopK top = new TopK(k);
    int bound = s.ordinalBound();
    int[] batch = new int[64];
    float[] scores = new float[batch.length];
    int n = 0;
    for (int ord = 0; ord < bound; ord++) {
      if (accept.test(ord)) {
        batch[n++] = ord;
        if (n == batch.length) {
          offerAll(scorer, batch, n, scores, top);
          n = 0;
        }
      }
    }
    offerAll(scorer, batch, n, scores, top);
    return top;
  }

  private static void offerAll(QueryScorer scorer, int[] ords, int n, float[] scores, TopK top) {
    scorer.score(ords, n, scores);
    for (int i = 0; i < n; i++) {
      top.offer(ords[i], scores[i]);
    }
  }
}
