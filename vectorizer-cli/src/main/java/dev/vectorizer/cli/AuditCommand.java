package dev.vectorizer.cli;

import dev.vectorizer.server.AuditLogFiles;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vectorizer audit tail [-n N]}: the server's audit log (DATA/audit*.jsonl). */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Read the server's audit log.",
    subcommands = {AuditCommand.Tail.class})
final class AuditCommand implements Runnable {
  @ParentCommand VectorizerCommand root;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(root.out);
  }

  @Command(
      name = "tail",
      mixinStandardHelpOptions = true,
      description = "Print the last records, oldest first, one JSON object per line.")
  static final class Tail implements Runnable {
    @ParentCommand AuditCommand parent;

    @Option(
        names = {"-n", "--lines"},
        defaultValue = "20",
        paramLabel = "N",
        description = "How many records (default ${DEFAULT-VALUE}).")
    int lines;

    @Override
    public void run() {
      if (lines < 1) {
        throw new Main.UsageError("-n must be at least 1, got " + lines);
      }
      try {
        List<String> files =
            AuditLogFiles.files(parent.root.data).stream().map(String::valueOf).toList();
        if (files.isEmpty()) {
          throw new Main.Failure(
              "no audit log in " + parent.root.data + " (the server writes audit.jsonl there)");
        }
        for (String line : AuditLogFiles.tail(parent.root.data, lines)) {
          parent.root.out.println(line);
        }
      } catch (IOException e) {
        throw new Main.Failure("cannot read the audit log: " + e.getMessage());
      }
    }
  }
}
