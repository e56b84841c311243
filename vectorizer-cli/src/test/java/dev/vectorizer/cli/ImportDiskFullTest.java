package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.VectorStore;
import dev.vectorizer.internal.engine.DurableVectorStore;
import dev.vectorizer.internal.storage.WalOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} on a disk that fills up: the error says which rows are stored (batches are whole
 * or absent), the store opens for every command afterwards, and the same import completes once
 * space is back.
 */
class ImportDiskFullTest {
  @TempDir Path dir;

  /** WAL files that take a budget of bytes, then fail after a partial write; they can be cut. */
  private static final class FillingDisk implements WalOutput.Factory {
    final AtomicLong budget = new AtomicLong();

    @Override
    public WalOutput create(Path path) throws IOException {
      WalOutput real = WalOutput.FILES.create(path);
      return new WalOutput() {
        @Override
        public void write(ByteBuffer bytes) throws IOException {
          if (budget.addAndGet(-bytes.remaining()) < 0) {
            real.write(bytes.slice().limit(Math.min(bytes.remaining(), 100)));
            throw new IOException("No space left on device");
          }
          real.write(bytes);
        }

        @Override
        public void force() throws IOException {
          real.force();
        }

        @Override
        public void truncate(long size) throws IOException {
          real.truncate(size);
        }

        @Override
        public void close() throws IOException {
          real.close();
        }
      };
    }
  }

  private Path fvecs(int rows, int dim) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(rows * (4 + 4 * dim)).order(ByteOrder.LITTLE_ENDIAN);
    Random r = new Random(3);
    for (int i = 0; i < rows; i++) {
      b.putInt(dim);
      for (int d = 0; d < dim; d++) {
        b.putFloat((float) r.nextGaussian());
      }
    }
    Path file = dir.resolve("base.fvecs");
    Files.write(file, b.array());
    return file;
  }

  @Test
  void aFullDiskStopsTheImportSayingWhichRowsAreStored() throws IOException {
    Path data = dir.resolve("data");
    Path file = fvecs(1_000, 8);
    CliRunner normal = new CliRunner(data);
    normal.expect(0, "collections", "create", "v", "--dim", "8", "--metric", "euclidean");
    FillingDisk disk = new FillingDisk();
    disk.budget.set(14_000); // a few batches of 100 points, not ten
    CliRunner full = new CliRunner(data, options -> DurableVectorStore.open(options, disk));
    String[] failed = full.expect(1, "import", "v", "--fvecs", file.toString(), "--batch", "100");
    long stored;
    try (VectorStore store = VectorStore.builder(data).readOnly(true).open()) {
      Collection c = store.collection("v");
      stored = c.count();
      assertTrue(stored > 0 && stored < 1_000 && stored % 100 == 0, "whole batches: " + stored);
      assertTrue(c.get(Long.toString(stored - 1)).isPresent());
      assertTrue(c.get(Long.toString(stored)).isEmpty());
    }
    assertEquals(
        "vectorizer: import of "
            + file
            + " stopped: rows 0 to "
            + (stored - 1)
            + " ("
            + stored
            + " vectors) are stored, rows from "
            + stored
            + " are not:",
        failed[1].substring(0, failed[1].indexOf(" are not:") + 9),
        "the message says exactly what the store holds");
    assertTrue(failed[1].contains("No space left on device"), failed[1]);
    normal.expect(0, "delete", "v", "0"); // write commands open the store
    disk.budget.set(Long.MAX_VALUE); // space is back
    String[] done = full.expect(0, "import", "v", "--fvecs", file.toString(), "--batch", "100");
    assertTrue(done[0].startsWith("imported 1000 vectors into v"), done[0]);
    try (VectorStore store = VectorStore.builder(data).readOnly(true).open()) {
      assertEquals(1_000, store.collection("v").count());
    }
  }
}
