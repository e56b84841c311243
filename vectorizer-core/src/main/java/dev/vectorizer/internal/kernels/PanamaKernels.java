package dev.vectorizer.internal.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the incubating Vector API. Loaded reflectively by {@link Kernels} only when the {@code
 * jdk.incubator.vector} module is present, so the scalar path never links these classes.
 *
 * <p>The single kernels unroll the main loop by two with independent FMA accumulators, then run one
 * vector at a time, then a scalar tail. The batched kernels load each query chunk once and update
 * eight (then four) accumulators, one per stored vector: graph search spends its time there, and
 * eight independent FMA chains keep both FMA units busy where four leave them waiting on latency.
 */
final class PanamaKernels implements VectorKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /** One byte per float lane (64 or 128 bits), or null below 8 lanes (no 32-bit byte vector). */
  private static final VectorSpecies<Byte> CODE_SPECIES =
      LANES >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8)) : null;

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
    return dot(a, b, 0);
  }

  @Override
  public float dot(float[] a, float[] b, int o) {
    int n = a.length;
    int i = 0;
    float sum = 0;
    if (n >= LANES) {
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
        acc0 =
            FloatVector.fromArray(SPECIES, a, i)
                .fma(FloatVector.fromArray(SPECIES, b, o + i), acc0);
        acc1 =
            FloatVector.fromArray(SPECIES, a, i + LANES)
                .fma(FloatVector.fromArray(SPECIES, b, o + i + LANES), acc1);
      }
      for (int bound = n - LANES; i <= bound; i += LANES) {
        acc0 =
            FloatVector.fromArray(SPECIES, a, i)
                .fma(FloatVector.fromArray(SPECIES, b, o + i), acc0);
      }
      sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      sum += a[i] * b[o + i];
    }
    return sum;
  }

  /**
   * Each step loads {@code LANES} codes into a byte vector of the same lane count, widens them to
   * floats (sign extension and conversion) and multiplies them into two independent accumulators.
   */
  @Override
  public float dotBytes(float[] q, byte[] codes, int o) {
    int n = q.length;
    int i = 0;
    float sum = 0;
    if (CODE_SPECIES != null && n >= LANES) {
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
        acc0 = FloatVector.fromArray(SPECIES, q, i).fma(widen(codes, o + i), acc0);
        acc1 = FloatVector.fromArray(SPECIES, q, i + LANES).fma(widen(codes, o + i + LANES), acc1);
      }
      for (int bound = n - LANES; i <= bound; i += LANES) {
        acc0 = FloatVector.fromArray(SPECIES, q, i).fma(widen(codes, o + i), acc0);
      }
      sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      sum += q[i] * codes[o + i];
    }
    return sum;
  }

  private static FloatVector widen(byte[] codes, int at) {
    return (FloatVector)
        ByteVector.fromArray(CODE_SPECIES, codes, at).convertShape(VectorOperators.B2F, SPECIES, 0);
  }

  @Override
  public float squaredL2(float[] a, float[] b) {
    return squaredL2(a, b, 0);
  }

  @Override
  public float squaredL2(float[] a, float[] b, int o) {
    int n = a.length;
    int i = 0;
    float sum = 0;
    if (n >= LANES) {
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
        FloatVector d0 =
            FloatVector.fromArray(SPECIES, a, i).sub(FloatVector.fromArray(SPECIES, b, o + i));
        FloatVector d1 =
            FloatVector.fromArray(SPECIES, a, i + LANES)
                .sub(FloatVector.fromArray(SPECIES, b, o + i + LANES));
        acc0 = d0.fma(d0, acc0);
        acc1 = d1.fma(d1, acc1);
      }
      for (int bound = n - LANES; i <= bound; i += LANES) {
        FloatVector d0 =
            FloatVector.fromArray(SPECIES, a, i).sub(FloatVector.fromArray(SPECIES, b, o + i));
        acc0 = d0.fma(d0, acc0);
      }
      sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }
    for (; i < n; i++) {
      float d = a[i] - b[o + i];
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
  public void dotBytesMany(float[] q, ByteRecords codes, int[] ords, int count, float[] out) {
    if (count > 0 && PanamaByteKernels.usable() && PanamaByteKernels.readable(codes, ords[0])) {
      PanamaByteKernels.dotMany(q, codes, ords, count, out);
    } else {
      VectorKernels.super.dotBytesMany(q, codes, ords, count, out);
    }
  }

  @Override
  public void dotMany(float[] q, float[][] data, int[] offsets, int count, float[] out) {
    many(q, data, offsets, count, out, false);
  }

  @Override
  public void squaredL2Many(float[] q, float[][] data, int[] offsets, int count, float[] out) {
    many(q, data, offsets, count, out, true);
  }

  /**
   * Eight at a time, then four, then the two or three left in one pass (still cheaper than single
   * products), then a single one; {@link PanamaMappedKernels} splits a batch the same way, so a
   * vector gets the same score from the heap and from a mapped file (to the lane order of a
   * reduction, see {@link PanamaMappedKernels}).
   */
  private void many(float[] q, float[][] data, int[] offsets, int count, float[] out, boolean l2) {
    int j = 0;
    for (; j + 8 <= count; j += 8) {
      many8(q, data, offsets, j, out, l2);
    }
    if (j + 4 <= count) {
      many4(q, data, offsets, j, 4, out, l2);
      j += 4;
    }
    int left = count - j;
    if (left == 1) {
      out[j] = l2 ? squaredL2(q, data[j], offsets[j]) : dot(q, data[j], offsets[j]);
    } else if (left > 1) {
      many4(q, data, offsets, j, left, out, l2);
    }
  }

  /** One accumulation step: {@code acc + x * y}, or {@code acc + (x - y)^2} when {@code l2}. */
  private static FloatVector step(FloatVector x, FloatVector y, FloatVector acc, boolean l2) {
    if (l2) {
      FloatVector d = x.sub(y);
      return d.fma(d, acc);
    }
    return x.fma(y, acc);
  }

  private static float tail(float[] q, float[] v, int o, int from, boolean l2, float sum) {
    for (int i = from; i < q.length; i++) {
      if (l2) {
        float d = q[i] - v[o + i];
        sum += d * d;
      } else {
        sum += q[i] * v[o + i];
      }
    }
    return sum;
  }

  private static void many8(
      float[] q, float[][] data, int[] offsets, int j, float[] out, boolean l2) {
    float[] a = data[j];
    float[] b = data[j + 1];
    float[] c = data[j + 2];
    float[] d = data[j + 3];
    float[] e = data[j + 4];
    float[] f = data[j + 5];
    float[] g = data[j + 6];
    float[] h = data[j + 7];
    int ao = offsets[j];
    int bo = offsets[j + 1];
    int co = offsets[j + 2];
    int dOff = offsets[j + 3];
    int eo = offsets[j + 4];
    int fo = offsets[j + 5];
    int go = offsets[j + 6];
    int ho = offsets[j + 7];
    FloatVector accA = FloatVector.zero(SPECIES);
    FloatVector accB = FloatVector.zero(SPECIES);
    FloatVector accC = FloatVector.zero(SPECIES);
    FloatVector accD = FloatVector.zero(SPECIES);
    FloatVector accE = FloatVector.zero(SPECIES);
    FloatVector accF = FloatVector.zero(SPECIES);
    FloatVector accG = FloatVector.zero(SPECIES);
    FloatVector accH = FloatVector.zero(SPECIES);
    int n = q.length;
    int i = 0;
    for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
      FloatVector x = FloatVector.fromArray(SPECIES, q, i);
      accA = step(x, FloatVector.fromArray(SPECIES, a, ao + i), accA, l2);
      accB = step(x, FloatVector.fromArray(SPECIES, b, bo + i), accB, l2);
      accC = step(x, FloatVector.fromArray(SPECIES, c, co + i), accC, l2);
      accD = step(x, FloatVector.fromArray(SPECIES, d, dOff + i), accD, l2);
      accE = step(x, FloatVector.fromArray(SPECIES, e, eo + i), accE, l2);
      accF = step(x, FloatVector.fromArray(SPECIES, f, fo + i), accF, l2);
      accG = step(x, FloatVector.fromArray(SPECIES, g, go + i), accG, l2);
      accH = step(x, FloatVector.fromArray(SPECIES, h, ho + i), accH, l2);
    }
    out[j] = tail(q, a, ao, i, l2, accA.reduceLanes(VectorOperators.ADD));
    out[j + 1] = tail(q, b, bo, i, l2, accB.reduceLanes(VectorOperators.ADD));
    out[j + 2] = tail(q, c, co, i, l2, accC.reduceLanes(VectorOperators.ADD));
    out[j + 3] = tail(q, d, dOff, i, l2, accD.reduceLanes(VectorOperators.ADD));
    out[j + 4] = tail(q, e, eo, i, l2, accE.reduceLanes(VectorOperators.ADD));
    out[j + 5] = tail(q, f, fo, i, l2, accF.reduceLanes(VectorOperators.ADD));
    out[j + 6] = tail(q, g, go, i, l2, accG.reduceLanes(VectorOperators.ADD));
    out[j + 7] = tail(q, h, ho, i, l2, accH.reduceLanes(VectorOperators.ADD));
  }

  /** The vectors j..j+n-1 (n from 2 to 4; missing ones repeat the last). */
  private static void many4(
      float[] q, float[][] data, int[] offsets, int j, int n, float[] out, boolean l2) {
    int jb = j + Math.min(1, n - 1);
    int jc = j + Math.min(2, n - 1);
    int jd = j + Math.min(3, n - 1);
    float[] a = data[j];
    float[] b = data[jb];
    float[] c = data[jc];
    float[] d = data[jd];
    int ao = offsets[j];
    int bo = offsets[jb];
    int co = offsets[jc];
    int dOff = offsets[jd];
    FloatVector accA = FloatVector.zero(SPECIES);
    FloatVector accB = FloatVector.zero(SPECIES);
    FloatVector accC = FloatVector.zero(SPECIES);
    FloatVector accD = FloatVector.zero(SPECIES);
    int dim = q.length;
    int i = 0;
    for (int bound = SPECIES.loopBound(dim); i < bound; i += LANES) {
      FloatVector x = FloatVector.fromArray(SPECIES, q, i);
      accA = step(x, FloatVector.fromArray(SPECIES, a, ao + i), accA, l2);
      accB = step(x, FloatVector.fromArray(SPECIES, b, bo + i), accB, l2);
      accC = step(x, FloatVector.fromArray(SPECIES, c, co + i), accC, l2);
      accD = step(x, FloatVector.fromArray(SPECIES, d, dOff + i), accD, l2);
    }
    out[j] = tail(q, a, ao, i, l2, accA.reduceLanes(VectorOperators.ADD));
    out[jb] = tail(q, b, bo, i, l2, accB.reduceLanes(VectorOperators.ADD));
    out[jc] = tail(q, c, co, i, l2, accC.reduceLanes(VectorOperators.ADD));
    out[jd] = tail(q, d, dOff, i, l2, accD.reduceLanes(VectorOperators.ADD));
  }

  @Override
  public void dotMany(float[] q, MappedVectors vectors, int[] ords, int count, float[] out) {
    if (PanamaMappedKernels.usable()) {
      PanamaMappedKernels.dotMany(q, vectors, ords, count, out);
    } else {
      VectorKernels.super.dotMany(q, vectors, ords, count, out);
    }
  }

  @Override
  public void squaredL2Many(float[] q, MappedVectors vectors, int[] ords, int count, float[] out) {
    if (PanamaMappedKernels.usable()) {
      PanamaMappedKernels.squaredL2Many(q, vectors, ords, count, out);
    } else {
      VectorKernels.super.squaredL2Many(q, vectors, ords, count, out);
    }
  }
}
