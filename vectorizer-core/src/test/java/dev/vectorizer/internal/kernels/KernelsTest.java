package dev.vectorizer.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kernel against a double-precision reference, at dimensions that exercise the unrolled
 * vector loop, the single-vector loop and the scalar tail. The surefire execution without {@code
 * --add-modules jdk.incubator.vector} runs this class again against the scalar fallback.
 */
class KernelsTest {
  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private static List<VectorKernels> implementations() {
    List<VectorKernels> all = new ArrayList<>();
    all.add(Kernels.get());
    all.add(Kernels.scalar());
    Kernels.panama().ifPresent(all::add);
    return all;
  }

  private static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }

  @Test
  void theChosenKernelsAreTheExpectedOnes() {
    String expected = System.getProperty("vectorizer.test.expectedKernels");
    if (expected != null) {
      assertEquals(expected, Kernels.get().name());
    }
    assertSame(Kernels.get(), Kernels.get(), "chosen once per JVM");
    assertEquals(vectorModulePresent(), Kernels.panama().isPresent());
    Kernels.panama().ifPresent(p -> assertEquals("panama", p.name()));
    if (System.getProperty(Kernels.PROPERTY) == null) {
      assertEquals(Kernels.panama().isPresent() ? "panama" : "scalar", Kernels.get().name());
    }
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
        float[][] others = {b, c, d, e};
        assertClose(dot(a, b), k.dot(a, b), magnitude(a, b), k, "dot", dim);
        assertClose(l2(a, b), k.squaredL2(a, b), l2Magnitude(a, b), k, "squaredL2", dim);
        assertClose(
            dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b)), k.cosine(a, b), 1, k, "cosine", dim);

        float[] out = new float[4];
        dot4(k, a, others, out);
        for (int i = 0; i < 4; i++) {
          assertClose(dot(a, others[i]), out[i], magnitude(a, others[i]), k, "dot4", dim);
          assertClose(k.dot(a, others[i]), out[i], magnitude(a, others[i]), k, "dot4~dot", dim);
        }
        l2x4(k, a, others, out);
        for (int i = 0; i < 4; i++) {
          double m = l2Magnitude(a, others[i]);
          assertClose(l2(a, others[i]), out[i], m, k, "l2x4", dim);
          assertClose(k.squaredL2(a, others[i]), out[i], m, k, "l2x4~l2", dim);
        }
      }
    }
  }

  /**
   * Small integers make every partial sum exact in float, so any order of summation gives exactly
   * the reference: a dropped, doubled or misaligned element cannot hide inside a tolerance.
   */
  @ParameterizedTest
  @ValueSource(
      ints = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 48, 56, 64, 80, 100, 384, 1536})
  void integerVectorsGiveExactResults(int dim) {
    Random r = new Random(31L * dim);
    for (VectorKernels k : implementations()) {
      float[] a = smallIntegers(r, dim);
      float[] b = smallIntegers(r, dim);
      float[] c = smallIntegers(r, dim);
      float[] d = smallIntegers(r, dim);
      float[] e = smallIntegers(r, dim);
      float[][] others = {b, c, d, e};
      String where = k.name() + " at d=" + dim;
      assertEquals((float) dot(a, b), k.dot(a, b), "dot " + where);
      assertEquals((float) l2(a, b), k.squaredL2(a, b), "squaredL2 " + where);
      float[] out = new float[4];
      dot4(k, a, others, out);
      for (int i = 0; i < 4; i++) {
        assertEquals((float) dot(a, others[i]), out[i], "dot4[" + i + "] " + where);
      }
      l2x4(k, a, others, out);
      for (int i = 0; i < 4; i++) {
        assertEquals((float) l2(a, others[i]), out[i], "squaredL2x4[" + i + "] " + where);
      }
      double na = dot(a, a);
      double nb = dot(b, b);
      double cos = na == 0 || nb == 0 ? 0 : dot(a, b) / Math.sqrt(na * nb);
      assertEquals(cos, k.cosine(a, b), 1e-6, "cosine " + where);
    }
  }

  @Test
  void cosineOfAZeroVectorIsZero() {
    for (VectorKernels k : implementations()) {
      for (int dim : new int[] {1, 3, 8, 17, 384}) {
        float[] zero = new float[dim];
        float[] one = random(new Random(dim), dim);
        assertEquals(0f, k.cosine(zero, one), k.name() + " d=" + dim);
        assertEquals(0f, k.cosine(one, zero), k.name() + " d=" + dim);
        assertEquals(0f, k.cosine(zero, zero), k.name() + " d=" + dim);
      }
      assertEquals(0f, k.cosine(new float[0], new float[0]), k.name() + " d=0");
      assertEquals(0f, k.dot(new float[0], new float[0]), k.name() + " d=0");
      assertEquals(0f, k.squaredL2(new float[0], new float[0]), k.name() + " d=0");
    }
  }

  @Test
  void cosineOfAVectorWithItselfAndItsOppositeIsOneAndMinusOne() {
    for (VectorKernels k : implementations()) {
      for (int dim : new int[] {1, 7, 16, 33, 768}) {
        float[] a = random(new Random(dim), dim);
        float[] minus = new float[dim];
        for (int i = 0; i < dim; i++) {
          minus[i] = -a[i];
        }
        assertEquals(1f, k.cosine(a, a), 1e-6f, k.name() + " d=" + dim);
        assertEquals(-1f, k.cosine(a, minus), 1e-6f, k.name() + " d=" + dim);
      }
    }
  }

  @Test
  void panamaAndScalarAgree() {
    if (vectorModulePresent()) {
      assertTrue(Kernels.panama().isPresent(), "the module is present, so panama must load");
    }
    Kernels.panama()
        .ifPresent(
            p -> {
              VectorKernels s = Kernels.scalar();
              Random r = new Random(99);
              for (int dim = 1; dim <= 200; dim++) {
                checkAgreement(s, p, r, dim);
              }
              for (int dim : new int[] {383, 384, 385, 1000, 1536}) {
                checkAgreement(s, p, r, dim);
              }
            });
  }

  private static void checkAgreement(VectorKernels s, VectorKernels p, Random r, int dim) {
    float[] a = random(r, dim);
    float[] b = random(r, dim);
    float[] c = random(r, dim);
    float[] d = random(r, dim);
    float[] e = random(r, dim);
    double m = magnitude(a, b);
    assertClose(s.dot(a, b), p.dot(a, b), m, p, "dot vs scalar", dim);
    assertClose(s.squaredL2(a, b), p.squaredL2(a, b), l2Magnitude(a, b), p, "l2 vs scalar", dim);
    assertClose(s.cosine(a, b), p.cosine(a, b), 1, p, "cosine vs scalar", dim);
    float[] so = new float[4];
    float[] po = new float[4];
    float[][] others = {b, c, d, e};
    dot4(s, a, others, so);
    dot4(p, a, others, po);
    for (int i = 0; i < 4; i++) {
      assertClose(so[i], po[i], magnitude(a, others[i]), p, "dot4 vs scalar", dim);
    }
    l2x4(s, a, others, so);
    l2x4(p, a, others, po);
    for (int i = 0; i < 4; i++) {
      assertClose(so[i], po[i], l2Magnitude(a, others[i]), p, "l2x4 vs scalar", dim);
    }
  }

  @Test
  void scalarIsAlwaysAvailable() {
    assertEquals("scalar", Kernels.scalar().name());
    assertSame(Kernels.scalar(), Kernels.scalar());
    assertThrows(NullPointerException.class, () -> Kernels.scalar().dot(null, new float[1]));
  }

  // The choice is made once per JVM, so the property is checked in child JVMs.

  @Test
  void anUnknownForcedChoiceIsNamedInTheError() throws Exception {
    String output = child(false, "-D" + Kernels.PROPERTY + "=fast").expectExit(3);
    assertTrue(
        output.contains(
            "IllegalArgumentException: -Dvectorizer.kernels=fast is not a kernel choice:"
                + " use panama, scalar or auto"),
        output);
  }

  @Test
  void forcingPanamaWithoutTheModuleFailsClearly() throws Exception {
    String output = child(false, "-D" + Kernels.PROPERTY + "=panama").expectExit(3);
    assertTrue(output.contains("IllegalStateException: -Dvectorizer.kernels=panama, but"), output);
    assertTrue(output.contains("--add-modules jdk.incubator.vector"), output);
  }

  @Test
  void withoutTheModuleTheScalarKernelsAreChosenAndTheReasonLogged() throws Exception {
    String output = child(false).expectExit(0);
    assertTrue(output.contains("chosen=scalar"), output);
    assertTrue(
        output.contains(
            "Vectorizer distance kernels: scalar (jdk.incubator.vector not present;"
                + " run with --add-modules jdk.incubator.vector for SIMD)"),
        output);
  }

  @Test
  void scalarCanBeForcedWhenTheModuleIsPresent() throws Exception {
    String output = child(true, "-D" + Kernels.PROPERTY + "=Scalar").expectExit(0);
    assertTrue(output.contains("chosen=scalar"), output);
    assertTrue(output.contains("Vectorizer distance kernels: scalar (forced"), output);
  }

  @Test
  void withTheModuleThePanamaKernelsAreChosenAndLogged() throws Exception {
    // The child has the module whatever this JVM has; only a CPU narrower than 4 floats says no.
    String output = child(true, "-D" + Kernels.PROPERTY + "=auto").expectExit(0);
    if (output.contains("chosen=scalar")) {
      assertTrue(output.contains("lanes"), output);
      return;
    }
    assertTrue(output.contains("chosen=panama"), output);
    assertTrue(output.contains("Vectorizer distance kernels: panama (FloatVector "), output);
    assertTrue(output.contains(" bits)"), output);
  }

  private record ChildResult(int exit, String output) {
    String expectExit(int expected) {
      assertEquals(expected, exit, output);
      return output;
    }
  }

  private static ChildResult child(boolean withModule, String... properties)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    if (withModule) {
      command.add("--add-modules");
      command.add(VECTOR_MODULE);
    }
    command.addAll(List.of(properties));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChoiceProbe.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("child JVM did not exit: " + output);
    }
    return new ChildResult(p.exitValue(), output);
  }

  /** Child process entry point for the tests of the forced choice. */
  static final class ChoiceProbe {
    public static void main(String[] args) {
      VectorKernels chosen;
      try {
        chosen = Kernels.get();
      } catch (IllegalArgumentException | IllegalStateException e) {
        // A second call must fail the same way, not with NoClassDefFoundError.
        try {
          Kernels.get();
          System.out.println("second call succeeded");
          System.exit(5);
        } catch (RuntimeException again) {
          if (again.getClass() != e.getClass() || !again.getMessage().equals(e.getMessage())) {
            System.out.println("second call threw " + again);
            System.exit(5);
          }
        }
        System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        System.exit(3);
        return;
      }
      if (Kernels.get() != chosen) {
        System.out.println("chosen twice");
        System.exit(4);
      }
      System.out.println("chosen=" + chosen.name());
      System.exit(0);
    }
  }

  private static void dot4(VectorKernels k, float[] q, float[][] four, float[] out) {
    k.dotMany(q, four, new int[4], 4, out);
  }

  private static void l2x4(VectorKernels k, float[] q, float[][] four, float[] out) {
    k.squaredL2Many(q, four, new int[4], 4, out);
  }

  private static void assertClose(
      double expected, float actual, double magnitude, VectorKernels k, String op, int dim) {
    double tolerance = 1e-5 * Math.max(1.0, magnitude);
    assertEquals(expected, actual, tolerance, k.name() + " " + op + " at d=" + dim);
  }

  /** The scale of a dot product's rounding error: |a| |b|. */
  private static double magnitude(float[] a, float[] b) {
    return Math.sqrt(dot(a, a) * dot(b, b));
  }

  /** The scale of a squared distance's rounding error: (|a| + |b|)^2. */
  private static double l2Magnitude(float[] a, float[] b) {
    double s = Math.sqrt(dot(a, a)) + Math.sqrt(dot(b, b));
    return s * s;
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

  private static float[] smallIntegers(Random r, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = r.nextInt(9) - 4;
    }
    return v;
  }
}
