package dev.vectorizer.cli;

import dev.vectorizer.VectorizerException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The {@code vectorizer} command. Exit codes: 0 success, 1 failure, 2 usage error; errors are one
 * line on stderr prefixed {@code vectorizer: } (with {@code --verbose}, the stack trace too).
 */
public final class Main {
  private Main() {}

  /**
   * Runs the command and exits with its code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /**
   * Runs the command in-process.
   *
   * @param out standard output
   * @param err standard error
   * @param args the command line
   * @return the exit code
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return run(out, err, VectorizerCommand.StoreOpener.DEFAULT, args);
  }

  /**
   * Like {@link #run(PrintStream, PrintStream, String...)}, opening stores for writing with a given
   * opener.
   */
  static int run(
      PrintStream out, PrintStream err, VectorizerCommand.StoreOpener opener, String... args) {
    VectorizerCommand root = new VectorizerCommand(out, err, opener);
    CommandLine cl = new CommandLine(root);
    setVersionProvider(cl, new Version());
    // "vectorizer query NAME --max-procs": a query may look like an option it is not
    cl.getSubcommands().get("query").setUnmatchedOptionsArePositionalParams(true);
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("vectorizer: " + String.valueOf(ex.getMessage()).replace('\n', ' '));
          err.println(
              "Run '"
                  + ex.getCommandLine().getCommandSpec().qualifiedName(" ")
                  + " --help' for usage.");
          return 2;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof CommandLine.ParameterException pe) {
            err.println("vectorizer: " + pe.getMessage());
            return 2;
          }
          if (ex instanceof UsageError) {
            err.println("vectorizer: " + ex.getMessage());
            return 2;
          }
          String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
          if (!(ex instanceof VectorizerException
              || ex instanceof IllegalArgumentException
              || ex instanceof UnsupportedOperationException
              || ex instanceof UncheckedIOException
              || ex instanceof java.io.IOException
              || ex instanceof Failure)) {
            message = ex.getClass().getSimpleName() + ": " + message;
          }
          err.println("vectorizer: " + message.replace('\n', ' '));
          if (root.verbose) {
            ex.printStackTrace(err);
          }
          return 1;
        });
    return cl.execute(args);
  }

  /** Makes {@code --version} work on every subcommand, not only on the root. */
  private static void setVersionProvider(CommandLine cl, Version version) {
    cl.getCommandSpec().versionProvider(version);
    cl.getSubcommands().values().forEach(sub -> setVersionProvider(sub, version));
  }

  /** A failure with a message for the user (exit code 1). */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  /** A usage error found after parsing (exit code 2). */
  static final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }
}
