package dev.vectorizer.cli;

import dev.vectorizer.Durability;
import dev.vectorizer.VectorStore;
import dev.vectorizer.backup.BackupCatalog;
import dev.vectorizer.backup.BackupInfo;
import dev.vectorizer.backup.BackupManager;
import dev.vectorizer.backup.BackupPolicy;
import dev.vectorizer.backup.BackupScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vectorizer backup create|list|restore|verify|schedule}. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = "Verified full and incremental backups, restore, schedules.",
    subcommands = {
      BackupCommand.Create.class,
      BackupCommand.ListBackups.class,
      BackupCommand.Restore.class,
      BackupCommand.Verify.class,
      BackupCommand.Schedule.class
    })
final class BackupCommand implements Runnable {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  @ParentCommand VectorizerCommand root;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(root.out);
  }

  static String describe(BackupInfo b) {
    return String.format(
        "%s  %-12s %-11s parent=%s  %s  %d bytes  %d points  %s",
        b.id(),
        b.collection(),
        b.type(),
        b.parent() == null ? "-" : b.parent(),
        b.createdAt(),
        b.sizeBytes(),
        b.points(),
        b.file());
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Write a backup.")
  static final class Create implements Runnable {
    @ParentCommand BackupCommand parent;

    @Option(names = "--collection", paramLabel = "NAME", description = "The collection.")
    String collection;

    @Option(names = "--all", description = "Every collection (--output is then a directory).")
    boolean all;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "The archive.")
    Path output;

    @Option(names = "--incremental", description = "Only what changed since --base.")
    boolean incremental;

    @Option(
        names = "--base",
        paramLabel = "FILE",
        description = "The parent (default: the newest backup of the collection next to --output).")
    Path base;

    @Option(names = "--no-compression", description = "Write a plain .tar.")
    boolean noCompression;

    @Override
    public void run() {
      if (all == (collection != null)) {
        throw new Main.UsageError("give either --collection NAME or --all");
      }
      if (base != null && !incremental) {
        throw new Main.UsageError("--base goes with --incremental");
      }
      try (VectorStore store = parent.root.openForWriting(Durability.FSYNC)) {
        BackupManager manager = new BackupManager(store, Clock.systemUTC());
        List<String> names = all ? store.listCollections() : List.of(collection);
        for (String name : names) {
          store.collection(name); // fails clearly when missing
          Path out = output;
          if (all) {
            Files.createDirectories(output);
            String ext = noCompression ? ".tar" : ".tar.gz";
            out =
                output.resolve(
                    name
                        + "-"
                        + STAMP.format(java.time.Instant.now())
                        + (incremental ? "-inc" : "-full")
                        + ext);
          }
          BackupInfo b;
          if (incremental) {
            Path parentArchive =
                base != null ? base : newest(manager, out.toAbsolutePath().getParent(), name);
            b = manager.incremental(name, out, parentArchive, !noCompression);
          } else {
            b = manager.full(name, out, !noCompression);
          }
          parent.root.out.println("wrote " + describe(b));
        }
      } catch (IOException e) {
        throw new Main.Failure(e.getMessage());
      }
    }

    /** The newest good backup of the collection in the catalog, else the newest beside it. */
    private static Path newest(BackupManager manager, Path dir, String collection) {
      Path latest = null;
      for (BackupCatalog.Entry e : manager.catalog().orElseThrow().list(false).entries()) {
        if (e.collection().equals(collection) && e.status() == BackupCatalog.Status.OK) {
          latest = e.file(); // oldest first
        }
      }
      if (latest != null) {
        return latest;
      }
      for (BackupInfo b : BackupManager.list(dir)) {
        if (b.collection().equals(collection)) {
          latest = b.file();
        }
      }
      if (latest == null) {
        throw new Main.Failure(
            "no backup of '"
                + collection
                + "' in the store's backup catalog or in "
                + dir
                + " to base an incremental on; take a full backup first or give --base");
      }
      return latest;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List the backups of the store (from its catalog, wherever they were written), or the"
            + " archives in a folder (--dir).",
        "STATUS: ok, missing (the file is gone), damaged (unreadable, changed or replaced),"
            + " unfinished (being written, or its process was killed)."
      })
  static final class ListBackups implements Runnable {
    @ParentCommand BackupCommand parent;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "List the archives in this folder instead of the catalog.")
    Path dir;

    @Option(
        names = "--verify",
        description = "Also check each archive's SHA-256 (catalog) or every entry (--dir).")
    boolean verify;

    @Override
    public void run() {
      List<BackupCatalog.Entry> entries;
      if (dir != null) {
        if (!Files.isDirectory(dir)) {
          throw new Main.Failure("no backup directory at " + dir);
        }
        entries = BackupCatalog.scan(dir, verify);
      } else {
        if (!Files.isDirectory(parent.root.data)) {
          throw new Main.Failure("no data directory at " + parent.root.data);
        }
        BackupCatalog.Listing l = BackupCatalog.of(parent.root.data).list(verify);
        l.warnings().forEach(w -> parent.root.err.println("vectorizer: warning: " + w));
        entries = l.entries();
      }
      BackupTable.print(parent.root.out, entries);
    }
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description = "Verify a backup (and its chain), then restore it atomically.")
  static final class Restore implements Runnable {
    @ParentCommand BackupCommand parent;

    @Parameters(paramLabel = "FILE")
    Path archive;

    @Option(names = "--collection", required = true, paramLabel = "NAME")
    String collection;

    @Option(names = "--force", description = "Replace an existing collection of that name.")
    boolean force;

    @Override
    public void run() {
      if (!Files.isRegularFile(archive)) {
        throw new Main.Failure("no such backup: " + archive);
      }
      try (VectorStore store = parent.root.openForWriting(Durability.FSYNC)) {
        if (!force && store.hasCollection(collection)) {
          throw new Main.Failure(
              "collection '" + collection + "' exists; add --force to replace it");
        }
        long count =
            new BackupManager(store, Clock.systemUTC()).restore(archive, collection, force).count();
        parent.root.out.println(
            "restored " + archive + " as collection '" + collection + "' (" + count + " points)");
      }
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Check every checksum of a backup and of the backups it needs.")
  static final class Verify implements Runnable {
    @ParentCommand BackupCommand parent;

    @Parameters(paramLabel = "FILE")
    Path archive;

    @Override
    public void run() {
      if (!Files.isRegularFile(archive)) {
        throw new Main.Failure("no such backup: " + archive);
      }
      BackupCatalog catalog =
          Files.isDirectory(parent.root.data) ? BackupCatalog.of(parent.root.data) : null;
      List<BackupInfo> chain = BackupManager.verify(archive, catalog);
      for (BackupInfo b : chain) {
        parent.root.out.println("ok  " + describe(b));
      }
      parent.root.out.println("verified " + chain.size() + " archive(s)");
    }
  }

  @Command(
      name = "schedule",
      mixinStandardHelpOptions = true,
      description = "Run the backup schedule of a YAML file (until interrupted, or --once).")
  static final class Schedule implements Runnable {
    @ParentCommand BackupCommand parent;

    @Option(names = "--config", required = true, paramLabel = "FILE")
    Path config;

    @Option(names = "--once", description = "Take one round of backups now and exit.")
    boolean once;

    @Override
    public void run() {
      BackupPolicy policy;
      try {
        policy = BackupPolicy.load(config);
      } catch (IllegalArgumentException e) {
        throw new Main.UsageError(e.getMessage());
      } catch (IOException e) {
        throw new Main.Failure("cannot read " + config + ": " + e.getMessage());
      }
      try (VectorStore store = parent.root.openForWriting(Durability.FSYNC);
          BackupScheduler s = new BackupScheduler(store, policy, Clock.systemUTC())) {
        if (once) {
          for (BackupInfo b : s.runOnce()) {
            parent.root.out.println("wrote " + describe(b));
          }
          return;
        }
        parent.root.out.println("next backup at " + s.nextRun(java.time.Instant.now()));
        s.start();
        Thread.currentThread().join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
