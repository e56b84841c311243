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
 * Distance kernels, Panama versus scalar, side by side in one run.
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
  @Param({"128", "384", "768", "1536"})
  int dim;

  @Param({"panama", "scalar"})
  String kernels;

  private VectorKernels k;
  private float[] a;
  private float[] b;
  private float[] c;
  private float[] d;
  private float[] e;
  private final float[] out = new float[4];

  /** Makes the vectors. */
  @Setup
  public void setUp() {
    k =
        kernels.equals("scalar")
            ? Kernels.scalar()
            : Kernels.panama()
                .orElseThrow(() -> new IllegalStateException("run with jdk.incubator.vector"));
    Random r = new Random(dim);
    a = random(r);
    b = random(r);
    c = random(r);
    d = random(r);
    e = random(r);
  }

  private float[] random(Random r) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = r.nextFloat() * 2 - 1;
    }
    return v;
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
   * Four dot products sharing the query (the graph search's batch).
   *
   * @return a result
   */
  @Benchmark
  public float dot4() {
    k.dot4(a, b, c, d, e, out);
    return out[3];
  }
}
