package dev.vectorizer.watch;

import dev.vectorizer.Embedder;
import dev.vectorizer.Filter;
import dev.vectorizer.TextCollection;
import dev.vectorizer.VectorStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the collections hold for the watched files, and every write to them. The collections are the
 * truth: {@link #load} reads each one's sources ({@link TextCollection#sources()}) with the content
 * hash and chunking recorded in chunk 0 and whether the text is complete; afterwards this class
 * keeps that picture current as it writes, so per-file decisions need no store read. A text is
 * written with the payload {@code {path, sha256, chunking}}; an incomplete one (an interrupted
 * write) is purged by a filter on its source id before it is written again or removed, which clears
 * chunks that probing from chunk 0 could miss.
 *
 * <p>Not thread-safe: the indexer's thread only. Closes the embedders it created.
 */
final class StoredTexts implements AutoCloseable {
  /** One stored text: the hash and chunking it was made from, and whether it is complete. */
  record Stored(String sha256, String chunking, boolean complete) {
    boolean same(String sha, String chunks) {
      return complete && sha.equals(sha256) && chunks.equals(chunking);
    }
  }

  /** A write to the store failed; the message names the collection and the store's reason. */
  static final class StoreFailure extends RuntimeException {
    StoreFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final VectorStore store;
  private WatchConfig config;
  private final Map<String, Embedder> embedders = new HashMap<>();
  private final Map<String, TextCollection> texts = new HashMap<>();
  private final Map<String, NavigableMap<String, Stored>> known = new HashMap<>();

  StoredTexts(VectorStore store, WatchConfig config) {
    this.store = store;
    this.config = config;
  }

  void configure(WatchConfig next) {
    if (!next.embedder().equals(config.embedder())
        || next.chunkSize() != config.chunkSize()
        || next.chunkOverlap() != config.chunkOverlap()) {
      texts.clear();
    }
    config = next;
  }

  String chunking() {
    return config.chunkSize() + "/" + config.chunkOverlap();
  }

  /** Re-reads, from every collection the rules write to or this class knew, the owned sources. */
  void load(PathRules rules) {
    Set<String> names = new LinkedHashSet<>(rules.collections());
    names.addAll(known.keySet());
    known.clear();
    for (String name : names) {
      if (!store.hasCollection(name)) {
        continue;
      }
      NavigableMap<String, Stored> m = new TreeMap<>();
      Map<String, TextCollection.Source> sources;
      try {
        sources = texts(name).sources();
      } catch (RuntimeException e) {
        throw new StoreFailure("cannot read collection '" + name + "': " + Problems.describe(e), e);
      }
      for (TextCollection.Source s : sources.values()) {
        if (rules.owns(s.id())) {
          Map<String, Object> p = s.payload() == null ? Map.of() : s.payload();
          m.put(
              s.id(),
              new Stored(
                  String.valueOf(p.getOrDefault("sha256", "")),
                  String.valueOf(p.getOrDefault("chunking", "")),
                  s.complete()));
        }
      }
      known.put(name, m);
    }
  }

  Map<String, NavigableMap<String, Stored>> all() {
    return known;
  }

  Stored get(String collection, String id) {
    NavigableMap<String, Stored> m = known.get(collection);
    return m == null ? null : m.get(id);
  }

  /** The collections that hold a text for this id. */
  List<String> holding(String id) {
    List<String> out = new ArrayList<>();
    known.forEach(
        (c, m) -> {
          if (m.containsKey(id)) {
            out.add(c);
          }
        });
    return out;
  }

  /** The ids at or below a path, per collection. */
  Map<String, List<String>> under(Path dir) {
    Map<String, List<String>> out = new HashMap<>();
    String d = dir.toString();
    known.forEach(
        (c, m) -> {
          for (String id : m.tailMap(d, true).keySet()) {
            if (!PathRules.under(id, dir)) {
              if (!id.startsWith(d)) {
                break; // sorted: nothing further down can be under dir
              }
              continue; // "/a/bc" sorts between "/a/b" and "/a/b/..."
            }
            out.computeIfAbsent(c, k -> new ArrayList<>()).add(id);
          }
        });
    return out;
  }

  /** Writes a text, replacing what the id held; returns its chunk count. */
  int upsert(String collection, String id, String text, String sha256) {
    try {
      purgeIfIncomplete(collection, id);
      int n =
          texts(collection)
              .upsert(id, text, Map.of("path", id, "sha256", sha256, "chunking", chunking()));
      NavigableMap<String, Stored> m = known.computeIfAbsent(collection, k -> new TreeMap<>());
      if (n > 0) {
        m.put(id, new Stored(sha256, chunking(), true));
      } else {
        m.remove(id);
      }
      return n;
    } catch (RuntimeException e) {
      markIncomplete(collection, id);
      throw failure(collection, e);
    }
  }

  /** Removes a text; returns whether it existed. */
  boolean delete(String collection, String id) {
    try {
      boolean purged = purgeIfIncomplete(collection, id);
      boolean had = texts(collection).delete(id) || purged;
      NavigableMap<String, Stored> m = known.get(collection);
      if (m != null) {
        m.remove(id);
      }
      return had;
    } catch (RuntimeException e) {
      markIncomplete(collection, id);
      throw failure(collection, e);
    }
  }

  private boolean purgeIfIncomplete(String collection, String id) {
    Stored s = get(collection, id);
    if (s == null || s.complete()) {
      return false;
    }
    return texts(collection).collection().deleteWhere(Filter.eq("source", id)) > 0;
  }

  /** After a failed write the text may be half-written: treat it as incomplete until rewritten. */
  private void markIncomplete(String collection, String id) {
    known.computeIfAbsent(collection, k -> new TreeMap<>()).put(id, new Stored("", "", false));
  }

  private StoreFailure failure(String collection, RuntimeException e) {
    return e instanceof StoreFailure f
        ? f
        : new StoreFailure(
            "cannot update collection '" + collection + "': " + Problems.describe(e), e);
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

  @Override
  public void close() {
    for (Embedder e : embedders.values()) {
      if (e instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // best effort
        }
      }
    }
    embedders.clear();
    texts.clear();
  }
}
