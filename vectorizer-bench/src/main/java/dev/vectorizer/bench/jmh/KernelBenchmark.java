package dev.vectorizer.bench.jmh;

import dev.vectorizer.internal.kernels.Kernels;
import dev.vectorizer.internal.kernels.VectorKernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Distance kernels, Panama versus scalar, side by side in one run; and the neighbour scoring of a
 * graph search: eight vectors at scattered offsets of one contiguous page (as in a sealed segment)
 * scored one at a time, as two batches of four, or as one batch of eight. The three batch
 * benchmarks score eight vectors per operation, so their ops/us compare directly.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar vectorizer-bench/target/vectorizer-bench.jar \
 *   jmh KernelBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class KernelBenchmark {
  private static final int PAGE_VECTORS = 2048;
  private static final int SETS = 256;

  @Param({"128", "384", "768", "1536"})
  int dim;

  @Param({"panama", "scalar"})
  String kernels;

  private VectorKernels k;
  private float[] a;
  private float[] b;
  private float[] page;
  private float[][] pages;
  private int[][] offsetSets;
  private int[][] firstHalves;
  private int[][] secondHalves;
  private int set;
  private final float[] out = new float[8];

  /** Makes the vectors. */
  @Setup
  public void setUp() {
    k =
        kernels.equals("scalar")
            ? Kernels.scalar()
            : Kernels.panama()
                .orElseThrow(() -> new IllegalStateException("run with jdk.incubator.vector"));
    Random r = new Random(dim);
    a = random(r, dim);
    b = random(r, dim);
    page = random(r, PAGE_VECTORS * dim);
    pages = new float[8][];
    java.util.Arrays.fill(pages, page);
    offsetSets = new int[SETS][8];
    firstHalves = new int[SETS][];
    secondHalves = new int[SETS][];
    for (int s = 0; s < SETS; s++) {
      for (int i = 0; i < 8; i++) {
        offsetSets[s][i] = r.nextInt(PAGE_VECTORS) * dim;
      }
      firstHalves[s] = java.util.Arrays.copyOfRange(offsetSets[s], 0, 4);
      secondHalves[s] = java.util.Arrays.copyOfRange(offsetSets[s], 4, 8);
    }
  }

  private static float[] random(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextFloat() * 2 - 1;
    }
    return v;
  }

  private int[] nextOffsets() {
    set = (set + 1) & (SETS - 1);
    return offsetSets[set];
  }

  /**
   * One dot product.
   *
   * @return the result
   */
  @Benchmark
  public float dot() {
    return k.dot(a, b);
  }

  /**
   * One squared euclidean distance.
   *
   * @return the result
   */
  @Benchmark
  public float squaredL2() {
    return k.squaredL2(a, b);
  }

  /**
   * Eight neighbours scored one at a time.
   *
   * @return a result
   */
  @Benchmark
  public float neighbours8Singly() {
    int[] o = nextOffsets();
    float s = 0;
    for (int i = 0; i < 8; i++) {
      s += k.dot(a, page, o[i]);
    }
    return s;
  }

  /**
   * Eight neighbours scored as two batches of four.
   *
   * @return a result
   */
  @Benchmark
  public float neighbours8As4x2() {
    nextOffsets();
    k.dotMany(a, pages, firstHalves[set], 4, out);
    float s = out[3];
    k.dotMany(a, pages, secondHalves[set], 4, out);
    return s + out[3];
  }

  /**
   * Eight neighbours scored as one batch of eight.
   *
   * @return a result
   */
  @Benchmark
  public float neighbours8As8() {
    k.dotMany(a, pages, nextOffsets(), 8, out);
    return out[7];
  }
}
