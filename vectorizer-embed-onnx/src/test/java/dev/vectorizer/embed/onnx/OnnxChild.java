package dev.vectorizer.embed.onnx;

import dev.vectorizer.Embedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A child process for {@link RuntimeTempDirectoryTest}: loads both models, lists its tmpdir. */
public final class OnnxChild {
  private OnnxChild() {}

  /**
   * Runs.
   *
   * @param args none
   * @throws Exception when a model cannot be loaded
   */
  public static void main(String[] args) throws Exception {
    for (String name : new String[] {"minilm", "bge-small"}) {
      Embedder e = Embedder.byName(name);
      System.out.println(name + " " + e.embed("hello").length);
    }
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      s.forEach(p -> System.out.println("LEFT " + p.getFileName()));
    }
    System.out.println("DONE");
  }
}
