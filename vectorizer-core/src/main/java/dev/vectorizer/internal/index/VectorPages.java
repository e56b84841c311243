package dev.vectorizer.internal.index;

import dev.vectorizer.internal.kernels.MappedVectors;

/**
 * The vectors of a sealed segment, contiguous: ordinal {@code o} occupies {@code dimension} floats
 * at offset {@code (o % perPage) * dimension} of page {@code o / perPage}. Pages hold a power of
 * two of vectors and at most 64 MB, so any segment fits Java arrays and the garbage collector never
 * has to move one huge array. In a sealed segment the ordinals are in graph order (see {@link
 * HeadSegment#seal}), so the vectors a search reads one after another sit close together.
 *
 * <p>Two storages: arrays on the heap (a segment being sealed or merged, or any segment on Java
 * 21), or pages of the segment file mapped into memory ({@link MappedVectors}, what an opened
 * segment uses on Java 22+), where {@link #mapped()} is non-null and {@link #array}/{@link
 * #offset}/{@link #pages} must not be called. This is the one way sealed-segment vectors are read.
 *
 * <p>Concurrency: written once by the thread that builds the segment, then only read; the segment
 * is published to readers through a volatile write (the collection's segment list).
 */
public final class VectorPages {
  private static final int MAX_PAGE_FLOATS = 1 << 24;

  private final int dimension;
  private final int count;
  private final int shift;
  private final int mask;
  private final float[][] pages;
  private final MappedVectors mapped;

  /**
   * Allocates zeroed pages for {@code count} vectors.
   *
   * @param dimension floats per vector, {@code >= 1}
   * @param count vectors
   */
  public VectorPages(int dimension, int count) {
    this(dimension, count, allocate(dimension, count));
  }

  /**
   * Wraps pages laid out as {@link #vectorsPerPage(int)} says (as a segment file is read).
   *
   * @param dimension floats per vector
   * @param count vectors
   * @param pages the pages, owned by this object from now on
   * @throws IllegalArgumentException when the pages do not have that layout
   */
  public VectorPages(int dimension, int count, float[][] pages) {
    int perPage = vectorsPerPage(dimension);
    this.dimension = dimension;
    this.count = count;
    this.shift = Integer.numberOfTrailingZeros(perPage);
    this.mask = perPage - 1;
    this.pages = pages;
    this.mapped = null;
    long expectedPages = ((long) count + perPage - 1) >>> shift;
    if (pages.length != expectedPages) {
      throw new IllegalArgumentException(
          pages.length
              + " pages for "
              + count
              + " vectors of "
              + dimension
              + ", expected "
              + expectedPages);
    }
    for (int p = 0; p < pages.length; p++) {
      if (pages[p].length != Math.min(perPage, count - (p << shift)) * dimension) {
        throw new IllegalArgumentException("page " + p + " has " + pages[p].length + " floats");
      }
    }
  }

  /**
   * Wraps vectors mapped from a segment file.
   *
   * @param mapped the mapped vectors, laid out as {@link #vectorsPerPage(int)} says
   */
  public VectorPages(MappedVectors mapped) {
    int perPage = vectorsPerPage(mapped.dimension());
    this.dimension = mapped.dimension();
    this.count = mapped.count();
    this.shift = Integer.numberOfTrailingZeros(perPage);
    this.mask = perPage - 1;
    this.pages = null;
    this.mapped = mapped;
  }

  /**
   * The mapped vectors, or null when the vectors are on the heap.
   *
   * @return the mapped storage or null
   */
  public MappedVectors mapped() {
    return mapped;
  }

  /**
   * How many vectors a page holds: a power of two, at most 64 MB of floats.
   *
   * @param dimension floats per vector
   * @return the vectors per page
   */
  public static int vectorsPerPage(int dimension) {
    return Integer.highestOneBit(Math.max(1, MAX_PAGE_FLOATS / dimension));
  }

  private static float[][] allocate(int dimension, int count) {
    int perPage = vectorsPerPage(dimension);
    int shift = Integer.numberOfTrailingZeros(perPage);
    float[][] pages = new float[(int) (((long) count + perPage - 1) >>> shift)][];
    for (int p = 0; p < pages.length; p++) {
      pages[p] = new float[Math.min(perPage, count - (p << shift)) * dimension];
    }
    return pages;
  }

  /**
   * Floats per vector.
   *
   * @return the dimension
   */
  public int dimension() {
    return dimension;
  }

  /**
   * Vectors stored.
   *
   * @return the count
   */
  public int count() {
    return count;
  }

  /**
   * The page holding an ordinal.
   *
   * @param ord the ordinal
   * @return the page; callers must not modify it once the segment is published
   */
  public float[] array(int ord) {
    return pages[ord >>> shift];
  }

  /**
   * Where an ordinal starts in its page.
   *
   * @param ord the ordinal
   * @return the offset
   */
  public int offset(int ord) {
    return (ord & mask) * dimension;
  }

  /**
   * A copy of one vector.
   *
   * @param ord the ordinal
   * @return a new array
   */
  public float[] copy(int ord) {
    if (mapped != null) {
      return mapped.copy(ord);
    }
    int off = offset(ord);
    return java.util.Arrays.copyOfRange(array(ord), off, off + dimension);
  }

  /**
   * Stores one vector (only while building the segment).
   *
   * @param ord the ordinal
   * @param vector {@code dimension} floats
   */
  public void set(int ord, float[] vector) {
    System.arraycopy(vector, 0, array(ord), offset(ord), dimension);
  }

  /**
   * The pages, for bulk reads and writes of the segment file (vectors in ordinal order).
   *
   * @return the pages; callers must not modify them once the segment is published
   */
  public float[][] pages() {
    return pages;
  }
}
