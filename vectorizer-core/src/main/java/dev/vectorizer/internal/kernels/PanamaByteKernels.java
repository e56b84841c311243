package dev.vectorizer.internal.kernels;

import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Panama kernel over 8-bit codes ({@link ByteRecords}): each step loads as many code bytes as
 * the preferred float vector has lanes ({@code ByteVector.fromMemorySegment}, called through a
 * method handle as in {@link PanamaMappedKernels}, on Java 22+; {@code fromArray} of a heap page on
 * Java 21, which reads codes onto the heap), widens them to floats and multiplies-adds them with
 * the query; eight codes per pass over the query, then four, then one at a time. A code of 384
 * bytes is a quarter of its float32 vector's memory traffic, which is what the graph search waits
 * on.
 *
 * <p>Stateless and thread-safe. Used only when {@link #usable()}.
 */
final class PanamaByteKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final VectorSpecies<Byte> BYTES =
      LANES >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8)) : null;
  private static final MethodHandle LOAD = load();

  private PanamaByteKernels() {}

  /**
   * Whether these kernels may run: at least eight float lanes (a byte vector has at least 64 bits).
   *
   * @return whether usable
   */
  static boolean usable() {
    return BYTES != null;
  }

  /**
   * Whether these kernels can read an ordinal's page: through its {@code MemorySegment} (Java 22+,
   * mapped or heap pages) or its backing array (heap pages, which is what Java 21 reads codes
   * into).
   *
   * @param codes the records
   * @param ord an ordinal
   * @return whether readable
   */
  static boolean readable(ByteRecords codes, int ord) {
    return (LOAD != null && codes.segment(ord) != null) || codes.page(ord).hasArray();
  }

  /** What {@link #load} reads an ordinal's code from: its page's segment, or its page's array. */
  private static Object base(ByteRecords codes, int ord) {
    Object segment = LOAD != null ? codes.segment(ord) : null;
    return segment != null ? segment : codes.page(ord).array();
  }

  /** Where an ordinal's code starts in its {@link #base}: arrays count from their first byte. */
  private static long offset(ByteRecords codes, Object base, int ord) {
    int at = codes.offset(ord);
    return base instanceof byte[] ? (long) codes.page(ord).arrayOffset() + at : at;
  }

  private static MethodHandle load() {
    return BYTES == null ? null : PanamaMappedKernels.fromMemorySegment(ByteVector.class);
  }

  /** {@code LANES} code bytes from {@code offset} of a segment or array, widened to floats. */
  private static FloatVector load(Object base, long offset) {
    ByteVector b;
    if (base instanceof byte[] array) {
      b = ByteVector.fromArray(BYTES, array, (int) offset);
    } else {
      try {
        b = (ByteVector) LOAD.invokeExact(BYTES, base, offset, ByteOrder.LITTLE_ENDIAN);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
    return (FloatVector) b.convertShape(VectorOperators.B2F, SPECIES, 0);
  }

  static void dotMany(float[] q, ByteRecords codes, int[] ords, int count, float[] out) {
    int j = 0;
    for (; j + 8 <= count; j += 8) {
      many8(q, codes, ords, j, out);
    }
    for (; j + 4 <= count; j += 4) {
      many4(q, codes, ords, j, out);
    }
    for (; j < count; j++) {
      out[j] = one(q, codes, ords[j]);
    }
  }

  private static void many8(float[] q, ByteRecords c, int[] ords, int j, float[] out) {
    Object sa = base(c, ords[j]);
    Object sb = base(c, ords[j + 1]);
    Object sc = base(c, ords[j + 2]);
    Object sd = base(c, ords[j + 3]);
    Object se = base(c, ords[j + 4]);
    Object sf = base(c, ords[j + 5]);
    Object sg = base(c, ords[j + 6]);
    Object sh = base(c, ords[j + 7]);
    long oa = offset(c, sa, ords[j]);
    long ob = offset(c, sb, ords[j + 1]);
    long oc = offset(c, sc, ords[j + 2]);
    long od = offset(c, sd, ords[j + 3]);
    long oe = offset(c, se, ords[j + 4]);
    long of = offset(c, sf, ords[j + 5]);
    long og = offset(c, sg, ords[j + 6]);
    long oh = offset(c, sh, ords[j + 7]);
    FloatVector accA = FloatVector.zero(SPECIES);
    FloatVector accB = FloatVector.zero(SPECIES);
    FloatVector accC = FloatVector.zero(SPECIES);
    FloatVector accD = FloatVector.zero(SPECIES);
    FloatVector accE = FloatVector.zero(SPECIES);
    FloatVector accF = FloatVector.zero(SPECIES);
    FloatVector accG = FloatVector.zero(SPECIES);
    FloatVector accH = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound = SPECIES.loopBound(q.length); i < bound; i += LANES) {
      FloatVector x = FloatVector.fromArray(SPECIES, q, i);
      accA = x.fma(load(sa, oa + i), accA);
      accB = x.fma(load(sb, ob + i), accB);
      accC = x.fma(load(sc, oc + i), accC);
      accD = x.fma(load(sd, od + i), accD);
      accE = x.fma(load(se, oe + i), accE);
      accF = x.fma(load(sf, of + i), accF);
      accG = x.fma(load(sg, og + i), accG);
      accH = x.fma(load(sh, oh + i), accH);
    }
    out[j] = tail(q, c, ords[j], i, accA.reduceLanes(VectorOperators.ADD));
    out[j + 1] = tail(q, c, ords[j + 1], i, accB.reduceLanes(VectorOperators.ADD));
    out[j + 2] = tail(q, c, ords[j + 2], i, accC.reduceLanes(VectorOperators.ADD));
    out[j + 3] = tail(q, c, ords[j + 3], i, accD.reduceLanes(VectorOperators.ADD));
    out[j + 4] = tail(q, c, ords[j + 4], i, accE.reduceLanes(VectorOperators.ADD));
    out[j + 5] = tail(q, c, ords[j + 5], i, accF.reduceLanes(VectorOperators.ADD));
    out[j + 6] = tail(q, c, ords[j + 6], i, accG.reduceLanes(VectorOperators.ADD));
    out[j + 7] = tail(q, c, ords[j + 7], i, accH.reduceLanes(VectorOperators.ADD));
  }

  private static void many4(float[] q, ByteRecords c, int[] ords, int j, float[] out) {
    Object sa = base(c, ords[j]);
    Object sb = base(c, ords[j + 1]);
    Object sc = base(c, ords[j + 2]);
    Object sd = base(c, ords[j + 3]);
    long oa = offset(c, sa, ords[j]);
    long ob = offset(c, sb, ords[j + 1]);
    long oc = offset(c, sc, ords[j + 2]);
    long od = offset(c, sd, ords[j + 3]);
    FloatVector accA = FloatVector.zero(SPECIES);
    FloatVector accB = FloatVector.zero(SPECIES);
    FloatVector accC = FloatVector.zero(SPECIES);
    FloatVector accD = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound = SPECIES.loopBound(q.length); i < bound; i += LANES) {
      FloatVector x = FloatVector.fromArray(SPECIES, q, i);
      accA = x.fma(load(sa, oa + i), accA);
      accB = x.fma(load(sb, ob + i), accB);
      accC = x.fma(load(sc, oc + i), accC);
      accD = x.fma(load(sd, od + i), accD);
    }
    out[j] = tail(q, c, ords[j], i, accA.reduceLanes(VectorOperators.ADD));
    out[j + 1] = tail(q, c, ords[j + 1], i, accB.reduceLanes(VectorOperators.ADD));
    out[j + 2] = tail(q, c, ords[j + 2], i, accC.reduceLanes(VectorOperators.ADD));
    out[j + 3] = tail(q, c, ords[j + 3], i, accD.reduceLanes(VectorOperators.ADD));
  }

  private static float one(float[] q, ByteRecords c, int ord) {
    Object s = base(c, ord);
    long o = offset(c, s, ord);
    FloatVector acc = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound = SPECIES.loopBound(q.length); i < bound; i += LANES) {
      acc = FloatVector.fromArray(SPECIES, q, i).fma(load(s, o + i), acc);
    }
    return tail(q, c, ord, i, acc.reduceLanes(VectorOperators.ADD));
  }

  /** Adds the components from {@code from} on, in order, to {@code sum}. */
  private static float tail(float[] q, ByteRecords c, int ord, int from, float sum) {
    if (from < q.length) {
      ByteBuffer page = c.page(ord);
      int off = c.offset(ord);
      for (int t = from; t < q.length; t++) {
        sum += q[t] * page.get(off + t);
      }
    }
    return sum;
  }
}
