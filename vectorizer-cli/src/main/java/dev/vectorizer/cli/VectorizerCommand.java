package dev.vectorizer.cli;

import dev.vectorizer.VectorStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root command: options shared by every subcommand. */
@Command(
    name = "vectorizer",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "An embeddable vector store, from the command line.",
    subcommands = {
      CollectionsCommand.class,
      ImportCommand.class,
      SearchCommand.class,
      GetCommand.class,
      DeleteCommand.class,
      IndexCommand.class,
      QueryCommand.class,
      BackupCommand.class,
      WatchCommand.class,
      ServeCommand.class,
      AuditCommand.class,
      McpCommand.class,
      MaintenanceCommands.Check.class,
      MaintenanceCommands.Repair.class,
      MaintenanceCommands.Checkpoint.class,
      MigrateCommand.class
    })
final class VectorizerCommand implements Runnable {
  final PrintStream out;
  final PrintStream err;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "vectorizer-data",
      description = "The data directory (default: ./${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--verbose", description = "Print stack traces of failures.")
  boolean verbose;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  private final StoreOpener opener;

  VectorizerCommand(PrintStream out, PrintStream err) {
    this(out, err, StoreOpener.DEFAULT);
  }

  VectorizerCommand(PrintStream out, PrintStream err, StoreOpener opener) {
    this.out = out;
    this.err = err;
    this.opener = opener;
  }

  @Override
  public void run() {
    spec.commandLine().usage(out);
  }

  /** Opens the store for writing. */
  VectorStore openForWriting(dev.vectorizer.Durability durability) {
    return opener.open(
        new dev.vectorizer.StoreOptions(
            data,
            durability,
            false,
            dev.vectorizer.StoreOptions.DEFAULT_SEAL_THRESHOLD,
            dev.vectorizer.StoreOptions.DEFAULT_MAX_SEGMENTS));
  }

  /** Opens stores for writing; tests substitute one whose disk fills up. */
  @FunctionalInterface
  interface StoreOpener {
    VectorStore open(dev.vectorizer.StoreOptions options);

    StoreOpener DEFAULT = o -> VectorStore.builder(o.directory()).durability(o.durability()).open();
  }

  /** Creates an embedder by name; an unknown name is a usage error listing the known ones. */
  static dev.vectorizer.Embedder embedder(String name) {
    try {
      return dev.vectorizer.Embedder.byName(name);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
  }

  /** The embedder that made a collection, from the id it recorded. */
  static dev.vectorizer.Embedder embedderFor(String collection, String recordedId) {
    if (recordedId == null) {
      throw new Main.Failure(
          "collection '" + collection + "' holds vectors, not texts: use 'search' instead");
    }
    String best = null;
    for (String name : dev.vectorizer.Embedder.names()) {
      if (recordedId.startsWith(name) && (best == null || name.length() > best.length())) {
        best = name;
      }
    }
    if (best == null) {
      throw new Main.Failure(
          "collection '"
              + collection
              + "' was made with embedder '"
              + recordedId
              + "', which is not available here (known: "
              + String.join(", ", dev.vectorizer.Embedder.names())
              + ")");
    }
    return dev.vectorizer.Embedder.byName(best);
  }

  /** Opens the store read-only, so that it works while another process writes. */
  VectorStore openForReading() {
    if (!Files.isDirectory(data)) {
      throw new Main.Failure("no data directory at " + data);
    }
    return VectorStore.builder(data).readOnly(true).open();
  }
}
