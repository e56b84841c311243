package dev.vectorizer.embed.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX runs leave no {@code onnxruntime-java*} folder in {@code java.io.tmpdir}: neither while the
 * process runs (so a killed run leaves nothing either) nor after it exits.
 */
class RuntimeTempDirectoryTest {
  @TempDir Path tmp;

  @Test
  void loadingTheModelsLeavesNoTemporaryFolder() throws Exception {
    Path tmpdir = Files.createDirectories(tmp.resolve("tmpdir"));
    Process p =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Djava.io.tmpdir=" + tmpdir,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                OnnxChild.class.getName())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("minilm 384") && out.contains("bge-small 384"), out);
    assertTrue(out.contains("DONE"), out);
    assertFalse(out.contains("LEFT onnxruntime-java"), "left while running: " + out);
    try (Stream<Path> s = Files.list(tmpdir)) {
      List<String> left = s.map(f -> f.getFileName().toString()).toList();
      assertTrue(
          left.stream().noneMatch(n -> n.startsWith("onnxruntime-java")),
          "left after exit: " + left);
    }
  }
}
