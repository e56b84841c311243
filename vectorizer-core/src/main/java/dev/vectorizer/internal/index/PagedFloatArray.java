package dev.vectorizer.internal.index;

/**
 * A growable array of floats indexed by ordinal.
 *
 * <p>Concurrency: writes are plain; a writer must publish the ordinal afterwards through a volatile
 * or atomic write (here: the vector slot of {@link PagedArray}), and readers must reach the ordinal
 * through that publication. The page directory grows copy-on-write under this object's monitor.
 */
public final class PagedFloatArray {
  private static final int PAGE_SHIFT = 14;
  private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
  private static final int PAGE_MASK = PAGE_SIZE - 1;

  private volatile float[][] pages = new float[0][];

  /**
   * Sets a value, growing the array when needed.
   *
   * @param index the ordinal
   * @param value the value
   */
  public void set(int index, float value) {
    int pi = index >>> PAGE_SHIFT;
    float[][] p = pages;
    if (pi >= p.length) {
      p = grow(pi);
    }
    p[pi][index & PAGE_MASK] = value;
  }

  /**
   * Reads a value.
   *
   * @param index the ordinal, previously set
   * @return the value
   */
  public float get(int index) {
    return pages[index >>> PAGE_SHIFT][index & PAGE_MASK];
  }

  private synchronized float[][] grow(int pi) {
    float[][] p = pages;
    if (pi >= p.length) {
      float[][] grown = java.util.Arrays.copyOf(p, Math.max(pi + 1, p.length * 2));
      for (int i = p.length; i < grown.length; i++) {
        grown[i] = new float[PAGE_SIZE];
      }
      pages = grown;
      p = grown;
    }
    return p;
  }
}
