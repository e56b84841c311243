package dev.vectorizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Merges several ranked result lists into one: a pure function of the lists, usable on any hits
 * (two queries, two collections, the dense and keyword branches of a {@link SearchMode#HYBRID}
 * search). Three methods, each with an optional weight per list (default 1):
 *
 * <ul>
 *   <li>{@link #rrf()} reciprocal rank fusion: {@code score(d) = sum over lists of w / (k +
 *       rank(d))}, ranks from 1, {@code k} the rank constant (default {@value
 *       #DEFAULT_RANK_CONSTANT}, as Elasticsearch and the original paper). Scores are ignored.
 *   <li>{@link #dbsf()} distribution-based score fusion, as Qdrant's: each list's scores are mapped
 *       by {@code (s - (mean - 3 sd)) / (6 sd)} (sample standard deviation; a list of one, or of
 *       equal scores, maps to 0.5), multiplied by the weight and summed.
 *   <li>{@link #weighted(double...)} weighted score fusion: each list's scores are min-max
 *       normalised to [0, 1] (a list of equal scores maps to 1), multiplied by the weight and
 *       summed.
 * </ul>
 *
 * <p>An item missing from a list contributes nothing for that list. Scores must be
 * higher-is-better: for {@link Metric#EUCLIDEAN} distances pass {@code h -> -h.score()}. Ties are
 * broken by the best rank in any list, then by the order of first appearance, so a fusion is
 * deterministic.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Fusion {
  /** The default rank constant of {@link #rrf()}. */
  public static final int DEFAULT_RANK_CONSTANT = 60;

  /** The fusion methods. */
  public enum Method {
    /** Reciprocal rank fusion. */
    RRF,
    /** Distribution-based score fusion. */
    DBSF,
    /** Weighted sum of min-max normalised scores. */
    WEIGHTED
  }

  private final Method method;
  private final int rankConstant;
  private final double @Nullable [] weights;

  private Fusion(Method method, int rankConstant, double @Nullable [] weights) {
    this.method = method;
    this.rankConstant = rankConstant;
    this.weights = weights;
  }

  /**
   * Reciprocal rank fusion with the rank constant {@value #DEFAULT_RANK_CONSTANT}.
   *
   * @return the fusion
   */
  public static Fusion rrf() {
    return new Fusion(Method.RRF, DEFAULT_RANK_CONSTANT, null);
  }

  /**
   * Reciprocal rank fusion with a rank constant.
   *
   * @param rankConstant 0 to 100,000; larger values flatten the advantage of the top ranks
   * @return the fusion
   */
  public static Fusion rrf(int rankConstant) {
    if (rankConstant < 0 || rankConstant > 100_000) {
      throw new IllegalArgumentException(
          "RRF rank constant must be between 0 and 100000, got " + rankConstant);
    }
    return new Fusion(Method.RRF, rankConstant, null);
  }

  /**
   * Distribution-based score fusion (mean ± 3 standard deviations).
   *
   * @return the fusion
   */
  public static Fusion dbsf() {
    return new Fusion(Method.DBSF, DEFAULT_RANK_CONSTANT, null);
  }

  /**
   * Weighted fusion of min-max normalised scores.
   *
   * @param weights one per list, finite and {@code >= 0}; none for equal weights
   * @return the fusion
   */
  public static Fusion weighted(double... weights) {
    return new Fusion(Method.WEIGHTED, DEFAULT_RANK_CONSTANT, null).withWeights(weights);
  }

  /**
   * The method by name, ignoring case ({@code rrf}, {@code dbsf}, {@code weighted}), with its
   * defaults.
   *
   * @param name the name
   * @return the fusion
   * @throws IllegalArgumentException naming the allowed values
   */
  public static Fusion parse(@Nullable String name) {
    if (name != null) {
      for (Method m : Method.values()) {
        if (m.name().equalsIgnoreCase(name.strip())) {
          return new Fusion(m, DEFAULT_RANK_CONSTANT, null);
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown fusion '"
            + name
            + "': allowed values are "
            + String.join(
                ", ",
                Arrays.stream(Method.values())
                    .map(m -> m.name().toLowerCase(Locale.ROOT))
                    .toList()));
  }

  /**
   * The same method with a weight per list (in the order the lists are given to {@link #fuse}).
   *
   * @param weights finite and {@code >= 0}; none for equal weights
   * @return a new fusion
   * @throws IllegalArgumentException naming a negative or non-finite weight
   */
  public Fusion withWeights(double @Nullable ... weights) {
    if (weights == null || weights.length == 0) {
      return new Fusion(method, rankConstant, null);
    }
    for (int i = 0; i < weights.length; i++) {
      double w = weights[i];
      if (!Double.isFinite(w) || w < 0) {
        throw new IllegalArgumentException(
            "fusion weight " + (i + 1) + " must be finite and >= 0, got " + w);
      }
    }
    return new Fusion(method, rankConstant, weights.clone());
  }

  /**
   * The method.
   *
   * @return the method
   */
  public Method method() {
    return method;
  }

  /**
   * The rank constant (used by {@link Method#RRF}).
   *
   * @return the constant
   */
  public int rankConstant() {
    return rankConstant;
  }

  /**
   * The weights, or null for equal weights.
   *
   * @return a copy of the weights, or null
   */
  public double @Nullable [] weights() {
    return weights == null ? null : weights.clone();
  }

  /**
   * Fuses search hits by id; scores must be higher-is-better (see the class comment).
   *
   * @param lists ranked lists, best first
   * @param limit the most items to return, {@code >= 1}
   * @return the fused items, best first
   */
  public List<Fused<Hit>> fuseHits(List<? extends List<Hit>> lists, int limit) {
    return fuse(lists, Hit::id, Hit::score, limit);
  }

  /**
   * Fuses ranked lists of any items.
   *
   * @param lists ranked lists, best first; an item appears at most once per list (later repeats are
   *     ignored)
   * @param key identifies the same item across lists (equals and hashCode)
   * @param score an item's score in its list, higher is better (ignored by {@link Method#RRF})
   * @param limit the most items to return, {@code >= 1}
   * @param <T> the item type
   * @return the fused items, best first; each keeps the item as first seen
   * @throws IllegalArgumentException when the weights do not match the number of lists, or a score
   *     is not finite
   */
  public <T> List<Fused<T>> fuse(
      List<? extends List<? extends T>> lists,
      Function<? super T, ?> key,
      ToDoubleFunction<? super T> score,
      int limit) {
    Objects.requireNonNull(lists, "lists");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(score, "score");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    int n = lists.size();
    if (weights != null && weights.length != n) {
      throw new IllegalArgumentException(
          "fusion has " + weights.length + " weights for " + n + " lists: give one per list");
    }
    // Flat arrays by position of first appearance; Fused objects only for the winners.
    int total = 0;
    for (int li = 0; li < n; li++) {
      total += Objects.requireNonNull(lists.get(li), "list " + (li + 1)).size();
    }
    Map<Object, Integer> position = new HashMap<>(Math.max(16, total * 2));
    List<T> items = new ArrayList<>(total);
    double[] fused = new double[total];
    int[] ranks = new int[total * n];
    double[] scores = new double[total * n];
    for (int li = 0; li < n; li++) {
      List<? extends T> list = lists.get(li);
      double w = weights == null ? 1.0 : weights[li];
      double[] raw = new double[list.size()];
      for (int r = 0; r < raw.length; r++) {
        raw[r] = score.applyAsDouble(list.get(r));
        if (!Double.isFinite(raw[r])) {
          throw new IllegalArgumentException(
              "score "
                  + raw[r]
                  + " at rank "
                  + (r + 1)
                  + " of list "
                  + (li + 1)
                  + " is not finite");
        }
      }
      double[] contribution = contributions(raw, w);
      for (int r = 0; r < raw.length; r++) {
        T item = list.get(r);
        Integer known = position.putIfAbsent(key.apply(item), items.size());
        int p = known == null ? items.size() : known;
        if (known == null) {
          items.add(item);
        } else if (ranks[p * n + li] != 0) {
          continue; // a repeat within one list
        }
        ranks[p * n + li] = r + 1;
        scores[p * n + li] = raw[r];
        fused[p] += contribution[r];
      }
    }
    int count = items.size();
    int[] bestRank = new int[count];
    for (int p = 0; p < count; p++) {
      int best = Integer.MAX_VALUE;
      for (int li = 0; li < n; li++) {
        int r = ranks[p * n + li];
        if (r > 0 && r < best) {
          best = r;
        }
      }
      bestRank[p] = best;
    }
    int[] top = Winners.select(fused, bestRank, count, Math.min(limit, count));
    List<Fused<T>> out = new ArrayList<>(top.length);
    for (int p : top) {
      int[] r = Arrays.copyOfRange(ranks, p * n, p * n + n);
      double[] sc = Arrays.copyOfRange(scores, p * n, p * n + n);
      for (int li = 0; li < n; li++) {
        if (r[li] == 0) {
          sc[li] = Double.NaN;
        }
      }
      out.add(new Fused<>(items.get(p), fused[p], r, sc));
    }
    return Collections.unmodifiableList(out);
  }

  /** Picks the best positions: higher score, then better rank, then earlier first appearance. */
  private static final class Winners {
    private Winners() {}

    /** The best {@code k} of {@code count} positions, best first (a bounded heap, worst on top). */
    static int[] select(double[] score, int[] bestRank, int count, int k) {
      int[] heap = new int[k];
      int size = 0;
      for (int p = 0; p < count; p++) {
        if (size < k) {
          int i = size++;
          while (i > 0 && worse(p, heap[(i - 1) >>> 1], score, bestRank)) {
            heap[i] = heap[(i - 1) >>> 1];
            i = (i - 1) >>> 1;
          }
          heap[i] = p;
        } else if (worse(heap[0], p, score, bestRank)) {
          int i = 0;
          while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
              break;
            }
            if (c + 1 < size && worse(heap[c + 1], heap[c], score, bestRank)) {
              c++;
            }
            if (!worse(heap[c], p, score, bestRank)) {
              break;
            }
            heap[i] = heap[c];
            i = c;
          }
          heap[i] = p;
        }
      }
      int[] out = new int[size];
      for (int end = size - 1; end >= 0; end--) { // pop the worst into the back
        out[end] = heap[0];
        int last = heap[end];
        int i = 0;
        while (true) {
          int c = 2 * i + 1;
          if (c >= end) {
            break;
          }
          if (c + 1 < end && worse(heap[c + 1], heap[c], score, bestRank)) {
            c++;
          }
          if (!worse(heap[c], last, score, bestRank)) {
            break;
          }
          heap[i] = heap[c];
          i = c;
        }
        heap[i] = last;
      }
      return out;
    }

    /** Whether position a ranks below position b. */
    private static boolean worse(int a, int b, double[] score, int[] bestRank) {
      if (score[a] != score[b]) {
        return score[a] < score[b];
      }
      if (bestRank[a] != bestRank[b]) {
        return bestRank[a] > bestRank[b];
      }
      return a > b;
    }
  }

  private double[] contributions(double[] raw, double w) {
    double[] c = new double[raw.length];
    switch (method) {
      case RRF -> {
        for (int r = 0; r < raw.length; r++) {
          c[r] = w / (rankConstant + r + 1);
        }
      }
      case DBSF -> {
        if (raw.length == 0) {
          return c;
        }
        double mean = 0;
        for (double s : raw) {
          mean += s;
        }
        mean /= raw.length;
        double ss = 0;
        for (double s : raw) {
          ss += (s - mean) * (s - mean);
        }
        double sd = raw.length < 2 ? 0 : Math.sqrt(ss / (raw.length - 1));
        double low = mean - 3 * sd;
        double range = 6 * sd;
        for (int r = 0; r < raw.length; r++) {
          c[r] = w * (range == 0 ? 0.5 : (raw[r] - low) / range);
        }
      }
      case WEIGHTED -> {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double s : raw) {
          min = Math.min(min, s);
          max = Math.max(max, s);
        }
        for (int r = 0; r < raw.length; r++) {
          c[r] = w * (max == min ? 1.0 : (raw[r] - min) / (max - min));
        }
      }
    }
    return c;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Fusion f
        && method == f.method
        && rankConstant == f.rankConstant
        && Arrays.equals(weights, f.weights);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, rankConstant, Arrays.hashCode(weights));
  }

  @Override
  public String toString() {
    return method.name().toLowerCase(Locale.ROOT)
        + (method == Method.RRF ? "(k=" + rankConstant + ")" : "")
        + (weights == null ? "" : Arrays.toString(weights));
  }

  /**
   * One fused item: the item, its fused score, and its rank and score in each input list.
   *
   * <p>Instances are immutable once returned and thread-safe.
   *
   * @param <T> the item type
   */
  public static final class Fused<T> {
    private final T item;
    private final int[] ranks;
    private final double[] scores;
    private final double score;

    private Fused(T item, double score, int[] ranks, double[] scores) {
      this.item = item;
      this.score = score;
      this.ranks = ranks;
      this.scores = scores;
    }

    /**
     * The item, as it appeared in the first list that has it.
     *
     * @return the item
     */
    public T item() {
      return item;
    }

    /**
     * The fused score (higher is better).
     *
     * @return the score
     */
    public double score() {
      return score;
    }

    /**
     * The item's rank in an input list.
     *
     * @param list the list's index, from 0
     * @return the rank from 1, or 0 when the list does not have the item
     */
    public int rank(int list) {
      return ranks[list];
    }

    /**
     * The item's score in an input list, as given.
     *
     * @param list the list's index, from 0
     * @return the score, or NaN when the list does not have the item
     */
    public double score(int list) {
      return scores[list];
    }

    @Override
    public String toString() {
      return "Fused{" + item + ", score=" + score + ", ranks=" + Arrays.toString(ranks) + '}';
    }
  }
}
