package dev.vectorizer.internal.index;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A growable array of references indexed by ordinal, safe for concurrent readers and writers.
 *
 * <p>Concurrency: slots live in fixed-size pages that never move, so a reader never sees a slot
 * migrate; the page directory is replaced (copy-on-grow) under this object's monitor and published
 * through a volatile field. Slot writes and reads are volatile, so a value set before an ordinal is
 * published elsewhere (a graph edge, a live bit) is visible to whoever follows that publication.
 *
 * @param <T> the element type
 */
public final class PagedArray<T> {
  private static final int PAGE_SHIFT = 12;
  private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
  private static final int PAGE_MASK = PAGE_SIZE - 1;

  @SuppressWarnings("rawtypes")
  private volatile AtomicReferenceArray[] pages = new AtomicReferenceArray[0];

  /**
   * Sets a slot, growing the array when needed.
   *
   * @param index the ordinal, {@code >= 0}
   * @param value the value (null clears the slot)
   */
  public void set(int index, T value) {
    page(index, true).set(index & PAGE_MASK, value);
  }

  /**
   * Reads a slot.
   *
   * @param index the ordinal
   * @return the value, or null when never set (or beyond the capacity)
   */
  @SuppressWarnings("unchecked")
  public T get(int index) {
    @SuppressWarnings("rawtypes")
    AtomicReferenceArray[] p = pages;
    int pi = index >>> PAGE_SHIFT;
    if (pi >= p.length) {
      return null;
    }
    return (T) p[pi].get(index & PAGE_MASK);
  }

  @SuppressWarnings("unchecked")
  private AtomicReferenceArray<Object> page(int index, boolean grow) {
    int pi = index >>> PAGE_SHIFT;
    @SuppressWarnings("rawtypes")
    AtomicReferenceArray[] p = pages;
    if (pi < p.length) {
      return p[pi];
    }
    synchronized (this) {
      p = pages;
      if (pi >= p.length) {
        @SuppressWarnings("rawtypes")
        AtomicReferenceArray[] grown =
            java.util.Arrays.copyOf(p, Math.max(pi + 1, p.length + (p.length >> 1) + 1));
        for (int i = p.length; i < grown.length; i++) {
          grown[i] = new AtomicReferenceArray<>(PAGE_SIZE);
        }
        pages = grown;
        p = grown;
      }
      return p[pi];
    }
  }
}
