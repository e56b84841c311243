package dev.vectorizer.internal.text;

import dev.vectorizer.Collection;
import dev.vectorizer.Embedder;
import dev.vectorizer.Point;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link TextCollection} over a {@link Collection}: chunks are points {@code <sourceId>#<i>}; chunk
 * 0 also records how many chunks the text has, so that replacing or deleting a text touches only
 * its own chunks (no scan).
 *
 * <p>Write order (crash safety): an upsert writes chunks 1..n-1 in ascending batches, then chunk 0
 * (the completion record, with the count), then deletes the chunks from n up, highest first; a
 * delete removes chunk 0 first, then the others highest first. Every step is a prefix of the WAL,
 * so after a crash the chunks above 0 still form one run {@code 1..m-1}: the next upsert or delete
 * finds them all by probing upwards from the recorded count, and {@link SourceScan} reports the
 * interrupted text as incomplete meanwhile.
 *
 * <p>Thread-safe as its collection is; two concurrent upserts of the same source id may interleave
 * (the last one's chunk 0 wins), so callers that index the same file from several threads should
 * serialise per source id.
 */
public final class ChunkedTextCollection implements TextCollection {
  static final Set<String> RESERVED = Set.of("source", "chunk", "chunks", "start", "end", "text");
  private static final int BATCH = 64;

  private final Collection collection;
  private final Embedder embedder;
  private final TextChunker chunker;
  private final EmbeddingCache cache;
  private final PointScan scan;
  private final TextSearcher searcher;
  private final QueryCache queryCache;

  /**
   * Creates a view.
   *
   * @param collection the collection (its embedder id was checked by the caller)
   * @param embedder the embedder
   * @param chunker the chunker
   * @param cache the store's embedding cache
   * @param scan visits the collection's live points
   * @param support the keyword index, write generation and query cache
   */
  public ChunkedTextCollection(
      Collection collection,
      Embedder embedder,
      TextChunker chunker,
      EmbeddingCache cache,
      PointScan scan,
      SearchSupport support) {
    this.collection = collection;
    this.embedder = embedder;
    this.chunker = chunker.withTokenLimit(embedder.maxInputTokens(), embedder::countTokens);
    this.cache = cache;
    this.scan = scan;
    this.queryCache = support.cache();
    this.searcher = new TextSearcher(collection, embedder, support);
  }

  @Override
  public Collection collection() {
    return collection;
  }

  @Override
  public Embedder embedder() {
    return embedder;
  }

  @Override
  public int upsert(String sourceId, String text, Map<String, ?> payload) {
    Objects.requireNonNull(text, "text");
    return upsert(sourceId, new StringReader(text), payload);
  }

  @Override
  public int upsert(String sourceId, Reader text, Map<String, ?> payload) {
    checkSourceId(sourceId);
    Objects.requireNonNull(text, "text");
    Map<String, Object> base = checkPayload(sourceId, payload);
    int before = chunkCount(sourceId);
    List<TextChunker.Chunk> pending = new ArrayList<>(BATCH);
    Point[] first = new Point[1];
    int count =
        chunker.chunk(
            text,
            TextChunker.isCode(sourceId),
            c -> {
              pending.add(c);
              if (pending.size() == BATCH) {
                flush(sourceId, base, pending, first);
              }
            });
    flush(sourceId, base, pending, first);
    if (first[0] != null) {
      Map<String, Object> p0 = new LinkedHashMap<>(first[0].payload());
      p0.put("chunks", count);
      collection.upsert(Point.of(first[0].id(), first[0].vector(), p0));
    } else {
      collection.delete(chunkId(sourceId, 0)); // blank text: the source goes, chunk 0 first
    }
    deleteAbove(sourceId, Math.max(count, 1), before);
    return count;
  }

  /**
   * Deletes the chunks {@code from} and up, highest first: those below the previously recorded
   * count, and any left above it by an interrupted write (found by probing upwards).
   */
  private int deleteAbove(String sourceId, int from, int recorded) {
    int top = Math.max(from, recorded);
    while (collection.get(chunkId(sourceId, top)).isPresent()) {
      top++;
    }
    if (top <= from) {
      return 0;
    }
    List<String> stale = new ArrayList<>(top - from);
    for (int i = top - 1; i >= from; i--) {
      stale.add(chunkId(sourceId, i));
    }
    return collection.delete(stale);
  }

  private void flush(
      String sourceId, Map<String, Object> base, List<TextChunker.Chunk> chunks, Point[] first) {
    if (chunks.isEmpty()) {
      return;
    }
    List<float[]> vectors = cache.embedAll(embedder, chunks.stream().map(c -> c.text()).toList());
    List<Point> points = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      TextChunker.Chunk c = chunks.get(i);
      Map<String, Object> p = new LinkedHashMap<>(base);
      p.put("source", sourceId);
      p.put("chunk", c.index());
      p.put("start", c.start());
      p.put("end", c.end());
      p.put("text", c.text());
      Point point = Point.of(chunkId(sourceId, c.index()), vectors.get(i), p);
      if (c.index() == 0) {
        first[0] = point; // written last, by upsert
      } else {
        points.add(point);
      }
    }
    if (!points.isEmpty()) {
      collection.upsert(points);
    }
    chunks.clear();
  }

  private int chunkCount(String sourceId) {
    Optional<Point> p0 = collection.get(chunkId(sourceId, 0));
    if (p0.isEmpty()) {
      return 0;
    }
    Object n = p0.get().payload().get("chunks");
    return n instanceof Number num ? num.intValue() : 1;
  }

  @Override
  public boolean delete(String sourceId) {
    checkSourceId(sourceId);
    int n = chunkCount(sourceId);
    boolean had = collection.delete(chunkId(sourceId, 0));
    return deleteAbove(sourceId, 1, n) > 0 || had;
  }

  @Override
  public java.util.SortedMap<String, Source> sources() {
    return SourceScan.sources(scan, RESERVED);
  }

  @Override
  public List<TextHit> search(TextQuery query) {
    return searcher.search(Objects.requireNonNull(query, "query"), false);
  }

  @Override
  public List<TextHit> searchGrouped(TextQuery query) {
    return searcher.search(Objects.requireNonNull(query, "query"), true);
  }

  @Override
  public CacheStats queryCacheStats() {
    return queryCache == null ? new CacheStats(0, 0, 0) : queryCache.stats(collection.name());
  }

  @Override
  public CacheStats cacheStats() {
    return cache.stats();
  }

  static String chunkId(String sourceId, int index) {
    return sourceId + "#" + index;
  }

  private static void checkSourceId(String sourceId) {
    Point.checkId(sourceId);
    if (sourceId.length() > Point.MAX_ID_LENGTH - 12) {
      throw new IllegalArgumentException(
          "source id is "
              + sourceId.length()
              + " characters long, the limit is "
              + (Point.MAX_ID_LENGTH - 12));
    }
  }

  private static Map<String, Object> checkPayload(String sourceId, Map<String, ?> payload) {
    Objects.requireNonNull(payload, "payload");
    for (String key : payload.keySet()) {
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException(
            "payload of text '"
                + sourceId
                + "' uses the reserved key '"
                + key
                + "' (reserved: "
                + String.join(", ", new java.util.TreeSet<>(RESERVED))
                + ")");
      }
    }
    return new LinkedHashMap<>(Point.of("validation", new float[] {1}, payload).payload());
  }
}
