package dev.vectorizer.internal.kernels;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Panama kernels over {@link MappedVectors}: vectors loaded straight from the mapped pages with
 * {@code FloatVector.fromMemorySegment}, eight (then four) stored vectors per pass over the query.
 * That method takes a {@code java.lang.foreign.MemorySegment}, a preview type under {@code
 * --release 21}, so it is called through a constant method handle (the JIT inlines it like a direct
 * call). Used only when {@link MappedVectors#available()}.
 *
 * <p>Stateless and thread-safe.
 */
final class PanamaMappedKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  private static final MethodHandle LOAD = load();

  private PanamaMappedKernels() {}

  /**
   * Whether {@code FloatVector.fromMemorySegment} was found (Java 22+ with the signature we know).
   *
   * @return whether these kernels may run
   */
  static boolean usable() {
    return LOAD != null;
  }

  private static MethodHandle load() {
    return fromMemorySegment(FloatVector.class);
  }

  /**
   * A vector type's {@code fromMemorySegment(species, segment, offset, order)} as a method handle
   * taking the segment as an {@code Object} (the type is a preview API under {@code --release 21}).
   *
   * @param vectorType for example {@code FloatVector.class}
   * @return the handle, or null before Java 22 or when the signature differs
   */
  static MethodHandle fromMemorySegment(Class<?> vectorType) {
    if (!MappedVectors.available()) {
      return null;
    }
    try {
      Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
      return MethodHandles.publicLookup()
          .findStatic(
              vectorType,
              "fromMemorySegment",
              MethodType.methodType(
                  vectorType, VectorSpecies.class, segment, long.class, ByteOrder.class))
          .asType(
              MethodType.methodType(
                  vectorType, VectorSpecies.class, Object.class, long.class, ByteOrder.class));
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private static FloatVector load(Object segment, long offset) {
    try {
      return (FloatVector) LOAD.invokeExact(SPECIES, segment, offset, LE);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  // The arithmetic per vector matches PanamaKernels (one accumulator per vector in a batch, two
  // for a vector scored alone, the scalar tail added in order), so a segment answers with the same
  // scores whether its vectors are mapped or on the heap, up to the order in which the Vector API
  // sums lanes (which may differ before and after the JIT compiles a kernel).

  static void dotMany(float[] q, MappedVectors v, int[] ords, int count, float[] out) {
    many(q, v, ords, count, out, false);
  }

  static void squaredL2Many(float[] q, MappedVectors v, int[] ords, int count, float[] out) {
    many(q, v, ords, count, out, true);
  }

  /** Eight at a time, then four, then the two or three left in one pass, then a single one. */
  private static void many(
      float[] q, MappedVectors v, int[] ords, int count, float[] out, boolean l2) {
    int j = 0;
    for (; j + 8 <= count; j += 8) {
      many8(q, v, ords, j, out, l2);
    }
    if (j + 4 <= count) {
      many4(q, v, ords, j, 4, out, l2);
      j += 4;
    }
    int left = count - j;
    if (left == 1) {
      out[j] = one(q, v, ords[j], l2);
    } else if (left > 1) {
      many4(q, v, ords, j, left, out, l2);
    }
  }

  /** One vector: two accumulators over pairs of registers, as the single kernels. */
  private static float one(float[] q, MappedVectors v, int ord, boolean l2) {
    Object seg = v.segment(ord);
    long o = v.byteOffset(ord);
    int n = q.length;
    int i = 0;
    float sum = 0;
    if (n >= LANES) {
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = FloatVector.zero(SPECIES);
      for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, q, i);
        FloatVector x1 = FloatVector.fromArray(SPECIES, q, i + LANES);
        FloatVector v0 = load(seg, o + (long) i * Float.BYTES);
        FloatVector v1 = load(seg, o + (long) (i + LANES) * Float.BYTES);
        if (l2) {
          FloatVector d0 = x0.sub(v0);
          FloatVector d1 = x1.sub(v1);
          acc0 = d0.fma(d0, acc0);
          acc1 = d1.fma(d1, acc1);
        } else {
          acc0 = x0.fma(v0, acc0);
          acc1 = x1.fma(v1, acc1);
        }
      }
      for (int bound = n - LANES; i <= bound; i += LANES) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, q, i);
        FloatVector v0 = load(seg, o + (long) i * Float.BYTES);
        if (l2) {
          FloatVector d0 = x0.sub(v0);
          acc0 = d0.fma(d0, acc0);
        } else {
          acc0 = x0.fma(v0, acc0);
        }
      }
      sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }
    return tail(q, v, ord, i, l2, sum);
  }

  /**
   * Scores the vectors of ords[j..j+7]: eight independent accumulator chains keep both FMA units
   * busy and eight vectors' cache misses in flight at once.
   */
  private static void many8(
      float[] q, MappedVectors v, int[] ords, int j, float[] out, boolean l2) {
    Object sa = v.segment(ords[j]);
    Object sb = v.segment(ords[j + 1]);
    Object sc = v.segment(ords[j + 2]);
    Object sd = v.segment(ords[j + 3]);
    Object se = v.segment(ords[j + 4]);
    Object sf = v.segment(ords[j + 5]);
    Object sg = v.segment(ords[j + 6]);
    Object sh = v.segment(ords[j + 7]);
    long oa = v.byteOffset(ords[j]);
    long ob = v.byteOffset(ords[j + 1]);
    long oc = v.byteOffset(ords[j + 2]);
    long od = v.byteOffset(ords[j + 3]);
    long oe = v.byteOffset(ords[j + 4]);
    long of = v.byteOffset(ords[j + 5]);
    long og = v.byteOffset(ords[j + 6]);
    long oh = v.byteOffset(ords[j + 7]);
    FloatVector accA = FloatVector.zero(SPECIES);
    FloatVector accB = FloatVector.zero(SPECIES);
    FloatVector accC = FloatVector.zero(SPECIES);
    FloatVector accD = FloatVector.zero(SPECIES);
    FloatVector accE = FloatVector.zero(SPECIES);
    FloatVector accF = FloatVector.zero(SPECIES);
    FloatVector accG = FloatVector.zero(SPECIES);
    FloatVector accH = FloatVector.zero(SPECIES);
    int dim = q.length;
    int i = 0;
    for (int bound = SPECIES.loopBound(dim); i < bound; i += LANES) {
      FloatVector x = FloatVector.fromArray(SPECIES, q, i);
      long bytes = (long) i * Float.BYTES;
      accA = step(x, load(sa, oa + bytes), accA, l2);
      accB = step(x, load(sb, ob + bytes), accB, l2);
      accC = step(x, load(sc, oc + bytes), accC, l2);
      accD = step(x, load(sd, od + bytes), accD, l2);
      accE = step(x, load(se, oe + bytes), accE, l2);
      accF = step(x, load(sf, of + bytes), accF, l2);
      accG = step(x, load(sg, og + bytes), accG, l2);
      accH = step(x, load(sh, oh + bytes), accH, l2);
    }
    out[j] = tail(q, v, ords[j], i, l2, accA.reduceLanes(VectorOperators.ADD));
    out[j + 1] = tail(q, v, ords[j + 1], i, l2, accB.reduceLanes(VectorOperators.ADD));
    out[j + 2] = tail(q, v, ords[j + 2], i, l2, accC.reduceLanes(VectorOperators.ADD));
    out[j + 3] = tail(q, v, ords[j + 3], i, l2, accD.reduceLanes(VectorOperators.ADD));
    out[j + 4] = tail(q, v, ords[j + 4], i, l2, accE.reduceLanes(VectorOperators.ADD));
    out[j + 5] = tail(q, v, ords[j + 5], i, l2, accF.reduceLanes(VectorOperators.ADD));
    out[j + 6] = tail(q, v, ords[j + 6], i, l2, accG.reduceLanes(VectorOperators.ADD));
    out[j + 7] = tail(q, v, ords[j + 7], i, l2, accH.reduceLanes(VectorOperators.ADD));
  }

  /** One accumulation step: {@code acc + x * y}, or {@code acc + (x - y)^2} when {@code l2}. */
  private static FloatVector step(FloatVector x, FloatVector y, FloatVector acc, boolean l2) {
    if (l2) {
      FloatVector d = x.sub(y);
      return d.fma(d, acc);
    }
    return x.fma(y, acc);
  }

  /**
   * Scores the vectors of ords[j..j+n-1] (n from 1 to 4; missing ones repeat the last): dot
   * products, or squared distances when {@code l2}.
   */
  private static void many4(
      float[] q, MappedVectors v, int[] ords, int j, int n, float[] out, boolean l2) {
    int jb = j + Math.min(1, n - 1);
    int jc = j + Math.min(2, n - 1);
    int jd = j + Math.min(3, n - 1);
    Object a = v.segment(ords[j]);
    Object b = v.segment(ords[jb]);
    Object c = v.segment(ords[jc]);
    Object d = v.segment(ords[jd]);
    long ao = v.byteOffset(ords[j]);
    long bo = v.byteOffset(ords[jb]);
    long co = v.byteOffset(ords[jc]);
    long dOff = v.byteOffset(ords[jd]);
    FloatVector accA = FloatVector.zero(SPECIES);
    FloatVector accB = FloatVector.zero(SPECIES);
    FloatVector accC = FloatVector.zero(SPECIES);
    FloatVector accD = FloatVector.zero(SPECIES);
    int dim = q.length;
    int i = 0;
    for (int bound = SPECIES.loopBound(dim); i < bound; i += LANES) {
      FloatVector x = FloatVector.fromArray(SPECIES, q, i);
      long bytes = (long) i * Float.BYTES;
      FloatVector va = load(a, ao + bytes);
      FloatVector vb = load(b, bo + bytes);
      FloatVector vc = load(c, co + bytes);
      FloatVector vd = load(d, dOff + bytes);
      if (l2) {
        va = x.sub(va);
        vb = x.sub(vb);
        vc = x.sub(vc);
        vd = x.sub(vd);
        accA = va.fma(va, accA);
        accB = vb.fma(vb, accB);
        accC = vc.fma(vc, accC);
        accD = vd.fma(vd, accD);
      } else {
        accA = x.fma(va, accA);
        accB = x.fma(vb, accB);
        accC = x.fma(vc, accC);
        accD = x.fma(vd, accD);
      }
    }
    float sa = accA.reduceLanes(VectorOperators.ADD);
    float sb = accB.reduceLanes(VectorOperators.ADD);
    float sc = accC.reduceLanes(VectorOperators.ADD);
    float sd = accD.reduceLanes(VectorOperators.ADD);
    if (i < dim) {
      sa = tail(q, v, ords[j], i, l2, sa);
      sb = tail(q, v, ords[jb], i, l2, sb);
      sc = tail(q, v, ords[jc], i, l2, sc);
      sd = tail(q, v, ords[jd], i, l2, sd);
    }
    out[j] = sa;
    out[jb] = sb;
    out[jc] = sc;
    out[jd] = sd;
  }

  /** Adds the components from {@code from} on, in order, to {@code sum}. */
  private static float tail(float[] q, MappedVectors v, int ord, int from, boolean l2, float sum) {
    java.nio.ByteBuffer buf = v.buffer(ord);
    int off = v.byteOffset(ord);
    for (int t = from; t < q.length; t++) {
      float x = buf.getFloat(off + t * Float.BYTES);
      if (l2) {
        float d = q[t] - x;
        sum += d * d;
      } else {
        sum += q[t] * x;
      }
    }
    return sum;
  }
}
