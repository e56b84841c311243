package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionUnavailableException;
import dev.vectorizer.Point;
import dev.vectorizer.StoreOptions;
import dev.vectorizer.VectorStore;
import dev.vectorizer.VectorizerException;
import dev.vectorizer.internal.engine.DurableVectorStore;
import dev.vectorizer.internal.storage.WalOutput;
import dev.vectorizer.testing.TestVectors;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torn tails of every shape, batches that survive whole or not at all, and writes on a full disk.
 */
class WalRecoveryTest {
  private static final int DIM = 8;
  @TempDir Path dir;

  private static Point point(int i) {
    return Point.of("p" + i, TestVectors.random(i, 1, DIM)[0], Map.of("i", i));
  }

  private static List<Point> batch(int from, int to) {
    List<Point> b = new ArrayList<>();
    for (int i = from; i < to; i++) {
      b.add(point(i));
    }
    return b;
  }

  private Path data() {
    return dir.resolve("data");
  }

  private Path wal() throws IOException {
    try (Stream<Path> s = Files.list(data().resolve("collections/docs/wal"))) {
      return s.filter(p -> p.toString().endsWith(".wal"))
          .sorted()
          .reduce((a, b) -> b)
          .orElseThrow();
    }
  }

  /** 50 single upserts, then a batch of 100, all in the WAL (no checkpoint). */
  private void populate() {
    try (VectorStore store = VectorStore.open(data())) {
      Collection c = store.createCollection("docs", CollectionConfig.of(DIM));
      for (int i = 0; i < 50; i++) {
        c.upsert(point(i));
      }
      c.upsert(batch(50, 150));
    }
  }

  private long count() {
    try (VectorStore store = VectorStore.open(data())) {
      return store.collection("docs").count();
    }
  }

  @Test
  void zerosAfterTheLastRecordAreATornTail() throws IOException {
    populate();
    Files.write(wal(), new byte[4096], StandardOpenOption.APPEND);
    assertEquals(150, count());
    try (VectorStore store = VectorStore.builder(data()).readOnly(true).open()) {
      assertEquals(150, store.collection("docs").count(), "read-only opens accept it too");
    }
  }

  @Test
  void randomGarbageAfterTheLastRecordIsATornTail() throws IOException {
    populate();
    byte[] garbage = new byte[700];
    new Random(42).nextBytes(garbage);
    Files.write(wal(), garbage, StandardOpenOption.APPEND);
    long sizeWithGarbage = Files.size(wal());
    assertEquals(150, count());
    // The log goes on in a new file after the torn one; opening again still accepts the old tail.
    try (VectorStore store = VectorStore.open(data())) {
      store.collection("docs").upsert(point(500));
    }
    assertEquals(151, count());
    try (Stream<Path> s = Files.list(data().resolve("collections/docs/wal"))) {
      assertTrue(
          s.anyMatch(p -> p.toFile().length() == sizeWithGarbage),
          "open never rewrites a WAL file");
    }
  }

  @Test
  void damageFollowedByIntactRecordsIsCorruptionNotATornTail() throws IOException {
    populate();
    Path wal = wal();
    try (RandomAccessFile raf = new RandomAccessFile(wal.toFile(), "rw")) {
      raf.seek(20 + 30); // inside the first record; 49 single upserts and a batch follow
      raf.write(raf.read() ^ 0xff);
    }
    try (VectorStore store = VectorStore.open(data())) {
      CollectionUnavailableException e =
          assertThrows(CollectionUnavailableException.class, () -> store.collection("docs"));
      assertEquals(wal.toAbsolutePath(), e.file().toAbsolutePath());
      assertTrue(e.getMessage().contains("intact records follow"), e.getMessage());
    }
  }

  @Test
  void aBatchCutByACrashIsReplayedNotAtAll() throws IOException {
    populate();
    Path wal = wal();
    long size = Files.size(wal);
    try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.WRITE)) {
      ch.truncate(size - 1000); // the last record is the batch of 100 (over 4 KB)
    }
    try (VectorStore store = VectorStore.open(data())) {
      Collection c = store.collection("docs");
      assertEquals(50, c.count(), "none of the torn batch, all of what came before");
      assertTrue(c.get("p49").isPresent());
      assertFalse(c.get("p50").isPresent());
      assertFalse(c.get("p149").isPresent());
    }
  }

  /** A disk that fills after a budget and frees space when told; truncation works. */
  private static final class FillingDisk implements WalOutput.Factory {
    final AtomicLong budget = new AtomicLong();
    final AtomicBoolean refuseNewFiles = new AtomicBoolean();

    @Override
    public WalOutput create(Path path) throws IOException {
      if (refuseNewFiles.get()) {
        throw new IOException("No space left on device");
      }
      WalOutput real = WalOutput.FILES.create(path);
      return new WalOutput() {
        @Override
        public void write(ByteBuffer bytes) throws IOException {
          if (budget.addAndGet(-bytes.remaining()) < 0) {
            real.write(bytes.slice().limit(Math.min(bytes.remaining(), 100))); // partial
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

  @Test
  void aFailedBatchIsStoredNotAtAllAndWritesResumeWhenSpaceIsBack() {
    FillingDisk disk = new FillingDisk();
    disk.budget.set(10_000);
    try (VectorStore store = DurableVectorStore.open(StoreOptions.defaults(data()), disk)) {
      Collection c = store.createCollection("docs", CollectionConfig.of(DIM));
      c.upsert(batch(0, 20));
      VectorizerException e =
          assertThrows(VectorizerException.class, () -> c.upsert(batch(20, 520)));
      assertTrue(
          e.getMessage().contains("none of the 500 operations in the batch were stored"),
          e.getMessage());
      assertEquals(20, c.count());
      disk.budget.set(Long.MAX_VALUE); // space is free again: no reopen needed
      c.upsert(batch(20, 520));
      c.delete("p0");
      assertEquals(519, c.count());
    }
    try (VectorStore store = VectorStore.open(data())) {
      assertEquals(519, store.collection("docs").count(), "no trace of the failed attempt");
    }
  }

  @Test
  void aStoreOnAFullDiskOpensAndDropsWithoutWritingTheLog() {
    populate();
    FillingDisk disk = new FillingDisk();
    disk.refuseNewFiles.set(true);
    try (VectorStore store = DurableVectorStore.open(StoreOptions.defaults(data()), disk)) {
      Collection c = store.collection("docs");
      assertEquals(150, c.count());
      VectorizerException e = assertThrows(VectorizerException.class, () -> c.delete("p1"));
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      assertTrue(store.dropCollection("docs"), "drop frees space and needs none");
    }
  }

  @Test
  void aWritableOpenRemovesWhatInterruptedWritesLeft() throws IOException {
    populate();
    Path c = data().resolve("collections/docs");
    for (String f :
        List.of("seg-99.vzs", "seg-99.vzs.tmp", "MANIFEST.tmp", ".snapshot-1.manifest")) {
      Files.write(c.resolve(f), new byte[] {1, 2, 3});
    }
    try (VectorStore store = VectorStore.builder(data()).readOnly(true).open()) {
      assertEquals(150, store.collection("docs").count());
    }
    assertTrue(Files.exists(c.resolve("seg-99.vzs")), "a read-only open writes nothing");
    assertEquals(150, count());
    for (String f :
        List.of("seg-99.vzs", "seg-99.vzs.tmp", "MANIFEST.tmp", ".snapshot-1.manifest")) {
      assertFalse(Files.exists(c.resolve(f)), f);
    }
  }
}
