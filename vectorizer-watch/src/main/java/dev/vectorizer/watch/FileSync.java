package dev.vectorizer.watch;

import dev.vectorizer.Embedder;
import dev.vectorizer.TextCollection;
import dev.vectorizer.VectorStore;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps text collections equal to the files under one or more roots.
 *
 * <p>Design: OS events (io.methvin directory-watcher) are only hints. Each event schedules its
 * path; a path is applied once it has been quiet for {@code debounce_ms} (trailing edge), and due
 * paths are applied in batches. Applying a path compares the file with the persisted {@link
 * FileManifest} (size and mtime, then SHA-256) and re-chunks, re-embeds and replaces all of the
 * file's chunks only when the content changed; a missing path removes the file's chunks and those
 * of every file under it (a removed directory). On start (auto discovery), on an event-queue
 * overflow and after a configuration change, a full scan reconciles the collections with the tree.
 * All work runs on one worker thread, so the manifest needs no locking.
 *
 * <p>Thread-safe: start, stop, listeners and counters may be used from any thread. The caller owns
 * the store and closes the watcher before it.
 */
public final class FileSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FileSync.class);

  private final VectorStore store;
  private final Path configFile;
  private volatile WatchConfig config;
  private final FileManifest manifest;
  private final Map<String, Embedder> embedders = new HashMap<>();
  private final Map<String, TextCollection> texts = new HashMap<>();
  private final List<WatchListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<Path, Long> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vectorizer-watch");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong indexed = new AtomicLong();
  private final AtomicLong removed = new AtomicLong();
  private final AtomicLong unchanged = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong scans = new AtomicLong();
  private volatile boolean rescanRequested;
  private volatile DirectoryWatcher watcher;
  private volatile long configModified;
  private volatile boolean closed;
  private final AtomicLong applied = new AtomicLong();

  /**
   * Creates a watcher (call {@link #start()}).
   *
   * @param store the store, opened for writing
   * @param config what to watch
   * @param stateFile where the file manifest is kept (for example {@code DATA/watch/NAME.json})
   * @param configFile the YAML file for hot reload, or null
   * @throws IOException when the state file cannot be read
   */
  public FileSync(VectorStore store, WatchConfig config, Path stateFile, Path configFile)
      throws IOException {
    this.store = store;
    this.config = config;
    this.configFile = configFile;
    this.manifest = FileManifest.load(stateFile);
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(WatchListener listener) {
    listeners.add(listener);
  }

  /**
   * Starts: the initial reconcile scan (when auto discovery is on), then watching.
   *
   * @throws IOException when the roots cannot be watched
   */
  public void start() throws IOException {
    if (!config.enabled()) {
      return;
    }
    for (Path root : config.watchPaths()) {
      if (!Files.isDirectory(root)) {
        throw new IOException("watch path " + root + " is not a directory");
      }
    }
    startWatching();
    if (config.autoDiscovery()) {
      rescanRequested = true;
    }
    if (configFile != null) {
      configModified = Files.getLastModifiedTime(configFile).toMillis();
    }
    worker.scheduleWithFixedDelay(this::tick, 0, 20, TimeUnit.MILLISECONDS);
  }

  private void startWatching() throws IOException {
    DirectoryWatcher w =
        DirectoryWatcher.builder()
            .paths(config.watchPaths())
            .fileHashing(false)
            .logger(org.slf4j.helpers.NOPLogger.NOP_LOGGER)
            .listener(this::onOsEvent)
            .build();
    w.watchAsync();
    watcher = w;
  }

  private void onOsEvent(DirectoryChangeEvent e) {
    if (e.eventType() == DirectoryChangeEvent.EventType.OVERFLOW) {
      rescanRequested = true; // events were lost: reconcile, never lose silently
      return;
    }
    if (e.path() != null) {
      pending.put(e.path().toAbsolutePath().normalize(), System.nanoTime());
    }
  }

  /** One turn of the worker: hot reload, a requested scan, then the paths that are due. */
  private void tick() {
    try {
      if (closed) {
        return;
      }
      checkConfigReload();
      if (rescanRequested) {
        rescanRequested = false;
        reconcile();
      }
      long quiet = TimeUnit.MILLISECONDS.toNanos(config.debounceMs());
      long now = System.nanoTime();
      List<Path> due = new ArrayList<>();
      for (Map.Entry<Path, Long> e : pending.entrySet()) {
        if (now - e.getValue() >= quiet) {
          due.add(e.getKey());
        }
      }
      if (due.isEmpty()) {
        return;
      }
      for (Path p : due) {
        Long stamp = pending.get(p);
        if (stamp != null && now - stamp >= quiet) {
          pending.remove(p, stamp);
          apply(p);
        }
      }
      manifest.save();
      applied.incrementAndGet();
    } catch (Throwable t) {
      errors.incrementAndGet();
      LOG.error("watcher step failed", t);
    }
  }

  private void checkConfigReload() {
    if (configFile == null || !config.hotReload()) {
      return;
    }
    try {
      long m = Files.getLastModifiedTime(configFile).toMillis();
      if (m == configModified) {
        return;
      }
      configModified = m;
      WatchConfig next = WatchConfig.load(configFile);
      if (next.equals(config)) {
        return;
      }
      LOG.info("{} changed: applying the new configuration", configFile);
      DirectoryWatcher old = watcher;
      config = next;
      if (old != null) {
        old.close();
      }
      startWatching();
      rescanRequested = true;
    } catch (IOException | RuntimeException e) {
      errors.incrementAndGet();
      emit(
          new WatchEvent(
              WatchEvent.Type.ERROR, configFile, null, 0, "configuration: " + e.getMessage()));
    }
  }

  /**
   * A full scan: apply every file under the roots, remove what the manifest has but the tree lacks.
   */
  private void reconcile() throws IOException {
    scans.incrementAndGet();
    Set<Path> found = new LinkedHashSet<>();
    for (Path root : config.watchPaths()) {
      walk(root, found);
    }
    int done = 0;
    for (Path p : found) {
      apply(p);
      if (++done % 50 == 0 || done == found.size()) {
        int d = done;
        listeners.forEach(l -> l.onProgress(d, found.size()));
      }
    }
    Set<String> seen = new java.util.HashSet<>();
    for (Path p : found) {
      seen.add(p.toString());
    }
    for (String tracked : new ArrayList<>(manifest.files.keySet())) {
      if (!seen.contains(tracked)) {
        apply(Path.of(tracked));
      }
    }
    manifest.save();
  }

  private void walk(Path root, Set<Path> out) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    Set<FileVisitOption> opts =
        config.followSymlinks()
            ? EnumSet.of(FileVisitOption.FOLLOW_LINKS)
            : EnumSet.noneOf(FileVisitOption.class);
    Files.walkFileTree(
        root,
        opts,
        config.recursive() ? Integer.MAX_VALUE : 1,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root) && excluded(dir, true)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            out.add(file.toAbsolutePath().normalize());
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            if (e instanceof FileSystemLoopException) {
              skip(file, "symlink loop");
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Brings one path in line with the tree. Runs on the worker thread only. */
  private void apply(Path p) {
    String key = p.toString();
    try {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        removeTree(p);
        return;
      }
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        remove(key, null); // a file replaced by a directory
        Set<Path> under = new LinkedHashSet<>();
        if (!excluded(p, true)) {
          walk(p, under);
        }
        for (Path f : under) {
          apply(f);
        }
        return;
      }
      Path root = rootOf(p);
      if (root == null) {
        remove(key, "outside the watch paths");
        return;
      }
      if (Files.isSymbolicLink(p)) {
        if (!config.followSymlinks()) {
          remove(key, null);
          skip(p, "symlink (follow_symlinks is false)");
          return;
        }
        Path real = p.toRealPath();
        if (rootOf(real) == null) {
          remove(key, null);
          skip(p, "symlink leaves the watch paths");
          return;
        }
        if (Files.isDirectory(real)) {
          return; // walked through when following links
        }
      }
      if (excluded(p, false)) {
        remove(key, "excluded");
        skip(p, "excluded by the patterns");
        return;
      }
      long size = Files.size(p);
      long mtime = Files.getLastModifiedTime(p).toMillis();
      if (size > config.maxFileSize()) {
        remove(key, null);
        skip(p, "larger than max_file_size (" + size + " bytes)");
        return;
      }
      FileManifest.Entry old = manifest.get(key);
      String collection = route(root, p);
      if (old != null
          && old.size() == size
          && old.mtime() == mtime
          && old.collection().equals(collection)) {
        unchanged.incrementAndGet();
        return;
      }
      byte[] bytes = Files.readAllBytes(p);
      String sha = HexFormat.of().formatHex(sha256().digest(bytes));
      if (old != null && old.sha256().equals(sha) && old.collection().equals(collection)) {
        manifest.put(key, new FileManifest.Entry(size, mtime, sha, old.chunks(), collection));
        unchanged.incrementAndGet();
        return;
      }
      if (isBinary(bytes)) {
        remove(key, null);
        skip(p, "binary");
        return;
      }
      if (old != null && !old.collection().equals(collection)) {
        remove(key, null);
      }
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
      int chunks = texts(collection).upsert(key, text, Map.of("path", key));
      manifest.put(key, new FileManifest.Entry(size, mtime, sha, chunks, collection));
      indexed.incrementAndGet();
      emit(new WatchEvent(WatchEvent.Type.INDEXED, p, collection, chunks, null));
    } catch (IOException | RuntimeException e) {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        removeTree(p); // vanished while we read it
        return;
      }
      errors.incrementAndGet();
      emit(new WatchEvent(WatchEvent.Type.ERROR, p, null, 0, e.toString()));
    }
  }

  private void removeTree(Path p) {
    String key = p.toString();
    remove(key, null);
    String prefix = key.endsWith("/") ? key : key + p.getFileSystem().getSeparator();
    for (String tracked : new ArrayList<>(manifest.files.tailMap(prefix).keySet())) {
      if (!tracked.startsWith(prefix)) {
        break;
      }
      remove(tracked, null);
    }
  }

  private void remove(String key, String why) {
    FileManifest.Entry e = manifest.get(key);
    if (e == null) {
      return;
    }
    texts(e.collection()).delete(key);
    manifest.remove(key);
    removed.incrementAndGet();
    emit(new WatchEvent(WatchEvent.Type.REMOVED, Path.of(key), e.collection(), 0, why));
  }

  private void skip(Path p, String why) {
    skipped.incrementAndGet();
    emit(new WatchEvent(WatchEvent.Type.SKIPPED, p, null, 0, why));
  }

  private void emit(WatchEvent e) {
    for (WatchListener l : listeners) {
      try {
        l.onEvent(e);
      } catch (RuntimeException ex) {
        LOG.warn("listener failed on {}", e, ex);
      }
    }
  }

  private Path rootOf(Path p) {
    for (Path root : config.watchPaths()) {
      if (p.startsWith(root)) {
        return root;
      }
    }
    return null;
  }

  private boolean excluded(Path p, boolean directory) {
    Path root = rootOf(p);
    if (root == null) {
      return true;
    }
    String rel = root.relativize(p).toString().replace('\\', '/');
    String relDir = directory ? rel + "/x" : rel; // "**/.git/**" must exclude the directory itself
    for (String g : config.excludePatterns()) {
      if (matches(g, relDir) || matches(g, rel)) {
        return true;
      }
    }
    if (directory) {
      return false;
    }
    for (String g : config.includePatterns()) {
      if (matches(g, rel)) {
        return false;
      }
    }
    return true;
  }

  private final Map<String, PathMatcher> matchers = new ConcurrentHashMap<>();

  private boolean matches(String glob, String rel) {
    PathMatcher m =
        matchers.computeIfAbsent(glob, g -> FileSystems.getDefault().getPathMatcher("glob:" + g));
    // "**/x" also matches "x" at the root: try the path with and without a leading "/".
    return m.matches(Path.of(rel)) || m.matches(Path.of("/" + rel));
  }

  private String route(Path root, Path p) {
    String rel = root.relativize(p).toString().replace('\\', '/');
    for (Map.Entry<String, String> r : config.routes().entrySet()) {
      if (matches(r.getKey(), rel)) {
        return r.getValue();
      }
    }
    return config.collection();
  }

  private TextCollection texts(String collection) {
    return texts.computeIfAbsent(
        collection,
        c ->
            store.textCollection(
                c,
                embedders.computeIfAbsent(config.embedder(), Embedder::byName),
                config.chunkSize(),
                config.chunkOverlap()));
  }

  private static boolean isBinary(byte[] bytes) {
    int n = Math.min(bytes.length, 8192);
    for (int i = 0; i < n; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until no change is pending and the worker is idle (for tests and tools).
   *
   * @param timeoutMillis how long to wait
   * @return whether it became idle in time
   * @throws InterruptedException when interrupted
   */
  public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline) {
      if (pending.isEmpty() && !rescanRequested) {
        var f = worker.submit(() -> pending.isEmpty() && !rescanRequested);
        try {
          if (f.get()) {
            return true;
          }
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException(e);
        }
      }
      Thread.sleep(10);
    }
    return false;
  }

  /**
   * The counters.
   *
   * @return a snapshot
   */
  public WatchCounters counters() {
    return new WatchCounters(
        indexed.get(),
        removed.get(),
        unchanged.get(),
        skipped.get(),
        errors.get(),
        scans.get(),
        manifest.files.size());
  }

  /** Stops watching, applies the pending changes, saves the manifest. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      DirectoryWatcher w = watcher;
      if (w != null) {
        w.close();
      }
      worker
          .submit(
              () -> {
                for (Path p : new ArrayList<>(pending.keySet())) {
                  pending.remove(p);
                  apply(p);
                }
                manifest.save();
                return null;
              })
          .get(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      LOG.error("closing the watcher", e);
    } finally {
      closed = true;
      worker.shutdownNow();
      embedders.values().forEach(FileSync::closeQuietly);
    }
  }

  private static void closeQuietly(Embedder e) {
    if (e instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // best effort
      }
    }
  }
}
