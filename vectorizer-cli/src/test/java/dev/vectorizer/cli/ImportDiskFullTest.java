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
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
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
      return filling(WalOutput.FILES.create(path));
    }

    @Override
    public WalOutput createFile(Path path) throws IOException {
      return filling(WalOutput.FILES.createFile(path));
    }

    private WalOutput filling(WalOutput real) {
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

  @Test
  void aFullDiskFailsABulkImportWholeAndLeavesNoSegmentBehind() throws IOException {
    Path data = dir.resolve("data");
    Path file = fvecs(1_000, 8);
    CliRunner normal = new CliRunner(data);
    normal.expect(0, "collections", "create", "v", "--dim", "8", "--metric", "euclidean");
    normal.expect(0, "import", "v", "--fvecs", file.toString(), "--batch", "1000");
    FillingDisk disk = new FillingDisk();
    disk.budget.set(6_000); // far less than the segment file of 1,000 points
    CliRunner full = new CliRunner(data, options -> DurableVectorStore.open(options, disk));
    Path other = dir.resolve("other.fvecs");
    Files.move(fvecs(1_500, 8), other);
    String[] failed = full.expect(1, "import", "v", "--fvecs", other.toString());
    assertTrue(
        failed[1].startsWith(
            "vectorizer: import of " + other + " failed, no vector of it is stored"),
        failed[1]);
    assertTrue(failed[1].contains("No space left on device"), failed[1]);
    try (VectorStore store = VectorStore.builder(data).readOnly(true).open()) {
      Collection c = store.collection("v");
      assertEquals(1_000, c.count(), "the earlier import is intact, nothing of the failed one");
      assertTrue(c.get("1200").isEmpty());
    }
    try (Stream<Path> files = Files.walk(data)) {
      List<String> segments =
          files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("seg-")).toList();
      assertEquals(1, segments.size(), "only the checkpoint's segment: " + segments);
    }
    disk.budget.set(Long.MAX_VALUE); // space is back
    String[] done = full.expect(0, "import", "v", "--fvecs", other.toString());
    assertTrue(done[0].startsWith("imported 1500 vectors into v"), done[0]);
    try (VectorStore store = VectorStore.builder(data).readOnly(true).open()) {
      assertEquals(1_500, store.collection("v").count());
    }
  }
}
