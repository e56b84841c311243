package dev.vectorizer;

import java.util.Map;

/**
 * One search result: a point's id, its score under the collection's {@link Metric}, and, when asked
 * for, its payload and vector.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Hit {
  private final String id;
  private final float score;
  private final Map<String, Object> payload;
  private final float[] vector;

  private Hit(String id, float score, Map<String, Object> payload, float[] vector) {
    this.id = id;
    this.score = score;
    this.payload = payload;
    this.vector = vector;
  }

  /**
   * Creates a hit. Engines call this; the payload must already be unmodifiable.
   *
   * @param id the point's id
   * @param score the score
   * @param payload the payload (empty when not asked for)
   * @param vector the vector, or null when not asked for; not copied
   * @return the hit
   */
  public static Hit of(String id, float score, Map<String, Object> payload, float[] vector) {
    return new Hit(id, score, payload == null ? Map.of() : payload, vector);
  }

  /**
   * The point's id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The score: cosine similarity, dot product or euclidean distance, as the metric says.
   *
   * @return the score
   */
  public float score() {
    return score;
  }

  /**
   * The payload, unmodifiable; empty when the request did not include payloads.
   *
   * @return the payload
   */
  public Map<String, Object> payload() {
    return payload;
  }

  /**
   * A copy of the vector, or null when the request did not include vectors.
   *
   * @return the vector or null
   */
  public float[] vector() {
    return vector == null ? null : vector.clone();
  }

  @Override
  public String toString() {
    return "Hit{id='" + id + "', score=" + score + '}';
  }
}
