package dev.vectorizer;

import java.io.Reader;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A collection that speaks text: texts are split into overlapping chunks, each chunk is embedded
 * and stored as a point (id {@code "<sourceId>#<chunk>"}) whose payload holds the text's payload
 * plus {@code source}, {@code chunk}, {@code chunks}, {@code start}, {@code end} and {@code text}.
 * Get one with {@link VectorStore#textCollection(String, Embedder)}.
 *
 * <p>Thread-safe. It belongs to its store, which closes it. Embeddings are cached by embedder id
 * and content hash, so re-indexing unchanged text does not run the model again.
 */
public interface TextCollection {
  /** The default chunk size, in characters. */
  int DEFAULT_CHUNK_SIZE = 1000;

  /** The default overlap between consecutive chunks, in characters. */
  int DEFAULT_CHUNK_OVERLAP = 200;

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
   * Finds the chunks most similar to a query text.
   *
   * @param query the query; not blank
   * @param limit 1 to {@value SearchRequest#MAX_LIMIT}
   * @param filter a filter on the payload, or null for none
   * @return the chunks, best first
   */
  List<TextHit> search(String query, int limit, @Nullable Filter filter);

  /**
   * Finds the chunks most similar to a query text, without a filter.
   *
   * @param query the query; not blank
   * @param limit 1 to {@value SearchRequest#MAX_LIMIT}
   * @return the chunks, best first
   */
  default List<TextHit> search(String query, int limit) {
    return search(query, limit, null);
  }

  /**
   * Like {@link #search(String, int, Filter)}, keeping only the best chunk of each text.
   *
   * @param query the query; not blank
   * @param limit how many texts
   * @param filter a filter on the payload, or null for none
   * @return one chunk per text, best first
   */
  List<TextHit> searchGrouped(String query, int limit, @Nullable Filter filter);

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
   * The embedding cache's counters.
   *
   * @return hits and misses since the store opened
   */
  CacheStats cacheStats();

  /**
   * Embedding cache counters.
   *
   * @param hits lookups answered from the cache
   * @param misses lookups that ran the embedder
   * @param entries vectors held
   */
  record CacheStats(long hits, long misses, long entries) {}
}
