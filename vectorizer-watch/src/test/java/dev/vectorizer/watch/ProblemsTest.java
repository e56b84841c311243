package dev.vectorizer.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorizer.VectorizerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** What the watcher prints for a failure: plain words, not Java class names. */
class ProblemsTest {
  @Test
  void failuresAreDescribedInPlainWords() {
    assertEquals("permission denied", Problems.describe(new AccessDeniedException("/t/a.txt")));
    assertEquals("it vanished", Problems.describe(new NoSuchFileException("/t/a.txt")));
    assertEquals(
        "a symlink loop",
        Problems.describe(
            new FileSystemException("/t/l", null, "Too many levels of symbolic links")));
    assertEquals(
        "Input/output error",
        Problems.describe(
            new UncheckedIOException(new FileSystemException("/t/a", null, "Input/output error"))));
    assertEquals(
        "No space left on device",
        Problems.describe(new VectorizerException("No space left on device")));
    assertEquals(
        "disk gone", Problems.describe(new RuntimeException(new IOException("disk gone"))));
    assertEquals("unexpected NullPointerException", Problems.describe(new NullPointerException()));
  }
}
