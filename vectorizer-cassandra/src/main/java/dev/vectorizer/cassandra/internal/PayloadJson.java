package dev.vectorizer.cassandra.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorizer.VectorizerException;
import java.util.Map;

/**
 * Payloads as JSON text in the {@code payload} column. Numbers come back as Integer, Long or
 * BigInteger when integral and as Double otherwise, as the embedded store returns them.
 */
public final class PayloadJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private PayloadJson() {}

  /**
   * Writes a payload.
   *
   * @param payload a validated payload
   * @return its JSON text
   */
  public static String write(Map<String, Object> payload) {
    try {
      return MAPPER.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("payload cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a payload.
   *
   * @param json the column's text, or null for an empty payload
   * @param where the table and id, for the message
   * @return the payload (mutable; callers copy it into a point)
   * @throws VectorizerException naming the row when the text is not a JSON object
   */
  public static Map<String, Object> read(String json, String where) {
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    try {
      Map<String, Object> map = MAPPER.readValue(json, MAP);
      if (map == null) {
        throw new VectorizerException("payload of " + where + " is JSON null, not an object");
      }
      return map;
    } catch (JsonProcessingException e) {
      throw new VectorizerException(
          "payload of " + where + " is not a JSON object: " + e.getOriginalMessage(), e);
    }
  }
}
