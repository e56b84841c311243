package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Runs the command in-process against a data directory, capturing its output. */
final class CliRunner {
  private final Path data;
  private final VectorizerCommand.StoreOpener opener;

  CliRunner(Path data) {
    this(data, VectorizerCommand.StoreOpener.DEFAULT);
  }

  /** A runner whose commands open stores for writing through an opener (a full disk). */
  CliRunner(Path data, VectorizerCommand.StoreOpener opener) {
    this.data = data;
    this.opener = opener;
  }

  /** A finished run. */
  record Result(int code, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\n"));
    }
  }

  Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] full = new String[args.length + 2];
    full[0] = "--data";
    full[1] = data.toString();
    System.arraycopy(args, 0, full, 2, args.length);
    int code =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            opener,
            full);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs and checks the exit code; returns {stdout, stderr}. */
  String[] expect(int code, String... args) {
    Result r = run(args);
    assertEquals(code, r.code(), "stdout: " + r.out() + " stderr: " + r.err());
    return new String[] {r.out(), r.err()};
  }
}
