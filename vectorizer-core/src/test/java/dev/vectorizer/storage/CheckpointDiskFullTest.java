package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.StoreOptions;
import dev.vectorizer.VectorStore;
import dev.vectorizer.VectorizerException;
import dev.vectorizer.internal.engine.DurableVectorStore;
import dev.vectorizer.internal.storage.WalOutput;
import dev.vectorizer.testing.TestVectors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A checkpoint on a full disk: whichever file it fails to write (the segment, a deletion file, the
 * manifest), no temporary file stays behind, the store keeps serving and taking writes, and the
 * checkpoint succeeds once space is back; nothing is lost across a reopen.
 */
class CheckpointDiskFullTest {
  private static final int DIM = 8;
  @TempDir Path dir;

  /** Files whose name starts with a prefix fill the disk after a budget; WAL files never do. */
  private static final class FullDisk implements WalOutput.Factory {
    final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
    volatile String failing = "";

    @Override
    public WalOutput create(Path path) throws IOException {
      return WalOutput.FILES.create(path);
    }

    @Override
    public WalOutput createFile(Path path) throws IOException {
      WalOutput real = WalOutput.Factory.super.createFile(path);
      if (!path.getFileName().toString().startsWith(failing) || failing.isEmpty()) {
        return real;
      }
      return new WalOutput() {
        @Override
        public void write(ByteBuffer bytes) throws IOException {
          if (budget.addAndGet(-bytes.remaining()) < 0) {
            real.write(bytes.slice().limit(Math.min(bytes.remaining(), 10))); // a partial write
            throw new IOException("No space left on device");
          }
          real.write(bytes);
        }

        @Override
        public void force() throws IOException {
          real.force();
        }

        @Override
        public void close() throws IOException {
          real.close();
        }
      };
    }
  }

  private static Point point(int i) {
    return Point.of("p" + i, TestVectors.random(i, 1, DIM)[0], Map.of("i", i));
  }

  private static List<Point> points(int from, int to) {
    List<Point> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(point(i));
    }
    return out;
  }

  private List<String> leftovers(Path collection) throws IOException {
    try (Stream<Path> s = Files.list(collection)) {
      return s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".tmp")).toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"seg-2.vzs", "seg-1.del.", "MANIFEST"})
  void aCheckpointThatCannotWriteAFileLeavesNothingBehindAndSucceedsLater(String failing)
      throws IOException {
    Path data = dir.resolve("data");
    Path coll = data.resolve("collections/docs");
    FullDisk disk = new FullDisk();
    StoreOptions options = StoreOptions.defaults(data);
    try (VectorStore store = DurableVectorStore.open(options, disk)) {
      Collection c = store.createCollection("docs", CollectionConfig.of(DIM));
      c.upsert(points(0, 300));
      store.checkpoint(); // seg-1
      c.delete(List.of("p1", "p2")); // dirty deletions of seg-1
      c.upsert(points(300, 600)); // the head: seg-2 at the next checkpoint
      disk.failing = failing;
      disk.budget.set(failing.startsWith("seg-2") ? 2_000 : 20);
      VectorizerException e = assertThrows(VectorizerException.class, store::checkpoint);
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      assertEquals(List.of(), leftovers(coll), "temporary files left by the failed checkpoint");
      assertEquals(598, c.count(), "nothing lost");
      assertEquals("p450", c.search(SearchRequest.of(point(450).vector()).limit(1)).get(0).id());
      c.upsert(point(600)); // still takes writes
      c.delete("p3");
      disk.budget.set(Long.MAX_VALUE); // space is back
      store.checkpoint();
      assertEquals(List.of(), leftovers(coll));
      assertEquals(598, c.count());
    }
    try (VectorStore store = VectorStore.open(data)) {
      Collection c = store.collection("docs");
      assertEquals(598, c.count());
      assertTrue(c.get("p1").isEmpty() && c.get("p3").isEmpty() && c.get("p600").isPresent());
      try (Stream<Path> files = Files.list(coll)) {
        long segments = files.filter(p -> p.toString().endsWith(".vzs")).count();
        assertEquals(2, segments, "seg-1 and the one the retried checkpoint wrote");
      }
    }
  }

  /**
   * A head that fills up is sealed right after the write that filled it. When that seal fails on a
   * full disk, the write itself is already durable in the log: the caller must not be told it
   * failed as if nothing were stored.
   */
  @Test
  void aSealThatFailsAfterADurableWriteDoesNotReportTheWriteAsFailed() {
    Path data = dir.resolve("data");
    FullDisk disk = new FullDisk();
    StoreOptions options = new StoreOptions(data, Durability.FSYNC, false, 100, 8);
    try (VectorStore store = DurableVectorStore.open(options, disk)) {
      Collection c = store.createCollection("docs", CollectionConfig.of(DIM));
      disk.failing = "seg-";
      disk.budget.set(20);
      RuntimeException failure = null;
      try {
        c.upsert(points(0, 150)); // fills the head: a seal follows, and fails
      } catch (RuntimeException e) {
        failure = e;
      }
      assertEquals(150, c.count(), "the batch is stored");
      if (failure != null) {
        String m = failure.getMessage();
        assertTrue(
            m.contains("stored") && !m.contains("not stored"),
            "an exception for a stored write must say it was stored: " + m);
      }
      disk.budget.set(Long.MAX_VALUE);
      c.upsert(point(150));
      store.checkpoint();
    }
    try (VectorStore store = VectorStore.open(data)) {
      assertEquals(151, store.collection("docs").count());
    }
  }
}
