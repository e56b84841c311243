package dev.vectorizer.watch;

import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * The document indexer behind both {@code vectorizer index} and the watcher ({@link FileSync}): it
 * makes text collections hold exactly the text files under the watch paths of a {@link
 * WatchConfig}, one text per file (source id = the file's absolute path), with the payload {@code
 * {path, sha256, chunking}}. The same rules apply on both paths: the include, exclude and route
 * globs, {@code max_file_size}, binary detection (a NUL byte in the first 8 KiB), SHA-256 of the
 * bytes, invalid UTF-8 replaced, and symlink and mount containment.
 *
 * <pre>{@code
 * try (DocumentIndexer indexer = new DocumentIndexer(store, WatchConfig.of(List.of(dir), "docs"), null)) {
 *   WatchCounters c = indexer.indexAll(); // index new and changed files, remove the vanished
 * }
 * }</pre>
 *
 * <p>Owns the per-file decision ({@code apply}: skip, unchanged, index or remove) and the full pass
 * ({@link #indexAll()}), which reconciles against what the collections hold, never against a side
 * file: texts of files that are gone, newly excluded or routed elsewhere are removed, and texts an
 * interrupted write left incomplete are rewritten or removed. A file is unchanged when the hash
 * recorded in its chunk 0 matches its content (and the chunking matches); an optional cache of file
 * stamp to hash ({@code hashCache}) saves reading unchanged files. Listing, containment, reading
 * and the store are delegated to {@link TreeScanner}, {@link Containment}, {@link FileContent} and
 * {@link StoredTexts}.
 *
 * <p>Not thread-safe, except {@link #counters()} and {@link #addListener}: call it from one thread
 * ({@link FileSync} runs it on its worker). The caller owns the store and closes the indexer before
 * the store; closing saves the hash cache and closes the embedders the indexer created.
 */
public final class DocumentIndexer implements AutoCloseable {
  /** Whether a path is settled or must be tried again later (a store write failed). */
  enum Outcome {
    DONE,
    RETRY
  }

  private final StoredTexts stored;
  private final HashCache cache;
  private final Reporter report = new Reporter();
  private PathRules rules;
  private Containment containment;
  private TreeScanner scanner;

  /**
   * Creates an indexer.
   *
   * @param store the store, opened for writing
   * @param config the watch paths, patterns, limits, collection(s), embedder and chunking
   * @param hashCache where to keep the file stamp to hash cache (for example {@code
   *     DATA/watch/NAME.json}), or null for none
   */
  public DocumentIndexer(VectorStore store, WatchConfig config, Path hashCache) {
    this.stored = new StoredTexts(store, config);
    this.cache = HashCache.load(hashCache);
    useRules(config);
  }

  private void useRules(WatchConfig config) {
    rules = new PathRules(config);
    containment = new Containment(config.watchPaths(), config.followSymlinks());
    scanner = new TreeScanner(rules, containment);
  }

  /**
   * Adds a listener; events arrive on the indexer's thread.
   *
   * @param listener the listener
   */
  public void addListener(WatchListener listener) {
    report.add(listener);
  }

  /**
   * One full pass: indexes new and changed files, removes the texts of files that are gone, and
   * repairs texts an interrupted write left incomplete. Failures are reported as {@link
   * WatchEvent.Type#ERROR} events and counted.
   *
   * @return the counters after the pass
   */
  public WatchCounters indexAll() {
    try {
      List<Path> retry = reconcile();
      for (int round = 0; round < 2 && !retry.isEmpty(); round++) {
        List<Path> again = new ArrayList<>();
        for (Path p : retry) {
          if (apply(p) == Outcome.RETRY) {
            again.add(p);
          }
        }
        retry = again;
      }
    } catch (StoredTexts.StoreFailure e) {
      report.error(null, e.getMessage());
    }
    cache.save();
    return counters();
  }

  /**
   * The counters; callable from any thread.
   *
   * @return a snapshot
   */
  public WatchCounters counters() {
    return report.tally.snapshot();
  }

  WatchConfig config() {
    return rules.config();
  }

  /**
   * Applies a new configuration: texts under watch paths it no longer has are removed; the caller
   * then reconciles.
   */
  void reconfigure(WatchConfig next) {
    PathRules old = rules;
    useRules(next);
    stored.configure(next);
    for (Map.Entry<String, NavigableMap<String, StoredTexts.Stored>> e :
        List.copyOf(stored.all().entrySet())) {
      for (String id : List.copyOf(e.getValue().keySet())) {
        if (old.owns(id) && !rules.owns(id)) {
          remove(e.getKey(), id, "its watch path is no longer configured");
        }
      }
    }
  }

  /** Which folders the OS watcher may register (see {@link Containment#watchable}). */
  java.util.function.Predicate<Path> watchable() {
    return containment.watchable(rules);
  }

  /** Before a batch of changes: mounts may have changed. */
  void refreshMounts() {
    containment.refreshMounts();
  }

  /**
   * The full pass against what the collections hold.
   *
   * @return the paths whose change must be retried
   * @throws StoredTexts.StoreFailure when a collection cannot be read
   */
  List<Path> reconcile() {
    report.tally.scans.incrementAndGet();
    containment.refreshMounts();
    stored.load(rules);
    Map<Path, Path> files = scanner.scanAll(this::skippedByScan);
    Set<String> found = new HashSet<>();
    List<Path> retry = new ArrayList<>();
    int done = 0;
    for (Map.Entry<Path, Path> f : files.entrySet()) {
      found.add(f.getKey().toString());
      Outcome o =
          f.getValue() == null
              ? apply(f.getKey())
              : applyFile(rules.rootOf(f.getKey()), f.getKey(), f.getValue());
      if (o == Outcome.RETRY) {
        retry.add(f.getKey());
      }
      if (++done % 50 == 0 || done == files.size()) {
        report.progress(done, files.size());
      }
    }
    for (Map.Entry<String, NavigableMap<String, StoredTexts.Stored>> e :
        List.copyOf(stored.all().entrySet())) {
      for (String id : List.copyOf(e.getValue().keySet())) {
        if (!found.contains(id) && rules.owns(id) && !remove(e.getKey(), id, null)) {
          retry.add(Path.of(id));
        }
      }
    }
    cache.retain(found);
    cache.save();
    return retry;
  }

  /**
   * Reads what the collections hold and repairs incomplete texts, without scanning the tree (a
   * start without auto discovery).
   */
  List<Path> repair() {
    containment.refreshMounts();
    stored.load(rules);
    List<Path> retry = new ArrayList<>();
    for (NavigableMap<String, StoredTexts.Stored> m : List.copyOf(stored.all().values())) {
      for (Map.Entry<String, StoredTexts.Stored> e : List.copyOf(m.entrySet())) {
        if (!e.getValue().complete() && apply(Path.of(e.getKey())) == Outcome.RETRY) {
          retry.add(Path.of(e.getKey()));
        }
      }
    }
    return retry;
  }

  /** Saves the hash cache (after a batch). */
  void flush() {
    cache.save();
  }

  /** Brings one path (a file, a folder or a vanished path) in line with the tree. */
  Outcome apply(Path p) {
    Path root = rules.rootOf(p);
    if (root == null) {
      return Outcome.DONE;
    }
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return removeUnder(p);
    }
    return a.isDirectory() ? applyDirectory(root, p) : applyFile(root, p, null);
  }

  private Outcome applyDirectory(Path root, Path dir) {
    Outcome o = removeEverywhere(dir.toString(), "replaced by a folder");
    Map<Path, Path> files = new java.util.LinkedHashMap<>();
    scanner.scan(root, dir, this::skippedByScan, files);
    Set<String> listed = new HashSet<>();
    for (Map.Entry<Path, Path> f : files.entrySet()) {
      listed.add(f.getKey().toString());
      o = worst(o, applyFile(root, f.getKey(), f.getValue()));
    }
    for (Map.Entry<String, List<String>> e : stored.under(dir).entrySet()) {
      for (String id : e.getValue()) {
        if (!listed.contains(id) && !remove(e.getKey(), id, null)) {
          o = Outcome.RETRY;
        }
      }
    }
    return o;
  }

  /**
   * Brings one file in line. {@code scanned} is its real path when a scan just saw it as a regular
   * file in folders it resolved (excluded folders pruned, mounts refused), else null.
   */
  private Outcome applyFile(Path root, Path p, Path scanned) {
    String id = p.toString();
    if (scanned == null && rules.insideExcludedDirectory(root, p)) {
      return removeEverywhere(id, "excluded");
    }
    String excluded = rules.excludedFile(root, p);
    if (excluded != null) {
      return skip(p, excluded, Tally.Skip.EXCLUDED);
    }
    Path real = scanned;
    if (real == null) {
      Containment.Resolved r = containment.resolve(root, p);
      if (!r.ok()) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS)
            ? skip(p, r.skip(), Tally.Skip.LINK)
            : removeUnder(p);
      }
      real = r.real();
    }
    FileContent.Stamp stamp;
    try {
      stamp = FileContent.Stamp.of(real);
    } catch (IOException e) {
      return removeUnder(p);
    }
    if (stamp == null) {
      if (scanned != null) {
        return applyFile(root, p, null); // no longer a regular file: resolve it afresh
      }
      return Files.isDirectory(real)
          ? applyDirectory(root, p) // a followed link to a folder
          : skip(p, "not a regular file", Tally.Skip.OTHER);
    }
    String mount = containment.otherMount(real, stamp.device());
    if (mount != null) {
      return skip(p, mount, Tally.Skip.LINK);
    }
    long max = rules.config().maxFileSize();
    if (stamp.size() > max) {
      return skip(
          p,
          "larger than max_file_size (" + stamp.size() + " > " + max + " bytes)",
          Tally.Skip.TOO_LARGE);
    }
    String collection = rules.route(root, p);
    StoredTexts.Stored before = stored.get(collection, id);
    String cached = cache.lookup(id, stamp);
    if (cached != null && before != null && before.same(cached, stored.chunking())) {
      report.unchanged();
      return removeElsewhere(collection, id);
    }
    FileContent content;
    try {
      content = FileContent.readSettled(p, real, stamp, max);
    } catch (FileContent.Changed e) {
      report.error(p, "it kept changing while it was read; it is read again on its next change");
      return Outcome.RETRY;
    } catch (IOException e) {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return removeUnder(p); // vanished while we read it
      }
      report.error(p, "cannot read it: " + Problems.describe(e));
      return Outcome.DONE;
    }
    cache.put(id, content.stamp(), content.sha256());
    if (content.binary()) {
      return skip(p, "binary (a NUL byte in the first 8 KiB)", Tally.Skip.BINARY);
    }
    if (before != null && before.same(content.sha256(), stored.chunking())) {
      report.unchanged();
      return removeElsewhere(collection, id);
    }
    try {
      int n = stored.upsert(collection, id, content.text(), content.sha256());
      if (n > 0 || before != null) {
        report.indexed(p, collection, n);
      } else {
        report.unchanged(); // a blank file that was not indexed before either
      }
    } catch (StoredTexts.StoreFailure e) {
      report.error(p, e.getMessage() + "; retrying");
      return Outcome.RETRY;
    } catch (IOException e) {
      report.error(p, "cannot decode it: " + Problems.describe(e));
      return Outcome.DONE;
    }
    return removeElsewhere(collection, id);
  }

  private static Outcome worst(Outcome a, Outcome b) {
    return a == Outcome.RETRY || b == Outcome.RETRY ? Outcome.RETRY : Outcome.DONE;
  }

  private void skippedByScan(Path p, String reason, boolean link) {
    report.skipped(p, reason, link ? Tally.Skip.LINK : Tally.Skip.OTHER);
  }

  private Outcome skip(Path p, String reason, Tally.Skip kind) {
    Outcome o = removeEverywhere(p.toString(), reason);
    report.skipped(p, reason, kind);
    return o;
  }

  private Outcome removeUnder(Path p) {
    Outcome o = Outcome.DONE;
    for (Map.Entry<String, List<String>> e : stored.under(p).entrySet()) {
      for (String id : e.getValue()) {
        if (!remove(e.getKey(), id, null)) {
          o = Outcome.RETRY;
        }
      }
    }
    return o;
  }

  private Outcome removeEverywhere(String id, String why) {
    Outcome o = Outcome.DONE;
    for (String c : stored.holding(id)) {
      if (!remove(c, id, why)) {
        o = Outcome.RETRY;
      }
    }
    return o;
  }

  private Outcome removeElsewhere(String collection, String id) {
    Outcome o = Outcome.DONE;
    for (String c : stored.holding(id)) {
      if (!c.equals(collection) && !remove(c, id, "now routed to '" + collection + "'")) {
        o = Outcome.RETRY;
      }
    }
    return o;
  }

  /** Removes a text; false (reported) when the store refused. */
  private boolean remove(String collection, String id, String why) {
    try {
      if (stored.delete(collection, id)) {
        report.removed(id, collection, why);
      }
      return true;
    } catch (StoredTexts.StoreFailure e) {
      report.error(Path.of(id), e.getMessage() + "; retrying");
      return false;
    }
  }

  void error(Path p, String message) {
    report.error(p, message);
  }

  /** Saves the hash cache and closes the embedders this indexer created. Idempotent. */
  @Override
  public void close() {
    cache.save();
    stored.close();
  }
}
