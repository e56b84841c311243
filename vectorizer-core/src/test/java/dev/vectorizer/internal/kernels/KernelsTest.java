package dev.vectorizer.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kernel against a double-precision reference, at dimensions that exercise the vector loop,
 * the unrolled loop and the scalar tail. The surefire execution without {@code --add-modules
 * jdk.incubator.vector} runs this class again against the scalar fallback.
 */
class KernelsTest {
  private static List<VectorKernels> implementations() {
    List<VectorKernels> all = new ArrayList<>();
    all.add(Kernels.get());
    all.add(Kernels.scalar());
    Kernels.panama().ifPresent(all::add);
    return all;
  }

  @Test
  void theChosenKernelsAreTheExpectedOnes() {
    String expected = System.getProperty("vectorizer.test.expectedKernels");
    if (expected != null) {
      assertEquals(expected, Kernels.get().name());
    }
    assertEquals(
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        Kernels.panama().isPresent());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 8, 15, 16, 17, 31, 64, 100, 128, 384, 768, 1536})
  void kernelsMatchTheReference(int dim) {
    Random r = new Random(dim);
    for (VectorKernels k : implementations()) {
      for (int trial = 0; trial < 5; trial++) {
        float[] a = random(r, dim);
        float[] b = random(r, dim);
        float[] c = random(r, dim);
        float[] d = random(r, dim);
        float[] e = random(r, dim);
        assertClose(dot(a, b), k.dot(a, b), magnitude(a, b), k, "dot", dim);
        assertClose(l2(a, b), k.squaredL2(a, b), 4 * magnitude(a, b), k, "squaredL2", dim);
        assertClose(
            dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b)), k.cosine(a, b), 1, k, "cosine", dim);
        float[] out = new float[4];
        k.dot4(a, b, c, d, e, out);
        float[][] others = {b, c, d, e};
        for (int i = 0; i < 4; i++) {
          assertClose(dot(a, others[i]), out[i], magnitude(a, others[i]), k, "dot4", dim);
        }
        k.squaredL2x4(a, b, c, d, e, out);
        for (int i = 0; i < 4; i++) {
          assertClose(l2(a, others[i]), out[i], 4 * magnitude(a, others[i]), k, "l2x4", dim);
        }
      }
    }
  }

  @Test
  void cosineOfAZeroVectorIsZero() {
    for (VectorKernels k : implementations()) {
      float[] zero = new float[384];
      float[] one = random(new Random(1), 384);
      assertEquals(0f, k.cosine(zero, one), k.name());
      assertEquals(0f, k.cosine(one, zero), k.name());
    }
  }

  @Test
  void panamaAndScalarAgree() {
    Kernels.panama()
        .ifPresent(
            p -> {
              Random r = new Random(99);
              for (int dim : new int[] {5, 128, 384, 1000}) {
                float[] a = random(r, dim);
                float[] b = random(r, dim);
                assertEquals(Kernels.scalar().dot(a, b), p.dot(a, b), 1e-3f * dim);
                assertEquals(Kernels.scalar().squaredL2(a, b), p.squaredL2(a, b), 1e-3f * dim);
              }
            });
  }

  @Test
  void anUnknownForcedChoiceIsNamedInTheError() throws Exception {
    // The choice is made once per JVM, so check the parser in a child JVM.
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "-Dvectorizer.kernels=fast",
                "-cp",
                System.getProperty("java.class.path"),
                ForcedChoice.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    assertEquals(3, p.waitFor(), output);
    assertTrue(output.contains("-Dvectorizer.kernels=fast is not a kernel choice"), output);
  }

  /** Child process entry point for {@link #anUnknownForcedChoiceIsNamedInTheError()}. */
  static final class ForcedChoice {
    public static void main(String[] args) {
      try {
        Kernels.get();
      } catch (ExceptionInInitializerError | IllegalArgumentException e) {
        Throwable t = e instanceof ExceptionInInitializerError ? e.getCause() : e;
        System.out.println(t.getMessage());
        System.exit(3);
      }
      System.exit(0);
    }
  }

  @Test
  void scalarIsAlwaysAvailable() {
    assertEquals("scalar", Kernels.scalar().name());
    assertThrows(NullPointerException.class, () -> Kernels.scalar().dot(null, new float[1]));
  }

  private static void assertClose(
      double expected, float actual, double magnitude, VectorKernels k, String op, int dim) {
    double tolerance = 1e-5 * Math.max(1.0, magnitude);
    assertEquals(expected, actual, tolerance, k.name() + " " + op + " at d=" + dim);
  }

  private static double magnitude(float[] a, float[] b) {
    return Math.sqrt(dot(a, a) * dot(b, b));
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  private static double l2(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (double) a[i] - b[i];
      s += d * d;
    }
    return s;
  }

  private static float[] random(Random r, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = r.nextFloat() * 2 - 1;
    }
    return v;
  }
}
