package dev.vectorizer.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * What a collection must hold after a run of the stress suites: each live id's vector and the
 * {@code "batch"} payload field of the write that put it there. {@link #verify} compares a real
 * collection with it by id, by count, and by searches checked against brute force over this state.
 *
 * <p>Not thread-safe.
 */
public final class ExpectedState {
  /** The payload field naming the write (batch) that stored a point. */
  public static final String BATCH = "batch";

  private static final int LIMIT = 10;

  /**
   * A live point.
   *
   * @param vector its vector
   * @param batch the write that stored it
   */
  public record Entry(float[] vector, long batch) {}

  private final Metric metric;
  private final Map<String, Entry> live = new HashMap<>();

  /**
   * Creates an empty state.
   *
   * @param metric the collection's metric, for the brute-force scores
   */
  public ExpectedState(Metric metric) {
    this.metric = metric;
  }

  /**
   * Records an upsert.
   *
   * @param id the id
   * @param vector the vector
   * @param batch the write's batch number
   */
  public void put(String id, float[] vector, long batch) {
    live.put(id, new Entry(vector, batch));
  }

  /**
   * Records a delete.
   *
   * @param id the id
   */
  public void remove(String id) {
    live.remove(id);
  }

  /**
   * The live point of an id.
   *
   * @param id the id
   * @return the entry, or null when the id is not live
   */
  public Entry get(String id) {
    return live.get(id);
  }

  /**
   * The live ids whose batch is this one.
   *
   * @param batch the batch number
   * @return the ids
   */
  public Set<String> idsOfBatch(long batch) {
    Set<String> out = new HashSet<>();
    for (Map.Entry<String, Entry> e : live.entrySet()) {
      if (e.getValue().batch() == batch) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /**
   * The number of live points.
   *
   * @return the count
   */
  public int size() {
    return live.size();
  }

  /**
   * Whether a stored point is this entry (same vector and batch).
   *
   * @param actual the point read back, or empty
   * @param expected the entry, or null for "not live"
   * @return whether they agree
   */
  public static boolean same(Optional<Point> actual, Entry expected) {
    if (expected == null || actual.isEmpty()) {
      return expected == null && actual.isEmpty();
    }
    Object batch = actual.get().payload().get(BATCH);
    return java.util.Arrays.equals(expected.vector(), actual.get().vector())
        && batch instanceof Number n
        && n.longValue() == expected.batch();
  }

  /**
   * Checks a collection against this state: the count, every id of {@code universe} by {@code get},
   * and exact, approximate and filtered searches (every hit live, with its true score, in order;
   * exact searches return the true top scores).
   *
   * @param c the collection
   * @param universe every id that may exist
   * @param seed seeds the queries
   * @param when names the moment, for messages
   */
  public void verify(Collection c, java.util.Collection<String> universe, long seed, String when) {
    assertEquals(live.size(), c.count(), when + ": count");
    for (String id : universe) {
      Entry expected = live.get(id);
      Optional<Point> actual = c.get(id);
      if (expected == null) {
        assertTrue(actual.isEmpty(), when + ": " + id + " should not exist, found " + actual);
      } else {
        assertTrue(actual.isPresent(), when + ": acknowledged " + id + " is lost");
        assertArrayEquals(expected.vector(), actual.get().vector(), when + ": vector of " + id);
        Object batch = actual.get().payload().get(BATCH);
        assertTrue(
            batch instanceof Number n && n.longValue() == expected.batch(),
            when + ": " + id + " has batch " + batch + ", expected " + expected.batch());
      }
    }
    Random r = new Random(seed);
    int dim = c.config().dimension();
    for (int q = 0; q < 4; q++) {
      float[] query = new float[dim];
      for (int i = 0; i < dim; i++) {
        query[i] = (float) r.nextGaussian();
      }
      List<Hit> exact = c.search(SearchRequest.of(query).limit(LIMIT).exact(true));
      checkHits(exact, query, null, true, when + ": exact search");
      List<Hit> graph = c.search(SearchRequest.of(query).limit(LIMIT));
      checkHits(graph, query, null, false, when + ": graph search");
      if (!live.isEmpty()) {
        List<Entry> entries = new ArrayList<>(live.values());
        long batch = entries.get(r.nextInt(entries.size())).batch();
        List<Hit> filtered =
            c.search(SearchRequest.of(query).limit(LIMIT).filter(Filter.eq(BATCH, batch)));
        checkHits(filtered, query, batch, true, when + ": search filtered by batch " + batch);
      }
    }
  }

  /**
   * Checks search hits: distinct live ids, each with its true score, best first; when {@code
   * complete}, exactly the best {@code min(limit, matching)} scores.
   */
  private void checkHits(List<Hit> hits, float[] query, Long batch, boolean complete, String what) {
    List<Double> truth = new ArrayList<>();
    live.forEach(
        (id, e) -> {
          if (batch == null || e.batch() == batch) {
            truth.add(TestVectors.score(metric, e.vector(), query));
          }
        });
    Comparator<Double> best =
        metric.higherIsBetter() ? Comparator.reverseOrder() : Comparator.naturalOrder();
    truth.sort(best);
    assertEquals(Math.min(LIMIT, truth.size()), hits.size(), what + ": hits " + hits);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < hits.size(); i++) {
      Hit h = hits.get(i);
      assertTrue(seen.add(h.id()), what + ": duplicate hit " + h.id());
      Entry e = live.get(h.id());
      assertTrue(e != null, what + ": hit " + h.id() + " is not a live point");
      if (batch != null) {
        assertEquals(batch.longValue(), e.batch(), what + ": hit " + h.id() + " fails the filter");
      }
      double score = TestVectors.score(metric, e.vector(), query);
      assertEquals(score, h.score(), tolerance(score), what + ": score of " + h.id());
      if (i > 0) {
        assertTrue(
            best.compare((double) hits.get(i - 1).score(), (double) h.score()) <= 0,
            what + ": hits out of order " + hits);
      }
      if (complete) {
        assertEquals(truth.get(i), h.score(), tolerance(truth.get(i)), what + ": rank " + i);
      }
    }
  }

  private static double tolerance(double score) {
    return 1e-4 * Math.max(1, Math.abs(score));
  }
}
