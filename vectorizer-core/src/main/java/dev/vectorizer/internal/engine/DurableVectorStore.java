package dev.vectorizer.internal.engine;

import dev.vectorizer.CheckReport;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CorruptedDataException;
import dev.vectorizer.StoreOptions;
import dev.vectorizer.VectorizerException;
import dev.vectorizer.internal.storage.CollectionCheck;
import dev.vectorizer.internal.storage.CollectionStorage;
import dev.vectorizer.internal.storage.DirectoryLock;
import dev.vectorizer.internal.storage.FileIo;
import dev.vectorizer.internal.storage.FileOpener;
import dev.vectorizer.internal.storage.Manifest;
import dev.vectorizer.internal.storage.WalOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A store whose collections live in a data directory: {@code LOCK} and {@code collections/<name>/}
 * (see {@link CollectionStorage} and docs/storage-format.md).
 *
 * <p>Read-write opens hold the directory's write lock until close. Opening only lists the
 * collections; each is loaded on first use ({@link CollectionSlot}), so one corrupt collection does
 * not stop the others. Read-only opens take no lock: they load a collection's manifest, segments
 * and whole WAL records as of its first use, retrying when a concurrent writer's checkpoint moves
 * files underneath them, and never write anything. A writer that closes with a long log checkpoints
 * first, so the next open has little to replay.
 *
 * <p>Concurrency: collections are kept in a concurrent map; create and drop are serialised by
 * {@code catalogLock}.
 */
public final class DurableVectorStore extends CatalogStore {
  private static final int READ_ONLY_RETRIES = 20;

  private final StoreOptions options;
  private final Path collectionsDir;
  private final DirectoryLock lock;
  private final CollectionLoader loader;
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
    this.loader = new CollectionLoader(options, outputs, kernels, merges);
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
      store.registerCollections();
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

  private void registerCollections() throws IOException {
    if (!Files.isDirectory(collectionsDir)) {
      return;
    }
    if (!options.readOnly()) {
      recoverInterruptedImports();
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.list(collectionsDir)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    for (Path d : dirs) {
      String name = d.getFileName().toString();
      if (name.startsWith(".")) {
        if (!options.readOnly() && (name.contains(".dropped-") || name.startsWith(".import-"))) {
          deleteTree(d); // a drop or an import interrupted by a crash
        }
        continue;
      }
      if (!Files.exists(d.resolve(Manifest.FILE)) && isEmptyCreate(d)) {
        if (!options.readOnly()) {
          deleteTree(d); // a create interrupted before its manifest was written
        }
        continue;
      }
      collections.put(name, CollectionSlot.lazy(name, loaderFor(name)));
    }
  }

  /** Whether a directory without a manifest holds nothing but what a create makes first. */
  private static boolean isEmptyCreate(Path d) throws IOException {
    try (Stream<Path> walk = Files.walk(d)) {
      return walk.filter(Files::isRegularFile)
          .allMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }
  }

  @Override
  CollectionSlot.Loader loaderFor(String name) {
    Path d = collectionsDir.resolve(name);
    return () -> options.readOnly() ? loadWithRetries(d) : load(d);
  }

  /**
   * An import moves the old collection to {@code .replaced-<n>-<name>} before moving the new one
   * in; after a crash between the two, the old one goes back.
   */
  private void recoverInterruptedImports() throws IOException {
    try (Stream<Path> s = Files.list(collectionsDir)) {
      for (Path d : s.toList()) {
        String f = d.getFileName().toString();
        if (f.startsWith(".replaced-")) {
          String original = f.substring(f.indexOf('-', ".replaced-".length()) + 1);
          Path target = collectionsDir.resolve(original);
          if (Files.exists(target)) {
            deleteTree(d);
          } else {
            Files.move(d, target);
          }
        }
      }
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
      return loader.open(d, opener, options.readOnly());
    }
  }

  /** Renames a directory, or copies it when it lives on another file system. */
  private static void moveOrCopy(Path from, Path to) throws IOException {
    try {
      Files.move(from, to);
      return;
    } catch (IOException e) {
      // another file system: copy below
    }
    Files.createDirectories(to);
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
          dev.vectorizer.internal.storage.FileIo.fsync(dest);
        }
      }
    }
    deleteTree(from);
  }

  private static void deleteTree(Path root) throws IOException {
    CollectionStorage.deleteTree(root);
  }

  @Override
  SegmentedCollection newCollection(String name, CollectionConfig config) {
    try {
      return loader.create(collectionsDir.resolve(name), name, config);
    } catch (IOException e) {
      throw new VectorizerException(
          "cannot create collection '" + name + "': " + e.getMessage(), e);
    }
  }

  @Override
  void dropped(String name, SegmentedCollection c) {
    try {
      if (c != null) {
        c.persistence().deleteAll();
      } else {
        Path d = collectionsDir.resolve(name);
        Path graveyard = collectionsDir.resolve("." + name + ".dropped-" + System.nanoTime());
        Files.move(d, graveyard);
        FileIo.fsyncDirectory(collectionsDir);
        deleteTree(graveyard);
      }
    } catch (IOException e) {
      throw new VectorizerException(
          "collection '"
              + name
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
  public dev.vectorizer.Collection importCollection(String name, Path directory, boolean replace) {
    CollectionNames.check(name);
    ensureWritable();
    if (!Files.isRegularFile(directory.resolve(Manifest.FILE))) {
      throw new IllegalArgumentException(
          directory + " is not a collection directory: it has no " + Manifest.FILE);
    }
    try {
      // Stage inside collections/ (same file system, so the final move is an atomic rename),
      // under the new name, and verify every file by loading it before touching the live one.
      Path staged = collectionsDir.resolve(".import-" + System.nanoTime() + "-" + name);
      moveOrCopy(directory, staged);
      Manifest m = Manifest.read(staged);
      if (!m.name().equals(name)) {
        new Manifest(name, m.config(), m.lsn(), m.nextSegmentId(), m.segments()).write(staged);
      }
      Files.createDirectories(staged.resolve("wal"));
      CollectionLoader.verify(staged, m);
      synchronized (catalogLock) {
        ensureOpen();
        CollectionSlot existing = collections.get(name);
        if (existing != null && !replace) {
          deleteTree(staged);
          throw new dev.vectorizer.CollectionExistsException(name);
        }
        Path target = collectionsDir.resolve(name);
        Path old = null;
        if (existing != null) {
          collections.remove(name);
          SegmentedCollection open = existing.loadedOrNull();
          if (open != null) {
            open.close();
          }
          old = collectionsDir.resolve(".replaced-" + System.nanoTime() + "-" + name);
          Files.move(target, old);
        }
        Files.move(staged, target);
        FileIo.fsyncDirectory(collectionsDir);
        SegmentedCollection c = load(target);
        register(name, c);
        if (old != null) {
          deleteTree(old);
        }
        return c;
      }
    } catch (IOException e) {
      throw new VectorizerException(
          "cannot import collection '" + name + "' from " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public java.util.Optional<Path> directory() {
    return java.util.Optional.of(options.directory());
  }

  @Override
  public void checkpoint() {
    ensureWritable();
    for (SegmentedCollection c : loaded()) {
      c.checkpoint();
    }
  }

  @Override
  public CheckReport check() {
    ensureOpen();
    List<CheckReport.Finding> findings = new ArrayList<>();
    for (String name : listCollections()) {
      Path d = collectionsDir.resolve(name);
      try (FileOpener opener = FileOpener.snapshot(d)) {
        findings.addAll(CollectionCheck.check(d, opener));
      } catch (IOException e) {
        findings.add(
            new CheckReport.Finding(
                name, d, CheckReport.Severity.ERROR, "cannot be read: " + e, null));
      }
    }
    return new CheckReport(findings);
  }

  @Override
  public CheckReport repair(String name) {
    ensureWritable();
    synchronized (catalogLock) {
      CollectionSlot slot = name == null ? null : collections.get(name);
      if (slot == null) {
        throw new dev.vectorizer.CollectionNotFoundException(name);
      }
      SegmentedCollection open = slot.loadedOrNull();
      if (open != null) {
        open.stopMerges();
        open.close();
      }
      slot.reset();
      try {
        return new CheckReport(CollectionCheck.repair(collectionsDir.resolve(name)));
      } catch (IOException e) {
        throw new VectorizerException(
            "repair of collection '" + name + "' failed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    if (!markClosed()) {
      return;
    }
    List<SegmentedCollection> open = loaded();
    for (SegmentedCollection c : open) {
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
      if (!options.readOnly()) {
        for (SegmentedCollection c : open) {
          c.checkpointIfLogIsLong();
        }
      }
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
