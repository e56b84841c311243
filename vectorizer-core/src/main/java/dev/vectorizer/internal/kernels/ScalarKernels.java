package dev.vectorizer.internal.kernels;

/**
 * Plain-Java kernels: the baseline every JVM runs, and the reference the Panama kernels are tested
 * against. The loops are unrolled by four with independent accumulators so the JIT can overlap the
 * multiply-adds instead of waiting on one dependency chain; the batched kernels keep one
 * accumulator per stored vector, which gives the same four independent chains.
 */
final class ScalarKernels implements VectorKernels {
  /** The only instance. */
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public float dot(float[] a, float[] b) {
    return dot(a, b, 0);
  }

  @Override
  public float dot(float[] a, float[] b, int o) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int n = a.length;
    int i = 0;
    for (int bound = n & ~3; i < bound; i += 4) {
      s0 += a[i] * b[o + i];
      s1 += a[i + 1] * b[o + i + 1];
      s2 += a[i + 2] * b[o + i + 2];
      s3 += a[i + 3] * b[o + i + 3];
    }
    for (; i < n; i++) {
      s0 += a[i] * b[o + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public float dotBytes(float[] q, byte[] codes, int o) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int n = q.length;
    int i = 0;
    for (int bound = n & ~3; i < bound; i += 4) {
      s0 += q[i] * codes[o + i];
      s1 += q[i + 1] * codes[o + i + 1];
      s2 += q[i + 2] * codes[o + i + 2];
      s3 += q[i + 3] * codes[o + i + 3];
    }
    for (; i < n; i++) {
      s0 += q[i] * codes[o + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public float squaredL2(float[] a, float[] b) {
    return squaredL2(a, b, 0);
  }

  @Override
  public float squaredL2(float[] a, float[] b, int o) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int n = a.length;
    int i = 0;
    for (int bound = n & ~3; i < bound; i += 4) {
      float d0 = a[i] - b[o + i];
      float d1 = a[i + 1] - b[o + i + 1];
      float d2 = a[i + 2] - b[o + i + 2];
      float d3 = a[i + 3] - b[o + i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < n; i++) {
      float d = a[i] - b[o + i];
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public float cosine(float[] a, float[] b) {
    // Three quantities, two lanes each: six independent chains.
    float dot0 = 0;
    float dot1 = 0;
    float na0 = 0;
    float na1 = 0;
    float nb0 = 0;
    float nb1 = 0;
    int n = a.length;
    int i = 0;
    for (int bound = n & ~1; i < bound; i += 2) {
      float x0 = a[i];
      float y0 = b[i];
      float x1 = a[i + 1];
      float y1 = b[i + 1];
      dot0 += x0 * y0;
      dot1 += x1 * y1;
      na0 += x0 * x0;
      na1 += x1 * x1;
      nb0 += y0 * y0;
      nb1 += y1 * y1;
    }
    if (i < n) {
      float x = a[i];
      float y = b[i];
      dot0 += x * y;
      na0 += x * x;
      nb0 += y * y;
    }
    return cosine(dot0 + dot1, na0 + na1, nb0 + nb1);
  }

  /**
   * Cosine from a dot product and the two squared norms; 0 when either norm is 0.
   *
   * @param dot the dot product
   * @param na the squared norm of the first vector
   * @param nb the squared norm of the second vector
   * @return the cosine similarity
   */
  static float cosine(float dot, float na, float nb) {
    if (na == 0 || nb == 0) {
      return 0;
    }
    return (float) (dot / Math.sqrt((double) na * nb));
  }

  @Override
  public void dotMany(float[] q, float[][] data, int[] offsets, int count, float[] out) {
    int j = 0;
    for (; j + 4 <= count; j += 4) {
      dot4(q, data, offsets, j, out);
    }
    for (; j < count; j++) {
      out[j] = dot(q, data[j], offsets[j]);
    }
  }

  /** Four dot products in one pass over the query: four independent accumulator chains. */
  private static void dot4(float[] q, float[][] data, int[] offsets, int j, float[] out) {
    float[] a = data[j];
    float[] b = data[j + 1];
    float[] c = data[j + 2];
    float[] d = data[j + 3];
    int ao = offsets[j];
    int bo = offsets[j + 1];
    int co = offsets[j + 2];
    int dOff = offsets[j + 3];
    float sa = 0;
    float sb = 0;
    float sc = 0;
    float sd = 0;
    int n = q.length;
    for (int i = 0; i < n; i++) {
      float x = q[i];
      sa += x * a[ao + i];
      sb += x * b[bo + i];
      sc += x * c[co + i];
      sd += x * d[dOff + i];
    }
    out[j] = sa;
    out[j + 1] = sb;
    out[j + 2] = sc;
    out[j + 3] = sd;
  }

  @Override
  public void squaredL2Many(float[] q, float[][] data, int[] offsets, int count, float[] out) {
    int j = 0;
    for (; j + 4 <= count; j += 4) {
      squaredL2x4(q, data, offsets, j, out);
    }
    for (; j < count; j++) {
      out[j] = squaredL2(q, data[j], offsets[j]);
    }
  }

  private static void squaredL2x4(float[] q, float[][] data, int[] offsets, int j, float[] out) {
    float[] a = data[j];
    float[] b = data[j + 1];
    float[] c = data[j + 2];
    float[] d = data[j + 3];
    int ao = offsets[j];
    int bo = offsets[j + 1];
    int co = offsets[j + 2];
    int dOff = offsets[j + 3];
    float sa = 0;
    float sb = 0;
    float sc = 0;
    float sd = 0;
    int n = q.length;
    for (int i = 0; i < n; i++) {
      float x = q[i];
      float da = x - a[ao + i];
      float db = x - b[bo + i];
      float dc = x - c[co + i];
      float dd = x - d[dOff + i];
      sa += da * da;
      sb += db * db;
      sc += dc * dc;
      sd += dd * dd;
    }
    out[j] = sa;
    out[j + 1] = sb;
    out[j + 2] = sc;
    out[j + 3] = sd;
  }
}
