package dev.vectorizer.cli;

import dev.vectorizer.Collection;
import dev.vectorizer.Durability;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import dev.vectorizer.VectorizerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vectorizer import NAME --fvecs FILE}: row i gets id "i". By default one bulk load (one
 * segment, all or nothing); {@code --batch N} writes through the log in batches instead.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Load vectors from an fvecs file; row i gets the id \"i\".",
      "By default one bulk load: the graph is built with every core and written as one segment;"
          + " a bad row imports nothing. --batch N writes through the write-ahead log in batches"
          + " instead (a bad row keeps the batches before it)."
    })
final class ImportCommand implements Runnable {
  @ParentCommand VectorizerCommand root;

  @Parameters(paramLabel = "NAME", description = "The collection (must exist).")
  String name;

  @Option(names = "--fvecs", required = true, paramLabel = "FILE", description = "The vectors.")
  Path fvecs;

  @Option(
      names = "--batch",
      paramLabel = "N",
      description = "Write through the log in batches of N points instead of one bulk load.")
  Integer batch;

  @Option(
      names = "--no-fsync",
      description =
          "With --batch: do not fsync each batch (a machine crash during the import may lose"
              + " recent batches; a checkpoint at the end makes everything durable). A bulk load"
              + " writes no log and ignores it.")
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
    if (batch != null && batch < 1) {
      throw new Main.UsageError("--batch must be >= 1, got " + batch);
    }
    long start = System.nanoTime();
    long count;
    try (VectorStore store = root.openForWriting(noFsync ? Durability.NONE : Durability.FSYNC);
        FvecsReader reader = new FvecsReader(fvecs)) {
      Collection c = store.collection(name);
      int dim = c.config().dimension();
      // Every row of a well-formed file takes 4 + 4 * dim bytes.
      Progress progress = new Progress(root.err, reader.sizeBytes() / (4 + 4L * dim));
      Rows rows = new Rows(reader, dim, progress);
      if (batch == null) {
        bulkLoad(c, rows);
      } else {
        inBatches(c, rows);
        checkpoint(store, rows.count);
      }
      count = rows.count;
      progress.update(count);
      progress.finish();
    } catch (IOException e) {
      throw new Main.Failure("cannot read " + fvecs + ": " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new Main.Failure("cannot read " + fvecs + ": " + e.getCause().getMessage());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    root.out.printf(
        "imported %d vectors into %s in %.1f s (%.0f vectors/s)%n",
        count, name, seconds, count / Math.max(seconds, 1e-9));
  }

  private void inBatches(Collection c, Rows rows) {
    List<Point> points = new ArrayList<>(batch);
    while (rows.hasNext()) {
      points.add(rows.next());
      if (points.size() == batch) {
        upsert(c, points, rows.count);
        points.clear();
      }
    }
    if (!points.isEmpty()) {
      upsert(c, points, rows.count);
    }
  }

  /** One bulk load; a failure of the store (not of the file) says that nothing was imported. */
  private void bulkLoad(Collection c, Rows rows) {
    try {
      c.bulkLoad(rows);
    } catch (VectorizerException e) {
      throw new Main.Failure(
          "import of " + fvecs + " failed, no vector of it is stored: " + e.getMessage());
    }
  }

  private void checkpoint(VectorStore store, long count) {
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
  }

  /**
   * The file's rows as points, checked against the collection's dimension; advances the progress
   * bar as they are read (a bulk load reads them at the pace of its graph build).
   */
  private final class Rows implements Iterator<Point> {
    private final FvecsReader reader;
    private final int dim;
    private final Progress progress;
    private float[] next;
    long count;

    Rows(FvecsReader reader, int dim, Progress progress) {
      this.reader = reader;
      this.dim = dim;
      this.progress = progress;
    }

    @Override
    public boolean hasNext() {
      if (next == null) {
        try {
          next = reader.next();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return next != null;
    }

    @Override
    public Point next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      float[] v = next;
      next = null;
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
      Point p = Point.of(Long.toString(count++), v);
      progress.update(count);
      return p;
    }
  }
}
