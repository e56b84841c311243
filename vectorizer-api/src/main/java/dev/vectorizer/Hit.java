package dev.vectorizer;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One search result: a point's id, its score under the collection's {@link Metric}, and, when asked
 * for, its payload and vector. A record like {@link TextHit}, so Kotlin reads {@code hit.score} and
 * Scala {@code hit.score} as properties.
 *
 * <p>Instances are immutable and thread-safe: the vector is copied out by {@link #vector()}.
 *
 * @param id the point's id
 * @param score the score: cosine similarity, dot product or euclidean distance, as the metric says
 * @param payload the payload, unmodifiable; empty when the request did not include payloads
 * @param vector the vector, or null when the request did not include vectors
 */
public record Hit(String id, float score, Map<String, Object> payload, float @Nullable [] vector) {

  /**
   * Checks the arguments. Engines call this; the payload must already be unmodifiable and the
   * vector is not copied.
   *
   * @param id the point's id
   * @param score the score
   * @param payload the payload (null is read as empty)
   * @param vector the vector, or null when not asked for
   */
  public Hit(
      String id, float score, @Nullable Map<String, Object> payload, float @Nullable [] vector) {
    this.id = Objects.requireNonNull(id, "id");
    this.score = score;
    this.payload = payload == null ? Map.of() : payload;
    this.vector = vector;
  }

  /**
   * Creates a hit. Engines call this; the payload must already be unmodifiable.
   *
   * @param id the point's id
   * @param score the score
   * @param payload the payload (empty when not asked for; null is read as empty)
   * @param vector the vector, or null when not asked for; not copied
   * @return the hit
   */
  public static Hit of(
      String id, float score, @Nullable Map<String, Object> payload, float @Nullable [] vector) {
    return new Hit(id, score, payload, vector);
  }

  /**
   * A copy of the vector, or null when the request did not include vectors.
   *
   * @return the vector or null
   */
  @Override
  public float @Nullable [] vector() {
    return vector == null ? null : vector.clone();
  }

  /** Equal when the ids, scores, payloads and vector components are. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Hit h
        && id.equals(h.id)
        && Float.compare(score, h.score) == 0
        && payload.equals(h.payload)
        && Arrays.equals(vector, h.vector);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, score, payload, Arrays.hashCode(vector));
  }

  @Override
  public String toString() {
    return "Hit{id='" + id + "', score=" + score + '}';
  }
}
