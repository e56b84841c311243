package dev.vectorizer.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the incubating Vector API. Loaded reflectively by {@link Kernels} only when the {@code
 * jdk.incubator.vector} module is present, so the scalar path never links these classes.
 *
 * <p>The single kernels unroll the main loop by two with independent FMA accumulators, then run one
 * vector at a time, then a scalar tail. The batched kernels load each query chunk once and update
 * four accumulators, one per stored vector, which is where graph search spends its time.
 */
final class PanamaKernels implements VectorKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /**
   * Called reflectively by {@link Kernels}.
   *
   * @throws UnsupportedOperationException when the preferred species is narrower than four floats,
   *     where the scalar kernels are as fast
   */
  PanamaKernels() {
    if (LANES < 4) {
      throw new UnsupportedOperationException(
          "the preferred float vector has only " + LANES + " lanes (" + describe() + ")");
    }
  }

  /**
   * The vector shape, for the log and stats.
   *
   * @return for example {@code "FloatVector 256 bits"}
   */
  static String describe() {
    return "FloatVector " + SPECIES.vectorBitSize() + " bits";
  }

  @Override
  public String name() {
    return "panama";
  }

  @Override
  public String toString() {
    return "panama (" + describe() + ")";
  }

  @Override
  public float dot(float[] a, float[] b) {
    int n = a.length;
    int i = 0;
    float sum = 0;
    if (n >= LANES) {
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
        acc0 = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), acc0);
        acc1 =
            FloatVector.fromArray(SPECIES, a, i + LANES)
                .fma(FloatVector.fromArray(SPECIES, b, i + LANES), acc1);
      }
      for (int bound = n - LANES; i <= bound; i += LANES) {
        acc0 = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), acc0);
      }
      sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  @Override
  public float squaredL2(float[] a, float[] b) {
    int n = a.length;
    int i = 0;
    float sum = 0;
    if (n >= LANES) {
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
        FloatVector d0 =
            FloatVector.fromArray(SPECIES, a, i).sub(FloatVector.fromArray(SPECIES, b, i));
        FloatVector d1 =
            FloatVector.fromArray(SPECIES, a, i + LANES)
                .sub(FloatVector.fromArray(SPECIES, b, i + LANES));
        acc0 = d0.fma(d0, acc0);
        acc1 = d1.fma(d1, acc1);
      }
      for (int bound = n - LANES; i <= bound; i += LANES) {
        FloatVector d0 =
            FloatVector.fromArray(SPECIES, a, i).sub(FloatVector.fromArray(SPECIES, b, i));
        acc0 = d0.fma(d0, acc0);
      }
      sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      float d = a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }

  @Override
  public float cosine(float[] a, float[] b) {
    int n = a.length;
    int i = 0;
    float dot = 0;
    float na = 0;
    float nb = 0;
    if (n >= LANES) {
      // dot, |a|^2 and |b|^2 in one pass, two accumulators each.
      FloatVector vd0 = FloatVector.zero(SPECIES);
      FloatVector vd1 = FloatVector.zero(SPECIES);
      FloatVector va0 = FloatVector.zero(SPECIES);
      FloatVector va1 = FloatVector.zero(SPECIES);
      FloatVector vb0 = FloatVector.zero(SPECIES);
      FloatVector vb1 = FloatVector.zero(SPECIES);
      for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, a, i);
        FloatVector y0 = FloatVector.fromArray(SPECIES, b, i);
        FloatVector x1 = FloatVector.fromArray(SPECIES, a, i + LANES);
        FloatVector y1 = FloatVector.fromArray(SPECIES, b, i + LANES);
        vd0 = x0.fma(y0, vd0);
        vd1 = x1.fma(y1, vd1);
        va0 = x0.fma(x0, va0);
        va1 = x1.fma(x1, va1);
        vb0 = y0.fma(y0, vb0);
        vb1 = y1.fma(y1, vb1);
      }
      for (int bound = n - LANES; i <= bound; i += LANES) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, a, i);
        FloatVector y0 = FloatVector.fromArray(SPECIES, b, i);
        vd0 = x0.fma(y0, vd0);
        va0 = x0.fma(x0, va0);
        vb0 = y0.fma(y0, vb0);
      }
      dot = vd0.add(vd1).reduceLanes(VectorOperators.ADD);
      na = va0.add(va1).reduceLanes(VectorOperators.ADD);
      nb = vb0.add(vb1).reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      float x = a[i];
      float y = b[i];
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    return ScalarKernels.cosine(dot, na, nb);
  }

  @Override
  public void dot4(float[] q, float[] a, float[] b, float[] c, float[] d, float[] out) {
    int n = q.length;
    int i = 0;
    float sa = 0;
    float sb = 0;
    float sc = 0;
    float sd = 0;
    if (n >= LANES) {
      FloatVector accA = FloatVector.zero(SPECIES);
      FloatVector accB = FloatVector.zero(SPECIES);
      FloatVector accC = FloatVector.zero(SPECIES);
      FloatVector accD = FloatVector.zero(SPECIES);
      for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
        FloatVector x = FloatVector.fromArray(SPECIES, q, i);
        accA = x.fma(FloatVector.fromArray(SPECIES, a, i), accA);
        accB = x.fma(FloatVector.fromArray(SPECIES, b, i), accB);
        accC = x.fma(FloatVector.fromArray(SPECIES, c, i), accC);
        accD = x.fma(FloatVector.fromArray(SPECIES, d, i), accD);
      }
      sa = accA.reduceLanes(VectorOperators.ADD);
      sb = accB.reduceLanes(VectorOperators.ADD);
      sc = accC.reduceLanes(VectorOperators.ADD);
      sd = accD.reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
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
    int n = q.length;
    int i = 0;
    float sa = 0;
    float sb = 0;
    float sc = 0;
    float sd = 0;
    if (n >= LANES) {
      FloatVector accA = FloatVector.zero(SPECIES);
      FloatVector accB = FloatVector.zero(SPECIES);
      FloatVector accC = FloatVector.zero(SPECIES);
      FloatVector accD = FloatVector.zero(SPECIES);
      for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
        FloatVector x = FloatVector.fromArray(SPECIES, q, i);
        FloatVector da = x.sub(FloatVector.fromArray(SPECIES, a, i));
        FloatVector db = x.sub(FloatVector.fromArray(SPECIES, b, i));
        FloatVector dc = x.sub(FloatVector.fromArray(SPECIES, c, i));
        FloatVector dd = x.sub(FloatVector.fromArray(SPECIES, d, i));
        accA = da.fma(da, accA);
        accB = db.fma(db, accB);
        accC = dc.fma(dc, accC);
        accD = dd.fma(dd, accD);
      }
      sa = accA.reduceLanes(VectorOperators.ADD);
      sb = accB.reduceLanes(VectorOperators.ADD);
      sc = accC.reduceLanes(VectorOperators.ADD);
      sd = accD.reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
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
