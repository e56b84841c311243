package dev.vectorizer;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A vector with a string id and a JSON-like payload.
 *
 * <p>Instances are immutable and thread-safe: the vector is copied in and out, and the payload is a
 * deep, unmodifiable copy. A payload is a JSON object: its values are {@link String}, {@link
 * Boolean}, finite {@link Number}s, {@link java.util.List}s and {@link Map}s of those, never {@code
 * null}. Numbers of other types (Scala's {@code BigDecimal}, {@code AtomicLong}) are stored as
 * {@link java.math.BigDecimal}; other collections and arrays as lists. Keys are non-empty and
 * contain no {@code '.'} (a dot separates the parts of a filter's field path).
 */
public final class Point {
  /** The longest id accepted, in characters. */
  public static final int MAX_ID_LENGTH = 512;

  private final String id;
  private final float[] vector;
  private final Map<String, Object> payload;

  private Point(String id, float[] vector, Map<String, Object> payload) {
    this.id = id;
    this.vector = vector;
    this.payload = payload;
  }

  /**
   * A point with an empty payload.
   *
   * @param id 1 to {@value #MAX_ID_LENGTH} characters
   * @param vector finite components; copied
   * @return the point
   * @throws IllegalArgumentException naming the bad id or component
   */
  public static Point of(String id, float[] vector) {
    return of(id, vector, Map.of());
  }

  /**
   * A point with a payload.
   *
   * @param id 1 to {@value #MAX_ID_LENGTH} characters
   * @param vector finite components; copied
   * @param payload a JSON object as a map; deep-copied
   * @return the point
   * @throws IllegalArgumentException naming the bad id, component, key or value
   */
  public static Point of(String id, float[] vector, Map<String, ?> payload) {
    checkId(id);
    Objects.requireNonNull(vector, "vector");
    checkFinite(id, vector);
    if (payload == null) {
      throw new IllegalArgumentException("payload of point '" + id + "' is null: use Map.of()");
    }
    return new Point(id, vector.clone(), Payloads.copyObject(payload, "point '" + id + "'"));
  }

  /**
   * Checks an id as every operation of this library does.
   *
   * @param id the id
   * @return the id
   * @throws IllegalArgumentException when it is null, empty or too long
   */
  public static String checkId(@Nullable String id) {
    if (id == null) {
      throw new IllegalArgumentException("id is null");
    }
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id is empty");
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          "id is "
              + id.length()
              + " characters long, the limit is "
              + MAX_ID_LENGTH
              + ": '"
              + id.substring(0, 40)
              + "...'");
    }
    return id;
  }

  static void checkFinite(String what, float[] vector) {
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw new IllegalArgumentException(
            "vector of " + what + " has a non-finite component at index " + i + ": " + vector[i]);
      }
    }
  }

  /**
   * The id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * A copy of the vector.
   *
   * @return the components
   */
  public float[] vector() {
    return vector.clone();
  }

  /**
   * The number of components.
   *
   * @return the vector's length
   */
  public int dimension() {
    return vector.length;
  }

  /**
   * The payload, unmodifiable.
   *
   * @return the payload (empty when none was given)
   */
  public Map<String, Object> payload() {
    return payload;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Point p
        && id.equals(p.id)
        && Arrays.equals(vector, p.vector)
        && payload.equals(p.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, Arrays.hashCode(vector), payload);
  }

  @Override
  public String toString() {
    return "Point{id='" + id + "', dimension=" + vector.length + ", payload=" + payload + '}';
  }
}
