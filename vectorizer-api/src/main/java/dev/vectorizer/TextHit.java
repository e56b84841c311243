package dev.vectorizer;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A chunk of text found by a text search.
 *
 * <p>Instances are immutable and thread-safe (the payload is unmodifiable).
 *
 * @param sourceId the id of the text the chunk belongs to
 * @param chunk the chunk's index within the text
 * @param start the chunk's first character (UTF-16 index) in the text
 * @param end the character after the chunk's last
 * @param text the chunk's text
 * @param score the score: cosine similarity for {@link SearchMode#DENSE}, BM25 for {@link
 *     SearchMode#KEYWORD}, the fused score for {@link SearchMode#HYBRID} (see {@link Fusion})
 * @param payload the text's payload (without the chunk fields)
 * @param dense the chunk's rank and score in the dense branch, or null when that branch did not run
 *     or did not find it
 * @param keyword the chunk's rank and score in the keyword branch, or null when that branch did not
 *     run or did not find it
 */
public record TextHit(
    String sourceId,
    int chunk,
    int start,
    int end,
    String text,
    float score,
    Map<String, Object> payload,
    @Nullable Branch dense,
    @Nullable Branch keyword) {

  /**
   * A hit found by one branch alone (no per-branch details).
   *
   * @param sourceId the id of the text
   * @param chunk the chunk's index
   * @param start the chunk's first character
   * @param end the character after the chunk's last
   * @param text the chunk's text
   * @param score the score
   * @param payload the text's payload
   */
  public TextHit(
      String sourceId,
      int chunk,
      int start,
      int end,
      String text,
      float score,
      Map<String, Object> payload) {
    this(sourceId, chunk, start, end, text, score, payload, null, null);
  }

  /**
   * Where one branch of a search placed a chunk.
   *
   * @param rank the rank in the branch, from 1
   * @param score the branch's own score (cosine similarity, or BM25)
   */
  public record Branch(int rank, float score) {}
}
