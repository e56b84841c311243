package dev.vectorizer.internal.index;

import dev.vectorizer.internal.kernels.VectorKernels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Compact copies of a head's unit vectors for scoring during graph construction: each vector,
 * normalised, as one signed byte per dimension scaled by its own largest magnitude ({@code code[i]
 * = round(127 * x[i] / max|x|)}), with that scale kept beside it. Codes live in pages of {@value
 * #PAGE_VECTORS} vectors, contiguous in ordinal order: a quarter of the float vectors' memory
 * traffic, which is what the construction's scoring waits on (docs/adr/0020). Each vector's scale
 * follows its codes as a little-endian float, in the same cache lines.
 *
 * <p>Concurrency: as {@link PagedFloatArray}: {@link #set} writes plainly and the caller publishes
 * the ordinal afterwards through a volatile write; readers reach the ordinal through that
 * publication. The page directory grows copy-on-write under this object's monitor.
 */
final class BuildCodes {
  private static final int PAGE_SHIFT = 10;
  private static final int PAGE_VECTORS = 1 << PAGE_SHIFT;
  private static final int PAGE_MASK = PAGE_VECTORS - 1;

  private static final VarHandle FLOAT =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

  private final int dimension;
  private final int stride;
  private volatile byte[][] pages = new byte[0][];

  BuildCodes(int dimension) {
    this.dimension = dimension;
    this.stride = dimension + Float.BYTES;
  }

  /**
   * Stores the codes of a vector.
   *
   * @param ord the ordinal
   * @param vector the vector
   * @param inverseNorm 1 / |vector|
   */
  void set(int ord, float[] vector, float inverseNorm) {
    float max = 0;
    for (float x : vector) {
      max = Math.max(max, Math.abs(x));
    }
    byte[] page = page(ord >>> PAGE_SHIFT);
    int at = (ord & PAGE_MASK) * stride;
    if (max == 0 || !Float.isFinite(max * inverseNorm)) {
      java.util.Arrays.fill(page, at, at + stride, (byte) 0);
      return;
    }
    float toCode = 127 / max;
    for (int i = 0; i < dimension; i++) {
      page[at + i] = (byte) Math.round(vector[i] * toCode);
    }
    FLOAT.set(page, at + dimension, max * inverseNorm / 127);
  }

  /**
   * The dot product of a query with the unit vector of an ordinal, from its codes.
   *
   * @param kernels the kernels
   * @param query the query
   * @param ord the ordinal
   * @return approximately {@code query . vector(ord) / |vector(ord)|}
   */
  float dot(VectorKernels kernels, float[] query, int ord) {
    byte[] page = pages[ord >>> PAGE_SHIFT];
    int at = (ord & PAGE_MASK) * stride;
    return kernels.dotBytes(query, page, at) * (float) FLOAT.get(page, at + dimension);
  }

  private byte[] page(int pi) {
    byte[][] p = pages;
    return pi < p.length ? p[pi] : grow(pi);
  }

  private synchronized byte[] grow(int pi) {
    byte[][] p = pages;
    if (pi >= p.length) {
      byte[][] grown = java.util.Arrays.copyOf(p, Math.max(pi + 1, p.length * 2));
      for (int i = p.length; i < grown.length; i++) {
        grown[i] = new byte[PAGE_VECTORS * stride];
      }
      pages = grown;
      p = grown;
    }
    return p[pi];
  }
}
