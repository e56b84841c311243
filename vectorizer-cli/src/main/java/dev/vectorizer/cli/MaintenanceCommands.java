package dev.vectorizer.cli;

import dev.vectorizer.CheckReport;
import dev.vectorizer.Durability;
import dev.vectorizer.VectorStore;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vectorizer check}, {@code repair} and {@code checkpoint}: the store's maintenance commands
 * (see docs/cli.md and docs/storage-format.md).
 */
final class MaintenanceCommands {
  private MaintenanceCommands() {}

  /** Prints a report, one finding a line; returns the exit code: 1 when there are errors. */
  static int print(CheckReport report, PrintStream out, boolean repaired) {
    if (report.clean()) {
      out.println(repaired ? "nothing to repair" : "ok: every file passed its checks");
      return 0;
    }
    for (CheckReport.Finding f : report.findings()) {
      out.println(
          f.severity()
              + " "
              + f.collection()
              + (f.file() == null ? "" : " " + f.file())
              + ": "
              + f.problem());
      if (f.repair() != null) {
        out.println("  " + (repaired ? "repaired: " : "repair would: ") + f.repair());
      } else if (f.severity() == CheckReport.Severity.ERROR) {
        out.println(
            "  "
                + (repaired ? "not repaired: " : "repair cannot fix this: ")
                + "restore the collection from a backup, or drop it");
      }
    }
    return report.hasErrors() ? 1 : 0;
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Verify every file of the store without loading it: checksums, the files each manifest"
            + " names, the write-ahead log, leftovers of interrupted writes.",
        "Works while another process writes. Exit code 1 when a collection is unavailable."
      })
  static final class Check implements java.util.concurrent.Callable<Integer> {
    @ParentCommand VectorizerCommand root;

    @Override
    public Integer call() {
      try (VectorStore store = root.openForReading()) {
        return print(store.check(), root.out, false);
      }
    }
  }

  @Command(
      name = "repair",
      mixinStandardHelpOptions = true,
      description = {
        "Repair collections' files as far as that is safe (see `check`): remove leftovers, cut"
            + " torn or damaged write-ahead-log tails (copies are kept next to them), drop"
            + " references to missing segment files.",
        "Writes logged after damage, and the points of missing segments, are lost: run `check`"
            + " first, and confirm with --yes. Needs the write lock (no other writer)."
      })
  static final class Repair implements java.util.concurrent.Callable<Integer> {
    @ParentCommand VectorizerCommand root;

    @Parameters(arity = "0..*", paramLabel = "COLLECTION", description = "Default: all.")
    List<String> collections;

    @Option(
        names = "--yes",
        description = "Confirm: without it, repair only says what it would do.")
    boolean yes;

    @Override
    public Integer call() {
      if (!yes) {
        try (VectorStore store = root.openForReading()) {
          int rc = print(store.check(), root.out, false);
          root.out.println("nothing changed: run again with --yes to repair");
          return rc;
        }
      }
      try (VectorStore store = root.openForWriting(Durability.FSYNC)) {
        List<String> names = collections == null ? store.listCollections() : collections;
        int rc = 0;
        for (String name : names) {
          rc = Math.max(rc, print(store.repair(name), root.out, true));
        }
        return rc;
      }
    }
  }

  @Command(
      name = "checkpoint",
      mixinStandardHelpOptions = true,
      description =
          "Write every collection's recent writes into segment files and trim the write-ahead"
              + " log, so that the next open replays nothing.")
  static final class Checkpoint implements Runnable {
    @ParentCommand VectorizerCommand root;

    @Override
    public void run() {
      try (VectorStore store = root.openForWriting(Durability.FSYNC)) {
        for (String name : store.listCollections()) {
          store.collection(name); // opening replays its log; the checkpoint then seals it
        }
        store.checkpoint();
        root.out.println("checkpointed " + store.listCollections().size() + " collections");
      }
    }
  }
}
