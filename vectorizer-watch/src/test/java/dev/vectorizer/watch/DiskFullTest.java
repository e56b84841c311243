package dev.vectorizer.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.Embedder;
import dev.vectorizer.TextCollection;
import dev.vectorizer.VectorStore;
import dev.vectorizer.VectorizerException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's disk fills up while the watcher works: writes fail (injected at the public API: a
 * text upsert writes part of the new chunks and then fails, as a full disk leaves it), the watcher
 * reports each failure in plain words, keeps every text it had completed, and converges to the tree
 * once writes work again, in the same process and after a restart.
 */
class DiskFullTest {
  @TempDir Path tmp;
  Path tree;
  VectorStore real;
  VectorStore store;
  final AtomicBoolean full = new AtomicBoolean();
  final List<WatchEvent> events = new CopyOnWriteArrayList<>();
  FileSync sync;

  @BeforeEach
  void setUp() throws IOException {
    tree = Files.createDirectories(tmp.resolve("tree")).toRealPath();
    real = VectorStore.open(tmp.resolve("data"));
    store = faulty(real);
  }

  @AfterEach
  void tearDown() {
    if (sync != null) {
      sync.close();
    }
    real.close();
  }

  private static final String FULL = "cannot write the write-ahead log: No space left on device";

  /** The store, with text writes failing while {@link #full} is set. */
  private VectorStore faulty(VectorStore s) {
    return proxy(
        VectorStore.class,
        s,
        (name, args, result) ->
            name.equals("textCollection") ? faultyText((TextCollection) result) : result,
        name -> false);
  }

  private TextCollection faultyText(TextCollection t) {
    return proxy(
        TextCollection.class,
        t,
        (name, args, result) -> name.equals("collection") ? faultyCollection(t) : result,
        name -> {
          if (name.equals("upsert") || name.equals("delete")) {
            return true;
          }
          return false;
        });
  }

  private Collection faultyCollection(TextCollection t) {
    return proxy(
        Collection.class,
        t.collection(),
        (name, args, result) -> result,
        name -> name.equals("upsert") || name.startsWith("delete"));
  }

  interface After {
    Object apply(String method, Object[] args, Object result);
  }

  @SuppressWarnings("unchecked")
  private <T> T proxy(
      Class<T> type, T target, After after, java.util.function.Predicate<String> writes) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, m, args) -> {
              if (full.get() && writes.test(m.getName())) {
                if (type == TextCollection.class
                    && m.getName().equals("upsert")
                    && args[1] instanceof String text) {
                  partialUpsert((TextCollection) target, (String) args[0], text, args[2]);
                }
                throw new VectorizerException(FULL);
              }
              try {
                return after.apply(m.getName(), args, m.invoke(target, args));
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** Writes what a full disk lets through: the first chunks of the new version, then fails. */
  private static void partialUpsert(TextCollection t, String id, String text, Object payload) {
    Reader half =
        new Reader() {
          private final StringReader in = new StringReader(text);
          private int read;

          @Override
          public int read(char[] b, int off, int len) throws IOException {
            if (read > text.length() / 2) {
              throw new IOException("no space");
            }
            int n = in.read(b, off, Math.min(len, 4096));
            read += Math.max(0, n);
            return n;
          }

          @Override
          public void close() {}
        };
    try {
      @SuppressWarnings("unchecked")
      Map<String, ?> p = (Map<String, ?>) payload;
      t.upsert(id, half, p);
    } catch (RuntimeException expected) {
      // the disk filled up part-way
    }
  }

  private static String text(String topic, int sentences) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      sb.append("This file is about ").append(topic).append(", sentence ").append(i).append(". ");
    }
    return sb.toString();
  }

  private void startSync() throws Exception {
    sync =
        new FileSync(store, WatchConfig.of(List.of(tree), "files").withDebounceMs(30), null, null);
    sync.addListener(events::add);
    sync.start();
  }

  private Map<String, TextCollection.Source> sources() {
    return real.textCollection("files", Embedder.byName("hashing")).sources();
  }

  /** The collection equals a fresh index of the tree: same sources, same chunk texts. */
  private void assertMirrors() throws Exception {
    assertEquals(WatchCrashTest.fresh(tree), WatchCrashTest.dump(real, "files"));
  }

  private static void eventually(BooleanSupplier c, String what) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!c.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, what);
      Thread.sleep(20);
    }
  }

  @Test
  void aFullDiskIsReportedNothingCompletedIsLostAndTheWatcherConverges() throws Exception {
    Files.writeString(tree.resolve("small.txt"), text("apples", 10));
    Files.writeString(tree.resolve("big.txt"), text("bananas", 3000)); // several chunk batches
    Files.writeString(tree.resolve("gone.txt"), text("cherries", 10));
    startSync();
    assertTrue(sync.awaitIdle(60_000));
    assertMirrors();
    Map<String, TextCollection.Source> before = sources();

    full.set(true);
    Files.writeString(tree.resolve("small.txt"), text("apricots", 12));
    Files.writeString(tree.resolve("big.txt"), text("blueberries", 3100));
    Files.writeString(tree.resolve("new.txt"), text("dates", 5));
    Files.delete(tree.resolve("gone.txt"));
    eventually(
        () -> events.stream().filter(e -> e.type() == WatchEvent.Type.ERROR).count() >= 4,
        "four failures reported: " + events);
    for (WatchEvent e : events) {
      if (e.type() == WatchEvent.Type.ERROR) {
        assertTrue(e.reason().contains("No space left on device"), e.toString());
        assertTrue(e.reason().contains("collection 'files'"), e.toString());
        assertFalse(e.reason().contains("Exception") || e.reason().contains("java."), e.reason());
      }
    }
    assertFalse(sync.awaitIdle(300), "failed writes are pending retries, not forgotten");
    Map<String, TextCollection.Source> during = sources();
    String small = tree.resolve("small.txt").toString();
    assertEquals(before.get(small), during.get(small), "the completed text is intact");
    assertTrue(during.get(tree.resolve("gone.txt").toString()).complete());
    TextCollection.Source big = during.get(tree.resolve("big.txt").toString());
    assertFalse(big.complete(), "the interrupted big text is detectably incomplete: " + big);
    assertEquals(before.get(big.id()).payload(), big.payload(), "chunk 0 is still the old one");

    full.set(false);
    assertTrue(sync.awaitIdle(60_000), "converges once writes work again");
    assertMirrors();

    full.set(true); // fails again, and the watcher is stopped before the disk has room
    Files.writeString(tree.resolve("big.txt"), text("bilberries", 2900));
    Files.delete(tree.resolve("new.txt"));
    eventually(
        () -> !sources().get(tree.resolve("big.txt").toString()).complete(), "a partial write");
    sync.close();
    sync = null;
    full.set(false);
    events.clear();
    startSync();
    assertTrue(sync.awaitIdle(60_000));
    assertMirrors();
  }
}
