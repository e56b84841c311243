package dev.vectorizer.langchain4j;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Segment metadata to and from payloads. Metadata keys become top-level payload keys, with {@code
 * '%'} and {@code '.'} escaped ({@code %25}, {@code %2E}) because a payload key may not contain a
 * dot (it separates a filter path's parts). UUIDs are stored as strings, floats as the double of
 * the same value (what the API does with every float); reading back, numbers keep the type JSON
 * gives them and {@link Metadata}'s getters convert.
 */
final class MetadataCodec {
  private MetadataCodec() {}

  static Map<String, Object> toPayload(TextSegment segment, String textKey) {
    Map<String, Object> payload = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : segment.metadata().toMap().entrySet()) {
      String key = encodeKey(e.getKey());
      if (key.equals(textKey)) {
        throw new IllegalArgumentException(
            "segment metadata key '"
                + e.getKey()
                + "' is the payload field that holds the segment text: rename it, or choose"
                + " another textKey for the store");
      }
      Object value = e.getValue();
      payload.put(key, value instanceof UUID uuid ? uuid.toString() : value);
    }
    payload.put(textKey, segment.text());
    return payload;
  }

  static @Nullable TextSegment toSegment(Map<String, Object> payload, String textKey) {
    if (!(payload.get(textKey) instanceof String text)) {
      return null;
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : payload.entrySet()) {
      if (e.getKey().equals(textKey)) {
        continue;
      }
      Object value = metadataValue(e.getValue());
      if (value != null) {
        metadata.put(decodeKey(e.getKey()), value);
      }
    }
    return TextSegment.from(text, new Metadata(metadata));
  }

  /**
   * A payload value as a type {@link Metadata} accepts, or null for values it cannot hold (lists
   * and objects, which collections written by other means may have).
   */
  private static @Nullable Object metadataValue(Object value) {
    if (value instanceof String
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Double
        || value instanceof Float) {
      return value;
    }
    if (value instanceof Short || value instanceof Byte) {
      return ((Number) value).intValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : big.toString();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.doubleValue();
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    return null;
  }

  static String encodeKey(String key) {
    if (key.indexOf('.') < 0 && key.indexOf('%') < 0) {
      return key;
    }
    return key.replace("%", "%25").replace(".", "%2E");
  }

  static String decodeKey(String key) {
    if (key.indexOf('%') < 0) {
      return key;
    }
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      if (key.startsWith("%2E", i)) {
        out.append('.');
        i += 2;
      } else if (key.startsWith("%25", i)) {
        out.append('%');
        i += 2;
      } else {
        out.append(key.charAt(i));
      }
    }
    return out.toString();
  }
}
