package dev.vectorizer.cli;

import dev.vectorizer.Collection;
import dev.vectorizer.Durability;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import dev.vectorizer.VectorizerException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vectorizer import NAME --fvecs FILE}: bulk load; row i gets id "i". */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Bulk-load vectors from an fvecs file; row i gets the id \"i\".")
final class ImportCommand implements Runnable {
  @ParentCommand VectorizerCommand root;

  @Parameters(paramLabel = "NAME", description = "The collection (must exist).")
  String name;

  @Option(names = "--fvecs", required = true, paramLabel = "FILE", description = "The vectors.")
  Path fvecs;

  @Option(names = "--batch", defaultValue = "1000", description = "Points per write batch.")
  int batch;

  @Option(
      names = "--no-fsync",
      description =
          "Do not fsync each batch (faster; a machine crash during the import may lose recent"
              + " batches). A checkpoint at the end makes everything durable.")
  boolean noFsync;

  /** Writes a batch; a failure says which rows are stored (a batch is stored whole or not). */
  private void upsert(Collection c, List<Point> points, long count) {
    try {
      c.upsert(points);
    } catch (VectorizerException e) {
      long stored = count - points.size();
      throw new Main.Failure(
          "import of "
              + fvecs
              + " stopped: rows 0 to "
              + (stored - 1)
              + " ("
              + stored
              + " vectors) are stored, rows from "
              + stored
              + " are not: "
              + e.getMessage());
    }
  }

  @Override
  public void run() {
    if (batch < 1) {
      throw new Main.UsageError("--batch must be >= 1, got " + batch);
    }
    long start = System.nanoTime();
    long count = 0;
    try (VectorStore store = root.openForWriting(noFsync ? Durability.NONE : Durability.FSYNC);
        FvecsReader reader = new FvecsReader(fvecs)) {
      Collection c = store.collection(name);
      int dim = c.config().dimension();
      // Every row of a well-formed file takes 4 + 4 * dim bytes.
      Progress progress = new Progress(root.err, reader.sizeBytes() / (4 + 4L * dim));
      List<Point> points = new ArrayList<>(batch);
      for (float[] v = reader.next(); v != null; v = reader.next()) {
        if (v.length != dim) {
          throw new Main.Failure(
              fvecs
                  + ": row "
                  + (reader.rowsRead() - 1)
                  + " has dimension "
                  + v.length
                  + ", collection '"
                  + name
                  + "' has "
                  + dim);
        }
        points.add(Point.of(Long.toString(count++), v));
        if (points.size() == batch) {
          upsert(c, points, count);
          points.clear();
          progress.update(count);
        }
      }
      if (!points.isEmpty()) {
        upsert(c, points, count);
      }
      progress.update(count);
      try {
        store.checkpoint();
      } catch (VectorizerException e) {
        throw new Main.Failure(
            "all "
                + count
                + " vectors of "
                + fvecs
                + " are stored (in the write-ahead log), but the final checkpoint failed: "
                + e.getMessage());
      }
      progress.finish();
    } catch (IOException e) {
      throw new Main.Failure("cannot read " + fvecs + ": " + e.getMessage());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    root.out.printf(
        "imported %d vectors into %s in %.1f s (%.0f vectors/s)%n",
        count, name, seconds, count / Math.max(seconds, 1e-9));
  }
}
