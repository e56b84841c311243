package dev.vectorizer.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * JVector's INFO and WARNING lines (SIMD provider, thread pool) stay out of an application's output
 * unless it asks for them. Each case runs a fresh JVM, because JVector logs once per JVM.
 */
class JVectorLoggingTest {

  @Test
  void anApplicationThatConfiguresNothingSeesNoJVectorLines() throws Exception {
    String output = child();
    assertFalse(output.contains("VectorizationProvider"), output);
    assertFalse(output.contains("PhysicalCoreExecutor"), output);
    assertFalse(output.contains("io.github.jbellis"), output);
    assertTrue(output.contains("searched 5"), output);
  }

  @Test
  void thePropertyBringsThemBack() throws Exception {
    String output = child("-D" + JVectorLogging.PROPERTY + "=INFO");
    assertTrue(output.contains("io.github.jbellis.jvector"), output);
    assertTrue(output.contains("searched 5"), output);
  }

  @Test
  void aBadPropertyValueIsNamedAndJVectorStaysQuiet() throws Exception {
    String output = child("-D" + JVectorLogging.PROPERTY + "=LOUD");
    assertTrue(output.contains("-Dvectorizer.jvector.logLevel=LOUD"), output);
    assertFalse(output.contains("VectorizationProvider"), output);
    assertTrue(output.contains("searched 5"), output);
  }

  private static String child(String... properties) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("--add-modules");
    command.add("jdk.incubator.vector");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    command.addAll(List.of(properties));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Probe.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("child JVM did not exit: " + output);
    }
    assertEquals(0, p.exitValue(), output);
    return output;
  }

  /**
   * Child entry point: builds a graph (more points than the exact-search threshold) and searches.
   */
  static final class Probe {
    public static void main(String[] args) {
      Random random = new Random(7);
      try (VectorStore store = VectorStore.inMemory()) {
        Collection c =
            store.createCollection(
                "c", CollectionConfig.builder(8).exactSearchThreshold(0).build());
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          float[] v = new float[8];
          for (int d = 0; d < v.length; d++) {
            v[d] = random.nextFloat() - 0.5f;
          }
          points.add(Point.of("p" + i, v));
        }
        c.upsert(points);
        int hits = c.search(SearchRequest.of(points.get(0).vector()).limit(5)).size();
        System.out.println("searched " + hits);
      }
    }
  }
}
