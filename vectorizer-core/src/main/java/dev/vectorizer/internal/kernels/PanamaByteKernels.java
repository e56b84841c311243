package dev.vectorizer.internal.kernels;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
 * the query; eight codes per pass over the query (a batch of two to seven in one pass too), a
 * single code alone. A code of 384 bytes is a quarter of its float32 vector's memory traffic, which
 * is what the graph search waits on.
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

  /** Where an ordinal's code starts in {@link #base}. */
  private static long offset(ByteRecords codes, int ord) {
    ByteBuffer page = codes.page(ord);
    int arrayOffset = LOAD != null && codes.segment(ord) != null ? 0 : page.arrayOffset();
    return (long) arrayOffset + codes.offset(ord);
  }

  private static MethodHandle load() {
    if (BYTES == null || !MappedVectors.available()) {
      return null;
    }
    try {
      Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
      return MethodHandles.publicLookup()
          .findStatic(
              ByteVector.class,
              "fromMemorySegment",
              MethodType.methodType(
                  ByteVector.class, VectorSpecies.class, segment, long.class, ByteOrder.class))
          .asType(
              MethodType.methodType(
                  ByteVector.class,
                  VectorSpecies.class,
                  Object.class,
                  long.class,
                  ByteOrder.class));
    } catch (ReflectiveOperationException e) {
      return null;
    }
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
      many(q, codes, ords, j, 8, out);
    }
    int left = count - j;
    if (left == 1) {
      out[j] = one(q, codes, ords[j]);
    } else if (left > 1) {
      many(q, codes, ords, j, left, out);
    }
  }

  /**
   * Scores the codes of ords[j..j+n-1], n from 2 to 8, in one pass: eight independent accumulator
   * chains keep both FMA units busy and eight codes' cache misses in flight. Below eight, the
   * missing ones repeat the last (its lines are already in cache) and write its score again.
   */
  private static void many(float[] q, ByteRecords c, int[] ords, int j, int n, float[] out) {
    int ka = j;
    int kb = j + Math.min(1, n - 1);
    int kc = j + Math.min(2, n - 1);
    int kd = j + Math.min(3, n - 1);
    int ke = j + Math.min(4, n - 1);
    int kf = j + Math.min(5, n - 1);
    int kg = j + Math.min(6, n - 1);
    int kh = j + Math.min(7, n - 1);
    Object sa = base(c, ords[ka]);
    Object sb = base(c, ords[kb]);
    Object sc = base(c, ords[kc]);
    Object sd = base(c, ords[kd]);
    Object se = base(c, ords[ke]);
    Object sf = base(c, ords[kf]);
    Object sg = base(c, ords[kg]);
    Object sh = base(c, ords[kh]);
    long oa = offset(c, ords[ka]);
    long ob = offset(c, ords[kb]);
    long oc = offset(c, ords[kc]);
    long od = offset(c, ords[kd]);
    long oe = offset(c, ords[ke]);
    long of = offset(c, ords[kf]);
    long og = offset(c, ords[kg]);
    long oh = offset(c, ords[kh]);
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
    out[ka] = tail(q, c, ords[ka], i, accA.reduceLanes(VectorOperators.ADD));
    out[kb] = tail(q, c, ords[kb], i, accB.reduceLanes(VectorOperators.ADD));
    out[kc] = tail(q, c, ords[kc], i, accC.reduceLanes(VectorOperators.ADD));
    out[kd] = tail(q, c, ords[kd], i, accD.reduceLanes(VectorOperators.ADD));
    out[ke] = tail(q, c, ords[ke], i, accE.reduceLanes(VectorOperators.ADD));
    out[kf] = tail(q, c, ords[kf], i, accF.reduceLanes(VectorOperators.ADD));
    out[kg] = tail(q, c, ords[kg], i, accG.reduceLanes(VectorOperators.ADD));
    out[kh] = tail(q, c, ords[kh], i, accH.reduceLanes(VectorOperators.ADD));
  }

  private static float one(float[] q, ByteRecords c, int ord) {
    Object s = base(c, ord);
    long o = offset(c, ord);
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
