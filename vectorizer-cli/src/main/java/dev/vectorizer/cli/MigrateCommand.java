package dev.vectorizer.cli;

import dev.vectorizer.cassandra.IndexedField;
import dev.vectorizer.cassandra.Migration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vectorizer migrate --from A --collection NAME --to B}: copies a collection between a
 * directory and Cassandra (the work is {@link Migration}'s; this only parses).
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Copy a collection between a data directory and a Cassandra keyspace, either way,",
      "in batches; resumable (run the same command again after a failure), verified at the end."
    })
final class MigrateCommand implements Runnable {
  @ParentCommand VectorizerCommand root;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "DIR|URI",
      description = "The source: a data directory or cassandra://HOST:PORT/KEYSPACE[?OPTIONS].")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "URI|DIR",
      description = "The target: the other kind (a Cassandra address or a data directory).")
  String to;

  @Option(names = "--collection", required = true, paramLabel = "NAME")
  String collection;

  @Option(names = "--batch", defaultValue = "500", description = "Points per batch (default 500).")
  int batch;

  @Option(
      names = "--sample",
      defaultValue = "100",
      description = "Points compared field by field at the end (default 100).")
  int sample;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description = "The resume file (default: .vectorizer-migrate-DIR-NAME.state beside DIR).")
  Path state;

  @Option(names = "--restart", description = "Ignore an earlier run's resume file; copy all.")
  boolean restart;

  @Option(
      names = "--index",
      paramLabel = "PATH:TYPE",
      description =
          "A payload field the new Cassandra collection indexes (text, number or boolean);"
              + " repeatable.")
  List<String> indexed = new ArrayList<>();

  @Override
  public void run() {
    Migration m;
    try {
      List<IndexedField> fields = new ArrayList<>();
      for (String spec : indexed) {
        fields.add(IndexedField.parse(spec));
      }
      m =
          Migration.of(from, collection, to)
              .batchSize(batch)
              .sample(sample)
              .restart(restart)
              .indexedFields(fields);
      if (state != null) {
        m.stateFile(state);
      }
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
    Progress[] bar = new Progress[1];
    m.listener(
        new Migration.Listener() {
          @Override
          public void started(long total, long alreadyCopied) {
            root.err.println(
                "migrating '"
                    + collection
                    + "': "
                    + total
                    + " points"
                    + (alreadyCopied > 0
                        ? ", resuming after " + alreadyCopied + " confirmed by an earlier run"
                        : "")
                    + " (resume file "
                    + m.stateFilePath()
                    + ")");
            bar[0] = new Progress(root.err, total);
            bar[0].update(alreadyCopied);
          }

          @Override
          public void batch(long copied, long total) {
            bar[0].update(copied);
          }
        });
    try {
      Migration.Result r = m.run();
      root.out.println(
          "copied "
              + r.copied()
              + " points"
              + (r.resumedAt() > 0 ? " (after " + r.resumedAt() + " from an earlier run)" : "")
              + "; verified: "
              + r.total()
              + " points on both sides, "
              + r.sampled()
              + " sampled points identical");
    } catch (IllegalStateException e) {
      throw new Main.Failure(e.getMessage());
    } finally {
      if (bar[0] != null) {
        bar[0].finish();
      }
    }
  }
}
