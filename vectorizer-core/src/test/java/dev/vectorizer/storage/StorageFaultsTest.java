package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionUnavailableException;
import dev.vectorizer.CorruptedDataException;
import dev.vectorizer.Hit;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Torn WAL tails, flipped bytes in every kind of file, and a disk that fills up. */
class StorageFaultsTest {
  private static final int DIM = 8;
  @TempDir Path dir;

  private static Point point(int i) {
    return Point.of("p" + i, TestVectors.random(i, 1, DIM)[0], Map.of("i", i));
  }

  /** A store with a sealed segment, a deletion file, and WAL records after the checkpoint. */
  private Path populated() {
    Path data = dir.resolve("data");
    try (VectorStore store = VectorStore.open(data)) {
      Collection c = store.createCollection("docs", CollectionConfig.of(DIM));
      List<Point> batch = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        batch.add(point(i));
      }
      c.upsert(batch);
      c.delete(List.of("p1", "p2"));
      store.checkpoint();
      for (int i = 300; i < 320; i++) {
        c.upsert(point(i));
      }
      c.delete("p3");
    }
    return data;
  }

  private static Path collectionDir(Path data) {
    return data.resolve("collections/docs");
  }

  private static Path walFile(Path data) throws IOException {
    try (Stream<Path> s = Files.list(collectionDir(data).resolve("wal"))) {
      return s.sorted(Comparator.reverseOrder()).findFirst().orElseThrow();
    }
  }

  @Test
  void aWalCutInTheMiddleOfARecordRecoversToTheLastWholeRecord() throws IOException {
    Path data = populated();
    Path wal = walFile(data);
    long size = Files.size(wal);
    try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.WRITE)) {
      ch.truncate(size - 5); // inside the last record (the delete of p3)
    }
    try (VectorStore store = VectorStore.open(data)) {
      Collection c = store.collection("docs");
      assertTrue(c.get("p3").isPresent(), "the torn delete is not applied");
      assertTrue(c.get("p319").isPresent(), "the last whole record is kept");
      assertEquals(317 + 1, c.count());
      c.upsert(point(1000)); // the log continues after the cut
    }
    try (VectorStore store = VectorStore.open(data)) {
      assertTrue(store.collection("docs").get("p1000").isPresent());
      assertEquals(319, store.collection("docs").count());
    }
  }

  @Test
  void aWalCutInsideARecordHeaderAlsoRecovers() throws IOException {
    Path data = populated();
    Path wal = walFile(data);
    byte[] bytes = Files.readAllBytes(wal);
    // Append the first 7 bytes of a copy of a record header: a torn header.
    Files.write(wal, java.util.Arrays.copyOfRange(bytes, 20, 27), StandardOpenOption.APPEND);
    try (VectorStore store = VectorStore.open(data)) {
      assertEquals(317, store.collection("docs").count());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"MANIFEST", "segment", "deletions", "wal"})
  void aFlippedByteIsReportedAsCorruptionNamingTheFile(String kind) throws IOException {
    Path data = populated();
    Path file =
        switch (kind) {
          case "MANIFEST" -> collectionDir(data).resolve("MANIFEST");
          case "segment" -> only(collectionDir(data), ".vzs");
          case "deletions" -> only(collectionDir(data), ".del.");
          default -> walFile(data);
        };
    long size = Files.size(file);
    long at = kind.equals("wal") ? 20 + (size - 20) / 3 : size / 2;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(at);
      int b = raf.read();
      raf.seek(at);
      raf.write(b ^ 0x10);
    }
    try (VectorStore store = VectorStore.open(data)) {
      CollectionUnavailableException e =
          assertThrows(CollectionUnavailableException.class, () -> store.collection("docs"));
      assertEquals(file.toAbsolutePath(), e.file().toAbsolutePath(), e.getMessage());
      assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
      assertTrue(e.getCause() instanceof CorruptedDataException, e.toString());
    }
    // A read-only open refuses it the same way.
    try (VectorStore store = VectorStore.builder(data).readOnly(true).open()) {
      assertThrows(CollectionUnavailableException.class, () -> store.collection("docs"));
    }
  }

  private static Path only(Path dir, String contains) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> found = s.filter(p -> p.getFileName().toString().contains(contains)).toList();
      assertEquals(1, found.size(), found.toString());
      return found.get(0);
    }
  }

  @Test
  void aFullDiskFailsTheWriteCleanlyAndLeavesTheStoreReadable() {
    Path data = dir.resolve("data");
    AtomicLong budget = new AtomicLong(20_000);
    WalOutput.Factory filling =
        path -> {
          WalOutput real = WalOutput.FILES.create(path);
          return new WalOutput() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
              if (budget.addAndGet(-bytes.remaining()) < 0) {
                ByteBuffer part = bytes.slice().limit(Math.min(bytes.remaining(), 7));
                real.write(part); // a partial write, then the error
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
        };
    int acknowledged = 0;
    try (VectorStore store = DurableVectorStore.open(StoreOptions.defaults(data), filling)) {
      Collection c = store.createCollection("docs", CollectionConfig.of(DIM));
      VectorizerException failure = null;
      for (int i = 0; i < 10_000 && failure == null; i++) {
        try {
          c.upsert(point(i));
          acknowledged++;
        } catch (VectorizerException e) {
          failure = e;
        }
      }
      assertTrue(failure != null, "the disk never filled up");
      assertTrue(failure.getMessage().contains("No space left on device"), failure.getMessage());
      assertEquals(acknowledged, c.count(), "the failed write is not applied");
      assertTrue(c.get("p" + acknowledged).isEmpty());
      List<Hit> hits = c.search(SearchRequest.of(point(0).vector()).limit(1));
      assertEquals("p0", hits.get(0).id(), "the store stays readable");
      VectorizerException again =
          assertThrows(VectorizerException.class, () -> c.upsert(point(99_999)));
      assertTrue(again.getMessage().contains("reopen the store"), again.getMessage());
    }
    try (VectorStore store = VectorStore.open(data)) {
      Collection c = store.collection("docs");
      assertEquals(acknowledged, c.count(), "every acknowledged write is there after reopening");
      for (int i = 0; i < acknowledged; i += 37) {
        assertArrayEquals(point(i).vector(), c.get("p" + i).orElseThrow().vector());
      }
      c.upsert(point(50_000));
      assertEquals(acknowledged + 1, c.count());
    }
  }
}
