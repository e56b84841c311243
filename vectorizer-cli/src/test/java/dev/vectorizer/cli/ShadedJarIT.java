package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded jar as a user would, in a child JVM. Failsafe runs it after {@code package} (see
 * the module's pom); it is skipped when the jar has not been built.
 */
class ShadedJarIT {
  private static final String INCUBATOR_WARNING =
      "WARNING: Using incubator modules: jdk.incubator.vector";

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Path jar() {
    return Path.of(System.getProperty("vectorizer.cli.jar", "target/vectorizer-cli.jar"));
  }

  private Run vectorizer(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("--add-modules", "jdk.incubator.vector", "-jar", jar().toString()));
    command.addAll(List.of("--data", dir.resolve("data").toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8)
            .replace(INCUBATOR_WARNING + System.lineSeparator(), ""));
  }

  @Test
  void shadedJarRunsTheCommandsWithCleanOutput() throws Exception {
    assumeTrue(Files.isRegularFile(jar()), jar() + " is not built");

    Run create = vectorizer("collections", "create", "docs", "--dim", "3", "--metric", "dot");
    assertEquals(new Run(0, "created collection 'docs' (dimension 3, dot)\n", ""), create);

    // Services (the storage engine provider), slf4j-simple at warn and JVector's logging at
    // WARNING: nothing but the answer on stdout, nothing on stderr.
    Run list = vectorizer("collections", "list");
    assertEquals(new Run(0, "docs\n", ""), list);

    Run missing = vectorizer("get", "docs", "nope");
    assertEquals(new Run(1, "", "vectorizer: no point 'nope' in collection 'docs'\n"), missing);

    Run version = vectorizer("--version");
    assertEquals(0, version.code());
    assertEquals(
        "vectorizer " + System.getProperty("vectorizer.version", "0.1.0-SNAPSHOT"),
        version.out().lines().findFirst().orElseThrow());

    Run usage = vectorizer("collections", "create", "x", "--dim", "3", "--metric", "hamming");
    assertEquals(2, usage.code());
  }
}
