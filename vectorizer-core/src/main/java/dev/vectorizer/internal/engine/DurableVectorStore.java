package dev.vectorizer.internal.engine;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CorruptedDataException;
import dev.vectorizer.StoreOptions;
import dev.vectorizer.VectorizerException;
import dev.vectorizer.internal.index.SealedSegment;
import dev.vectorizer.internal.storage.CollectionStorage;
import dev.vectorizer.internal.storage.DirectoryLock;
import dev.vectorizer.internal.storage.FileOpener;
import dev.vectorizer.internal.storage.Manifest;
import dev.vectorizer.internal.storage.WalOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A store whose collections live in a data directory: {@code LOCK} and {@code collections/<name>/}
 * (see {@link CollectionStorage} and docs/storage-format.md).
 *
 * <p>Read-write opens hold the directory's write lock until close. Read-only opens take no lock:
 * they load each collection's manifest, segments and whole WAL records as of the open, retrying
 * when a concurrent writer's checkpoint moves files underneath them, and never write anything.
 *
 * <p>Concurrency: collections are kept in a concurrent map; create and drop are serialised by
 * {@link #catalogLock}.
 */
public final class DurableVectorStore extends CatalogStore {
  private static final int READ_ONLY_RETRIES = 20;

  private final StoreOptions options;
  private final Path collectionsDir;
  private final DirectoryLock lock;
  private final WalOutput.Factory outputs;
  private final java.util.concurrent.ExecutorService merges =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "vectorizer-merge");
            t.setDaemon(true);
            return t;
          });

  private DurableVectorStore(StoreOptions options, DirectoryLock lock, WalOutput.Factory outputs) {
    this.options = options;
    this.collectionsDir = options.directory().resolve("collections");
    this.lock = lock;
    this.outputs = outputs;
  }

  /**
   * Opens a store.
   *
   * @param options where and how
   * @param outputs how WAL files are opened (tests inject failures here)
   * @return the store
   */
  public static DurableVectorStore open(StoreOptions options, WalOutput.Factory outputs) {
    Path dir = options.directory();
    DirectoryLock lock = null;
    try {
      if (options.readOnly()) {
        if (!Files.isDirectory(dir)) {
          throw new VectorizerException("no data directory at " + dir);
        }
      } else {
        Files.createDirectories(dir.resolve("collections"));
        lock = DirectoryLock.acquire(dir);
      }
      DurableVectorStore store = new DurableVectorStore(options, lock, outputs);
      store.loadCollections();
      return store;
    } catch (IOException e) {
      closeQuietly(lock);
      throw new VectorizerException("cannot open store at " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(lock);
      throw e;
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // already failing
      }
    }
  }

  private void loadCollections() throws IOException {
    if (!Files.isDirectory(collectionsDir)) {
      return;
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.list(collectionsDir)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    try {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (name.startsWith(".")) {
          if (!options.readOnly() && name.contains(".dropped-")) {
            deleteTree(d); // a drop interrupted by a crash
          }
          continue;
        }
        if (!Files.exists(d.resolve(Manifest.FILE))) {
          if (!options.readOnly()) {
            deleteTree(d); // a create interrupted before its manifest was written
          }
          continue;
        }
        SegmentedCollection c = options.readOnly() ? loadWithRetries(d) : load(d);
        if (c != null) {
          collections.put(name, c);
        }
      }
    } catch (IOException | RuntimeException e) {
      for (SegmentedCollection c : collections.values()) {
        c.close();
      }
      throw e;
    }
  }

  private SegmentedCollection loadWithRetries(Path d) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return load(d);
      } catch (NoSuchFileException | CorruptedDataException e) {
        // A writer's checkpoint or merge replaced files while we read them: read the new state.
        if (attempt == READ_ONLY_RETRIES) {
          throw e;
        }
        if (!Files.exists(d)) {
          return null; // dropped meanwhile
        }
      }
    }
  }

  private SegmentedCollection load(Path d) throws IOException {
    try (FileOpener opener = options.readOnly() ? FileOpener.snapshot(d) : FileOpener.DIRECT) {
      return load(d, opener);
    }
  }

  private SegmentedCollection load(Path d, FileOpener opener) throws IOException {
    Manifest manifest = Manifest.read(opener, d);
    String name = d.getFileName().toString();
    if (!manifest.name().equals(name)) {
      throw new CorruptedDataException(
          d.resolve(Manifest.FILE),
          "names collection '" + manifest.name() + "' but lives in directory '" + name + "'");
    }
    List<SealedSegment> segments = new ArrayList<>();
    CollectionStorage storage =
        CollectionStorage.open(
            d, options.readOnly(), options.durability(), outputs, opener, manifest, segments);
    SegmentedCollection c =
        new SegmentedCollection(
            name,
            manifest.config(),
            kernels,
            storage,
            options.readOnly(),
            options.sealThreshold(),
            options.maxSegments(),
            segments,
            manifest.lsn(),
            options.readOnly() ? null : merges);
    long last = storage.replay(opener, manifest.lsn(), c::replay);
    if (!options.readOnly()) {
      storage.startAppending(last + 1);
    }
    return c;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  SegmentedCollection newCollection(String name, CollectionConfig config) {
    try {
      CollectionStorage storage =
          CollectionStorage.create(
              collectionsDir.resolve(name), name, config, options.durability(), outputs);
      return new SegmentedCollection(
          name,
          config,
          kernels,
          storage,
          false,
          options.sealThreshold(),
          options.maxSegments(),
          List.of(),
          0,
          merges);
    } catch (IOException e) {
      throw new VectorizerException(
          "cannot create collection '" + name + "': " + e.getMessage(), e);
    }
  }

  @Override
  void dropped(SegmentedCollection c) {
    try {
      c.storage().deleteAll();
    } catch (IOException e) {
      throw new VectorizerException(
          "collection '"
              + c.name()
              + "' was closed but its files could not be deleted: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  boolean durable() {
    return true;
  }

  @Override
  String describe() {
    return "the store at " + options.directory();
  }

  @Override
  public void checkpoint() {
    ensureWritable();
    for (SegmentedCollection c : collections.values()) {
      c.checkpoint();
    }
  }

  @Override
  public void close() {
    if (!markClosed()) {
      return;
    }
    for (SegmentedCollection c : collections.values()) {
      c.stopMerges();
    }
    merges.shutdown();
    try {
      // A running merge notices the close at its next step; let it stop before the files close.
      merges.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      closeCollections();
    } finally {
      closeQuietly(lock);
    }
  }

  @Override
  void ensureWritable() {
    ensureOpen();
    if (options.readOnly()) {
      throw new UnsupportedOperationException(
          "the store at " + options.directory() + " was opened read-only");
    }
  }
}
