package dev.vectorizer.internal.kernels;

/**
 * Plain-Java kernels: the baseline every JVM runs, and the reference the Panama kernels are tested
 * against. Four independent accumulators let the JIT overlap the multiply-adds.
 */
final class ScalarKernels implements VectorKernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public float dot(float[] a, float[] b) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int n = a.length;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) {
      s0 += a[i] * b[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public float squaredL2(float[] a, float[] b) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int n = a.length;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      float d0 = a[i] - b[i];
      float d1 = a[i + 1] - b[i + 1];
      float d2 = a[i + 2] - b[i + 2];
      float d3 = a[i + 3] - b[i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < n; i++) {
      float d = a[i] - b[i];
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public float cosine(float[] a, float[] b) {
    float dot = 0;
    float na = 0;
    float nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      return 0;
    }
    return (float) (dot / Math.sqrt((double) na * nb));
  }

  @Override
  public void dot4(float[] q, float[] a, float[] b, float[] c, float[] d, float[] out) {
    float sa = 0;
    float sb = 0;
    float sc = 0;
    float sd = 0;
    for (int i = 0; i < q.length; i++) {
      float x = q[i];
      sa += x * a[i];
      sb += x * b[i];
      sc += x * c[i];
      sd += x * d[i];
    }
    out[0] = sa;
    out[1] = sb;
    out[2] = sc;
    out[3] = sd;
  }

  @Override
  public void squaredL2x4(float[] q, float[] a, float[] b, float[] c, float[] d, float[] out) {
    float sa = 0;
    float sb = 0;
    float sc = 0;
    float sd = 0;
    for (int i = 0; i < q.length; i++) {
      float x = q[i];
      float da = x - a[i];
      float db = x - b[i];
      float dc = x - c[i];
      float dd = x - d[i];
      sa += da * da;
      sb += db * db;
      sc += dc * dc;
      sd += dd * dd;
    }
    out[0] = sa;
    out[1] = sb;
    out[2] = sc;
    out[3] = sd;
  }
}
