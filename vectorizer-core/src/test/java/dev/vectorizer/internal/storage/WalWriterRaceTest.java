package dev.vectorizer.internal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorizer.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by {@code DurableConcurrencyTest}: a checkpoint rotated the log while a writer's fsync was
 * in progress. The rotation closed the file under the fsync (which then failed and poisoned the
 * log), and the fsync, finishing, set the durable LSN back below what the rotation had made
 * durable, so the next writer forced a file that was gone ({@code NullPointerException}).
 */
class WalWriterRaceTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aRotationWaitsForAnFsyncInProgressAndTheDurableLsnOnlyGrows() throws Exception {
    CountDownLatch forcing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean armed =
        new java.util.concurrent.atomic.AtomicBoolean();
    WalOutput.Factory slowForce =
        path -> {
          WalOutput real = WalOutput.FILES.create(path);
          return new WalOutput() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
              real.write(bytes);
            }

            @Override
            public void force() throws IOException {
              if (armed.compareAndSet(true, false)) {
                forcing.countDown();
                try {
                  release.await(); // the fsync is in progress
                } catch (InterruptedException e) {
                  throw new IOException(e);
                }
              }
              real.force(); // fails on a closed channel
            }

            @Override
            public void close() throws IOException {
              real.close();
            }
          };
        };
    WalWriter wal = new WalWriter(dir.resolve("wal"), Durability.FSYNC, slowForce, 1);
    long first = wal.append(List.of(WalRecord.upsert("a", new float[] {1, 2}, Map.of())));
    List<Throwable> failures = new ArrayList<>();
    armed.set(true); // the next fsync (the writer's) blocks until released
    Thread syncer = thread(() -> wal.sync(first), failures);
    syncer.start();
    forcing.await();
    long second = wal.append(List.of(WalRecord.upsert("b", new float[] {3, 4}, Map.of())));
    Thread checkpoint = thread(() -> wal.rotateAndTrim(0), failures);
    checkpoint.start();
    Thread.sleep(200); // with the bug, the rotation closes the file now
    release.countDown();
    syncer.join();
    checkpoint.join();
    wal.sync(second); // NullPointerException with the bug
    long third =
        wal.append(List.of(WalRecord.delete("a"))); // "the log failed earlier" with the bug
    wal.sync(third);
    wal.close();
    assertEquals(List.of(), failures);
    List<WalRecord> replayed = new ArrayList<>();
    WalReader.replay(FileOpener.DIRECT, dir.resolve("wal"), 0, replayed::addAll);
    assertEquals(3, replayed.size());
  }

  private interface Body {
    void run() throws Exception;
  }

  private static Thread thread(Body body, List<Throwable> failures) {
    return new Thread(
        () -> {
          try {
            body.run();
          } catch (Throwable t) {
            synchronized (failures) {
              failures.add(t);
            }
          }
        });
  }
}
