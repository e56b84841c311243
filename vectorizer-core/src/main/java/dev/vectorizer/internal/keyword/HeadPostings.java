package dev.vectorizer.internal.keyword;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;

/**
 * The growing postings of a head segment, maintained as points are applied (live writes and WAL
 * replay alike).
 *
 * <p>Concurrency: many writers and readers at once. Each term's list appends under its own monitor
 * and publishes by a volatile size written after the entry (and after the arrays, when they grow);
 * a reader reads the size first, then the arrays. Norms are written before the ordinal's postings,
 * and an ordinal is published to searches (live bit) only after {@link #add} returns, so a reader
 * that reaches an ordinal through a posting sees its norm.
 */
public final class HeadPostings implements Postings {
  private static final int PAGE_SHIFT = 14;
  private static final int PAGE_SIZE = 1 << PAGE_SHIFT;

  private final ConcurrentHashMap<String, GrowingList> lists = new ConcurrentHashMap<>();
  private volatile byte[][] normPages = new byte[0][];
  private final AtomicLong docCount = new AtomicLong();
  private final AtomicLong sumTotalTermFreq = new AtomicLong();
  private final AtomicInteger bound = new AtomicInteger();

  /**
   * Indexes an ordinal's terms. Call once per ordinal, before the ordinal is published.
   *
   * @param ord the ordinal
   * @param text its analyzed text
   */
  public void add(int ord, AnalyzedText text) {
    if (text.isEmpty()) {
      return;
    }
    setNorm(ord, Norms.encode(text.length()));
    long total = 0;
    String[] terms = text.terms();
    int[] freqs = text.freqs();
    for (int i = 0; i < terms.length; i++) {
      lists.computeIfAbsent(terms[i], t -> new GrowingList()).add(ord, freqs[i]);
      total += freqs[i];
    }
    docCount.incrementAndGet();
    sumTotalTermFreq.addAndGet(total);
    bound.accumulateAndGet(ord + 1, Math::max);
  }

  /**
   * Adds the postings of another segment, renumbered (a head rebuilt without its deleted points, or
   * segments merged into a new one). Call before any of the new ordinals is published.
   *
   * @param source the postings to copy
   * @param map the new ordinal of a source ordinal, or -1 to leave it out
   */
  public void addAll(Postings source, IntUnaryOperator map) {
    int sourceBound = source.ordinalBound();
    long docs = 0;
    int maxOrd = -1;
    for (int ord = 0; ord < sourceBound; ord++) {
      int norm = source.norm(ord);
      int to = norm == 0 ? -1 : map.applyAsInt(ord);
      if (to >= 0) {
        setNorm(to, norm);
        docs++;
        maxOrd = Math.max(maxOrd, to);
      }
    }
    long total = 0;
    for (String term : source.terms()) {
      PostingList l = source.postings(term);
      if (l == null) {
        continue;
      }
      GrowingList target = null;
      for (int i = 0; i < l.size(); i++) {
        int to = map.applyAsInt(l.docs()[i]);
        if (to >= 0) {
          if (target == null) {
            target = lists.computeIfAbsent(term, t -> new GrowingList());
          }
          target.add(to, l.freqs()[i]);
          total += l.freqs()[i];
        }
      }
    }
    docCount.addAndGet(docs);
    sumTotalTermFreq.addAndGet(total);
    int newBound = maxOrd + 1;
    bound.accumulateAndGet(newBound, Math::max);
  }

  private void setNorm(int ord, int norm) {
    int pi = ord >>> PAGE_SHIFT;
    byte[][] pages = normPages;
    if (pi >= pages.length) {
      synchronized (this) {
        pages = normPages;
        if (pi >= pages.length) {
          byte[][] grown = Arrays.copyOf(pages, Math.max(pi + 1, pages.length * 2));
          for (int i = pages.length; i < grown.length; i++) {
            grown[i] = new byte[PAGE_SIZE];
          }
          normPages = grown;
          pages = grown;
        }
      }
    }
    pages[pi][ord & (PAGE_SIZE - 1)] = (byte) norm;
  }

  @Override
  public int norm(int ord) {
    byte[][] pages = normPages;
    int pi = ord >>> PAGE_SHIFT;
    return pi < pages.length ? pages[pi][ord & (PAGE_SIZE - 1)] & 0xFF : 0;
  }

  @Override
  public PostingList postings(String term) {
    GrowingList l = lists.get(term);
    return l == null ? null : l.snapshot();
  }

  @Override
  public long docCount() {
    return docCount.get();
  }

  @Override
  public long sumTotalTermFreq() {
    return sumTotalTermFreq.get();
  }

  @Override
  public int ordinalBound() {
    return bound.get();
  }

  @Override
  public Iterable<String> terms() {
    return lists.keySet();
  }

  /** One term's list: append under the monitor, publish through the volatile size. */
  private static final class GrowingList {
    private volatile int[][] arrays = {new int[2], new int[2]};
    private volatile int size;

    synchronized void add(int doc, int freq) {
      int[][] a = arrays;
      int n = size;
      if (n == a[0].length) {
        int cap = n + (n >> 1) + 2;
        a = new int[][] {Arrays.copyOf(a[0], cap), Arrays.copyOf(a[1], cap)};
        arrays = a;
      }
      a[0][n] = doc;
      a[1][n] = freq;
      size = n + 1;
    }

    PostingList snapshot() {
      int n = size;
      int[][] a = arrays;
      return new PostingList(a[0], a[1], n);
    }
  }
}
