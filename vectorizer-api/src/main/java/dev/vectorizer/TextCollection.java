package dev.vectorizer;

import java.io.Reader;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A collection that speaks text: texts are split into overlapping chunks, each chunk is embedded
 * and stored as a point (id {@code "<sourceId>#<chunk>"}) whose payload holds the text's payload
 * plus {@code source}, {@code chunk}, {@code start}, {@code end} and {@code text}. Get one with
 * {@link VectorStore#textCollection(String, Embedder)}.
 *
 * <p>Thread-safe. It belongs to its store, which closes it. Embeddings are cached by embedder id
 * and content hash, so re-indexing unchanged text does not run the model again.
 *
 * <p>Completion record: chunk 0 also holds {@code chunks} (the text's chunk count) and is written
 * after every other chunk of the text, so a crash in the middle of {@link #upsert} leaves either
 * the previous version or a text that {@link #sources()} reports as incomplete (chunk 0 missing or
 * from the previous version, or chunks beyond its count). Chunks beyond the new count are deleted
 * after chunk 0 is written, highest first; {@link #delete} removes chunk 0 first. To tell an
 * interrupted replacement from a complete one, put a version of the text (for example its content
 * hash) in the payload: every chunk of a complete text carries chunk 0's payload.
 */
public interface TextCollection {
  /** The default chunk size, in characters. */
  int DEFAULT_CHUNK_SIZE = 1000;

  /** The default overlap between consecutive chunks, in characters. */
  int DEFAULT_CHUNK_OVERLAP = 200;

  /**
   * Makes a text collection over a collection of any store (for example a Cassandra one): texts are
   * chunked and embedded in this process, and the chunks stored as points of the collection. Stores
   * call this from {@link VectorStore#textCollection}; it needs {@code vectorizer-core} at run
   * time.
   *
   * @param collection the collection, made for this embedder's vectors
   * @param embedder the embedder; the caller keeps ownership
   * @param chunkSize characters per chunk, 50 to 100,000
   * @param chunkOverlap characters shared by consecutive chunks, 0 to chunkSize / 2
   * @return the text collection
   * @throws IllegalArgumentException when the collection's dimension or recorded embedder differ
   *     from the embedder's, naming both
   */
  static TextCollection over(
      Collection collection, Embedder embedder, int chunkSize, int chunkOverlap) {
    CollectionConfig have = collection.config();
    if (!embedder.id().equals(have.embedder()) || have.dimension() != embedder.dimension()) {
      throw new IllegalArgumentException(
          "collection '"
              + collection.name()
              + "' was made with "
              + (have.embedder() == null
                  ? "vectors from no embedder"
                  : "embedder '" + have.embedder() + "'")
              + " (dimension "
              + have.dimension()
              + "); embedder '"
              + embedder.id()
              + "' (dimension "
              + embedder.dimension()
              + ") cannot write or search it");
    }
    return Providers.engine().textCollection(collection, embedder, chunkSize, chunkOverlap);
  }

  /**
   * The underlying collection.
   *
   * @return the collection
   */
  Collection collection();

  /**
   * The embedder.
   *
   * @return the embedder
   */
  Embedder embedder();

  /**
   * Indexes a text under an id, replacing every chunk the id had before.
   *
   * @param sourceId the text's id (a path, a URL...)
   * @param text the text; empty or blank text leaves no chunks
   * @param payload the text's payload; must not use the chunk fields' names
   * @return the number of chunks
   */
  int upsert(String sourceId, String text, Map<String, ?> payload);

  /**
   * Indexes a text read from a stream, with bounded memory (for large files).
   *
   * @param sourceId the text's id
   * @param text the text
   * @param payload the text's payload
   * @return the number of chunks
   * @throws java.io.UncheckedIOException when reading fails
   */
  int upsert(String sourceId, Reader text, Map<String, ?> payload);

  /**
   * Deletes a text (all its chunks).
   *
   * @param sourceId the text's id
   * @return whether it existed
   */
  boolean delete(String sourceId);

  /**
   * Finds the chunks that best answer a query text, in the collection's default mode (see {@link
   * TextQuery#mode(SearchMode)}).
   *
   * @param query the query; not blank
   * @param limit 1 to {@value SearchRequest#MAX_LIMIT}
   * @param filter a filter on the payload, or null for none
   * @return the chunks, best first
   */
  default List<TextHit> search(String query, int limit, @Nullable Filter filter) {
    return search(TextQuery.of(query).limit(limit).filter(filter));
  }

  /**
   * Finds the chunks that best answer a query text, without a filter, in the collection's default
   * mode.
   *
   * @param query the query; not blank
   * @param limit 1 to {@value SearchRequest#MAX_LIMIT}
   * @return the chunks, best first
   */
  default List<TextHit> search(String query, int limit) {
    return search(query, limit, null);
  }

  /**
   * Finds the chunks that best answer a query: dense, keyword or hybrid, as the query says. Nothing
   * is written. Results may come from the query cache: a recent query of the same collection, mode,
   * fusion, filter and limit whose embedding is close enough (and, for keyword and hybrid modes,
   * whose terms are the same), when no write happened since.
   *
   * @param query the query
   * @return the chunks, best first
   * @throws IllegalArgumentException when the query asks for keyword or hybrid search and the
   *     collection has no keyword index (the message names the collection)
   */
  List<TextHit> search(TextQuery query);

  /**
   * Like {@link #search(String, int, Filter)}, keeping only the best chunk of each text.
   *
   * @param query the query; not blank
   * @param limit how many texts
   * @param filter a filter on the payload, or null for none
   * @return one chunk per text, best first
   */
  default List<TextHit> searchGrouped(String query, int limit, @Nullable Filter filter) {
    return searchGrouped(TextQuery.of(query).limit(limit).filter(filter));
  }

  /**
   * Like {@link #search(String, int)}, keeping only the best chunk of each text.
   *
   * @param query the query; not blank
   * @param limit how many texts
   * @return one chunk per text, best first
   */
  default List<TextHit> searchGrouped(String query, int limit) {
    return searchGrouped(query, limit, null);
  }

  /**
   * Like {@link #search(TextQuery)}, keeping only the best chunk of each text: {@code
   * query.limit()} texts.
   *
   * @param query the query
   * @return one chunk per text, best first
   */
  List<TextHit> searchGrouped(TextQuery query);

  /**
   * Lists the texts this collection holds, with their completion state (see the class comment).
   * Reads every live point of the collection; the result reflects the collection as of the call and
   * may or may not include writes made meanwhile.
   *
   * @return source id to state, sorted by id, unmodifiable
   */
  java.util.SortedMap<String, Source> sources();

  /**
   * The embedding cache's counters.
   *
   * @return hits and misses since the store opened
   */
  CacheStats cacheStats();

  /**
   * The query (semantic) cache's counters for this collection: a hit answered a query without
   * searching.
   *
   * @return hits, misses and cached queries
   */
  CacheStats queryCacheStats();

  /**
   * Embedding cache counters.
   *
   * @param hits lookups answered from the cache
   * @param misses lookups that ran the embedder
   * @param entries vectors held
   */
  record CacheStats(long hits, long misses, long entries) {}

  /**
   * A text as stored.
   *
   * @param id the source id
   * @param chunks chunk points stored for it
   * @param complete whether chunk 0 is present, records exactly the stored chunks {@code 0 ..
   *     chunks - 1}, and every chunk carries chunk 0's payload; false after an interrupted upsert
   *     or delete (upsert or delete the text again to repair it)
   * @param payload chunk 0's payload without the chunk fields (what was passed to {@link #upsert}),
   *     or null when chunk 0 is missing
   */
  record Source(String id, int chunks, boolean complete, @Nullable Map<String, Object> payload) {}
}
