package dev.vectorizer.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles a small application as a named module that requires only {@code dev.vectorizer.api}, and
 * runs it with {@code java -p ... -m} on exactly the engine's runtime jars (as Maven resolves
 * them): an in-memory store, a durable store, and {@code Embedder.byName("hashing")} must work with
 * and without the Vector API module, and the engine's internals must not be reachable.
 */
class ModulePathTest {
  @TempDir Path dir;

  private static final String MODULE_INFO = "module demo { requires dev.vectorizer.api; }\n";

  private static final String MAIN =
      """
      package demo;

      import dev.vectorizer.*;
      import java.nio.file.Path;
      import java.util.List;
      import java.util.Map;

      public final class Main {
        public static void main(String[] args) throws Exception {
          try (VectorStore store = VectorStore.inMemory()) {
            Collection c = store.createCollection("docs", CollectionConfig.of(3));
            c.upsert(Point.of("a", new float[] {1, 0, 0}, Map.of("lang", "en")));
            c.upsert(Point.of("b", new float[] {0, 1, 0}, Map.of("lang", "de")));
            List<Hit> hits = c.search(SearchRequest.of(new float[] {1, 0.1f, 0}).limit(1));
            System.out.println("memory " + hits.get(0).id() + " " + store.stats().kernels());
          }
          Path data = Path.of(args[0]);
          try (VectorStore store = VectorStore.open(data)) {
            store.createCollection("docs", CollectionConfig.of(3))
                .upsert(Point.of("a", new float[] {1, 2, 3}, Map.of("n", 1)));
          }
          try (VectorStore store = VectorStore.open(data)) {
            System.out.println("durable " + store.collection("docs").count());
          }
          Embedder e = Embedder.byName("hashing");
          System.out.println("embedder " + e.id() + " " + e.embed("hello world").length);
          try {
            Class.forName("dev.vectorizer.internal.engine.EngineProvider")
                .getConstructor().newInstance();
            System.out.println("internals reachable");
          } catch (IllegalAccessException expected) {
            System.out.println("internals hidden");
          }
        }
      }
      """;

  private static List<Path> runtimeJars() throws IOException {
    Path listing = Path.of("target", "runtime-classpath.txt");
    List<Path> jars = new ArrayList<>();
    for (String entry : Files.readString(listing).trim().split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        jars.add(Path.of(entry));
      }
    }
    jars.add(Path.of("target", "classes").toAbsolutePath());
    return jars;
  }

  private static String modulePath(List<Path> entries) {
    return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
  }

  private Path compileDemo(List<Path> engine) throws IOException {
    Path src = dir.resolve("src/demo");
    Files.createDirectories(src.resolve("demo"));
    Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
    Files.writeString(src.resolve("demo/Main.java"), MAIN);
    Path out = dir.resolve("classes/demo");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(
            null,
            null,
            null,
            "--module-path",
            modulePath(engine),
            "-d",
            out.toString(),
            src.resolve("module-info.java").toString(),
            src.resolve("demo/Main.java").toString());
    assertEquals(0, rc, "the demo module compiles against the API module");
    return out;
  }

  private String run(Path demo, List<Path> engine, boolean vectorModule, Path data)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (vectorModule) {
      cmd.add("--add-modules");
      cmd.add("jdk.incubator.vector");
    }
    List<Path> path = new ArrayList<>(engine);
    path.add(0, demo);
    cmd.addAll(List.of("-p", modulePath(path), "-m", "demo/demo.Main", data.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the demo finishes");
    assertEquals(0, p.exitValue(), output);
    return output;
  }

  @Test
  void anApplicationOnTheModulePathUsesTheStoreAndTheEmbedderButNotTheInternals() throws Exception {
    List<Path> engine = runtimeJars();
    Path demo = compileDemo(engine);
    String panama = run(demo, engine, true, dir.resolve("data1"));
    assertTrue(panama.contains("memory a panama"), panama);
    assertTrue(panama.contains("durable 1"), panama);
    assertTrue(panama.contains("embedder hashing"), panama);
    assertTrue(panama.contains("internals hidden"), panama);
    assertFalse(panama.contains("Exception"), panama);

    String scalar = run(demo, engine, false, dir.resolve("data2"));
    assertTrue(scalar.contains("memory a scalar"), scalar);
    assertTrue(scalar.contains("durable 1"), scalar);
    assertTrue(scalar.contains("internals hidden"), scalar);
  }
}
