package dev.vectorizer.internal.index;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A growable bit set for concurrent readers and writers, indexed by ordinal.
 *
 * <p>Concurrency: bits live in fixed pages of {@link AtomicLongArray} that never move; set and
 * clear are atomic read-modify-writes of one word; the page directory grows copy-on-write under
 * this object's monitor.
 */
public final class ConcurrentBitSet {
  private static final int WORDS_SHIFT = 10; // 1024 words = 65536 bits a page
  private static final int WORDS_PER_PAGE = 1 << WORDS_SHIFT;
  private static final int BIT_SHIFT = WORDS_SHIFT + 6;

  private volatile AtomicLongArray[] pages = new AtomicLongArray[0];

  /**
   * Whether a bit is set.
   *
   * @param index the ordinal
   * @return whether it is set (false beyond the capacity)
   */
  public boolean get(int index) {
    AtomicLongArray[] p = pages;
    int pi = index >>> BIT_SHIFT;
    if (pi >= p.length) {
      return false;
    }
    return (p[pi].get((index >>> 6) & (WORDS_PER_PAGE - 1)) & (1L << index)) != 0;
  }

  /**
   * Sets a bit.
   *
   * @param index the ordinal
   * @return whether it was clear before
   */
  public boolean set(int index) {
    AtomicLongArray page = page(index);
    int w = (index >>> 6) & (WORDS_PER_PAGE - 1);
    long mask = 1L << index;
    long prev = page.getAndUpdate(w, v -> v | mask);
    return (prev & mask) == 0;
  }

  /**
   * Clears a bit.
   *
   * @param index the ordinal
   * @return whether it was set before
   */
  public boolean clear(int index) {
    AtomicLongArray[] p = pages;
    int pi = index >>> BIT_SHIFT;
    if (pi >= p.length) {
      return false;
    }
    int w = (index >>> 6) & (WORDS_PER_PAGE - 1);
    long mask = 1L << index;
    long prev = p[pi].getAndUpdate(w, v -> v & ~mask);
    return (prev & mask) != 0;
  }

  private AtomicLongArray page(int index) {
    int pi = index >>> BIT_SHIFT;
    AtomicLongArray[] p = pages;
    if (pi < p.length) {
      return p[pi];
    }
    synchronized (this) {
      p = pages;
      if (pi >= p.length) {
        AtomicLongArray[] grown = java.util.Arrays.copyOf(p, pi + 1);
        for (int i = p.length; i < grown.length; i++) {
          grown[i] = new AtomicLongArray(WORDS_PER_PAGE);
        }
        pages = grown;
        p = grown;
      }
      return p[pi];
    }
  }

  /**
   * The bits below a bound as words (bit {@code i % 64} of word {@code i / 64}).
   *
   * @param count the bound
   * @return {@code (count + 63) / 64} words
   */
  public long[] toWords(int count) {
    long[] words = new long[(count + 63) >>> 6];
    for (int i = 0; i < count; i++) {
      if (get(i)) {
        words[i >>> 6] |= 1L << i;
      }
    }
    return words;
  }

  /**
   * A bit set holding these words' bits.
   *
   * @param words bit {@code i % 64} of word {@code i / 64} = bit {@code i}
   * @return the set
   */
  public static ConcurrentBitSet fromWords(long[] words) {
    ConcurrentBitSet set = new ConcurrentBitSet();
    for (int w = 0; w < words.length; w++) {
      long v = words[w];
      while (v != 0) {
        set.set((w << 6) + Long.numberOfTrailingZeros(v));
        v &= v - 1;
      }
    }
    return set;
  }
}
