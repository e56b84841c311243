package dev.vectorizer.internal.storage;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionUnavailableException;
import dev.vectorizer.CorruptedDataException;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads one mutated file for {@link StorageFuzzTest}, through its parser or through a whole store,
 * and says what went wrong (null when the outcome is allowed).
 *
 * <p>Not thread-safe.
 */
final class FuzzReads {
  private final Path store;
  private final Path coll;
  private final List<String> ids;
  private final Manifest manifest;
  private final SegmentFile.Contents segment;
  private final long[] deletions;
  private final List<WalRecord> records;
  private final List<Map<String, PointState>> prefixStates = new ArrayList<>();
  private final Path scratch;
  private int runs;

  /** What {@code get} returns for a point, comparable. */
  record PointState(List<Float> vector, Map<String, Object> payload) {
    static PointState of(float[] v, Map<String, Object> payload) {
      List<Float> list = new ArrayList<>(v.length);
      for (float f : v) {
        list.add(f);
      }
      return new PointState(list, payload);
    }
  }

  FuzzReads(Path store, Path coll, List<String> ids, Path scratch) throws IOException {
    this.store = store;
    this.coll = coll;
    this.ids = ids;
    this.scratch = Files.createDirectories(scratch);
    manifest = Manifest.read(coll);
    segment =
        SegmentFile.read(FileOpener.DIRECT, coll.resolve("seg-1.vzs"), 1, Metric.COSINE, 4, 64);
    deletions =
        DeletionFile.read(
            FileOpener.DIRECT, coll.resolve("seg-1.del.1"), 1, segment.pointIds().length);
    records = new ArrayList<>();
    WalReader.replay(FileOpener.DIRECT, coll.resolve("wal"), manifest.lsn(), records::addAll);
    // The states a torn WAL tail may leave: the segments alone, then one more record at a time.
    Path copy = copyStore(scratch.resolve("segments-only"));
    try (Stream<Path> wal = Files.list(copy.resolve("collections/docs/wal"))) {
      for (Path p : wal.toList()) {
        Files.delete(p);
      }
    }
    Map<String, PointState> state;
    try (VectorStore s = VectorStore.builder(copy).readOnly(true).open()) {
      state = read(s.collection("docs"));
    }
    prefixStates.add(state);
    for (WalRecord r : records) {
      state = new HashMap<>(state);
      if (r.op() == WalRecord.UPSERT) {
        state.put(r.id(), PointState.of(r.vector(), r.payload()));
      } else {
        state.remove(r.id());
      }
      prefixStates.add(state);
    }
  }

  /**
   * Reads a mutated file.
   *
   * @param kind wal, segment, manifest or deletions
   * @param name its name in the collection directory
   * @param input its mutated bytes
   * @param raw whether the checksums were left as the mutation made them
   * @param publicPath through a whole store rather than the parser alone
   * @return what is wrong, or null
   */
  String check(String kind, String name, byte[] input, boolean raw, boolean publicPath)
      throws IOException {
    Path dir = scratch.resolve("run-" + runs++);
    try {
      return checkOnce(dir, kind, name, input, raw, publicPath);
    } finally {
      if (Files.exists(dir)) {
        CollectionStorage.deleteTree(dir);
      }
    }
  }

  private String checkOnce(
      Path dir, String kind, String name, byte[] input, boolean raw, boolean publicPath) {
    Path file = null;
    try {
      if (publicPath) {
        Path copy = copyStore(dir);
        file = copy.resolve("collections/docs").resolve(name);
        Files.write(file, input);
        return openAndRead(copy, raw && !Arrays.equals(input, original(name)), kind, runs % 2 == 0);
      }
      file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.write(file, input);
      return parse(kind, dir, file, raw);
    } catch (CorruptedDataException e) {
      return namesTheFile(e.file(), file, e);
    } catch (CollectionUnavailableException e) {
      // A store isolates a collection whose files fail their checks, naming the file.
      return e.getCause() instanceof CorruptedDataException
          ? namesTheFile(e.file(), file, e)
          : describe(e);
    } catch (Throwable t) {
      return describe(t);
    }
  }

  private static String namesTheFile(Path named, Path file, Exception e) {
    if (named != null && named.toAbsolutePath().equals(file.toAbsolutePath())) {
      return null;
    }
    return "names " + named + " instead of " + file + ": " + describe(e);
  }

  private byte[] original(String name) throws IOException {
    return Files.readAllBytes(coll.resolve(name));
  }

  private String parse(String kind, Path dir, Path file, boolean raw) throws IOException {
    switch (kind) {
      case "manifest" -> {
        Manifest m = Manifest.read(dir);
        return raw && !m.equals(manifest) ? "read a different manifest: " + m : null;
      }
      case "segment" -> {
        SegmentFile.Contents c = SegmentFile.read(FileOpener.DIRECT, file, 1, Metric.COSINE, 4, 64);
        return raw && !sameSegment(c) ? "read a different segment" : null;
      }
      case "deletions" -> {
        long[] d = DeletionFile.read(FileOpener.DIRECT, file, 1, segment.pointIds().length);
        return raw && !Arrays.equals(d, deletions) ? "read different deletions" : null;
      }
      default -> {
        List<WalRecord> got = new ArrayList<>();
        WalReader.replay(FileOpener.DIRECT, file.getParent(), manifest.lsn(), got::addAll);
        if (!raw) {
          return null;
        }
        if (got.size() > records.size()) {
          return "read " + got.size() + " records, the file has " + records.size();
        }
        for (int i = 0; i < got.size(); i++) {
          if (!sameRecord(got.get(i), records.get(i))) {
            return "record " + i + " differs: " + got.get(i);
          }
        }
        return null;
      }
    }
  }

  private String openAndRead(Path copy, boolean rawChange, String kind, boolean readOnly) {
    try (VectorStore s = VectorStore.builder(copy).readOnly(readOnly).open()) {
      Collection c = s.collection("docs");
      Map<String, PointState> state = read(c);
      if (rawChange) {
        boolean allowed =
            kind.equals("wal")
                ? prefixStates.contains(state)
                : state.equals(prefixStates.getLast());
        if (!allowed || c.count() != state.size()) {
          return "a damaged " + kind + " was read as different data: " + state.keySet();
        }
      }
      float[] q = {1, 0.5f, -0.25f, 2};
      List<List<Hit>> searches =
          List.of(
              c.search(SearchRequest.of(q).limit(10)),
              c.search(SearchRequest.of(q).limit(10).exact(true)),
              c.search(SearchRequest.of(q).limit(5).filter(Filter.eq("tag", "even"))));
      for (List<Hit> hits : searches) {
        for (Hit h : hits) {
          if (!state.containsKey(h.id()) && ids.contains(h.id())) {
            return "search returned " + h.id() + ", which get does not find";
          }
          if (!Float.isFinite(h.score())) {
            return "search scored " + h.id() + " " + h.score();
          }
        }
      }
      c.stats();
      return null;
    }
  }

  /** The points of the ids the test knows (a re-checksummed mutation may rename some). */
  private Map<String, PointState> read(Collection c) {
    Map<String, PointState> state = new HashMap<>();
    for (String id : ids) {
      Optional<Point> p = c.get(id);
      p.ifPresent(point -> state.put(id, PointState.of(point.vector(), point.payload())));
    }
    if (c.count() < state.size()) {
      throw new AssertionError("count " + c.count() + " but " + state.size() + " ids found");
    }
    return state;
  }

  private boolean sameSegment(SegmentFile.Contents c) {
    SegmentFile.GraphRows a = c.graph();
    SegmentFile.GraphRows b = segment.graph();
    if (a.upper().size() != b.upper().size()) {
      return false;
    }
    for (int l = 0; l < a.upper().size(); l++) {
      Map<Integer, int[]> x = a.upper().get(l);
      Map<Integer, int[]> y = b.upper().get(l);
      if (!x.keySet().equals(y.keySet())
          || x.keySet().stream().anyMatch(k -> !Arrays.equals(x.get(k), y.get(k)))) {
        return false;
      }
    }
    return c.id() == segment.id()
        && Arrays.deepEquals(c.vectorPages(), segment.vectorPages())
        && Arrays.equals(c.pointIds(), segment.pointIds())
        && Arrays.deepEquals(c.payloads(), segment.payloads())
        && a.entryNode() == b.entryNode()
        && a.maxLevel() == b.maxLevel()
        && Arrays.equals(a.offsets(), b.offsets())
        && Arrays.equals(a.neighbors(), b.neighbors());
  }

  private static boolean sameRecord(WalRecord a, WalRecord b) {
    return a.lsn() == b.lsn()
        && a.op() == b.op()
        && a.id().equals(b.id())
        && Arrays.equals(a.vector(), b.vector())
        && Objects.equals(a.payload(), b.payload());
  }

  private Path copyStore(Path copy) throws IOException {
    try (Stream<Path> walk = Files.walk(store)) {
      for (Path p : walk.toList()) {
        Path target = copy.resolve(store.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("LOCK")) {
          Files.copy(p, target);
        }
      }
    }
    return copy;
  }

  /** An exception and where it was thrown in our code, on one line. */
  static String describe(Throwable t) {
    String where =
        Arrays.stream(t.getStackTrace())
            .filter(f -> f.getClassName().startsWith("dev.vectorizer"))
            .findFirst()
            .map(f -> " at " + f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber())
            .orElse("");
    return t.getClass().getName() + ": " + t.getMessage() + where;
  }
}
