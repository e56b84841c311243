package dev.vectorizer.internal.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorizer.CorruptedDataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Payloads to and from JSON bytes (UTF-8), as stored in WAL records and segment files. */
public final class PayloadCodec {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final byte[] EMPTY = new byte[0];

  private PayloadCodec() {}

  /**
   * Encodes a payload; an empty payload is zero bytes.
   *
   * @param payload a validated payload
   * @return the JSON bytes
   */
  public static byte[] encode(Map<String, Object> payload) {
    if (payload.isEmpty()) {
      return EMPTY;
    }
    try {
      return JSON.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode payload " + payload, e);
    }
  }

  /**
   * Decodes a payload into unmodifiable maps and lists.
   *
   * @param json the bytes
   * @param file the file they came from, for errors
   * @return the payload
   */
  public static Map<String, Object> decode(byte[] json, Path file) {
    if (json.length == 0) {
      return Map.of();
    }
    try {
      Object value = JSON.readValue(json, Object.class);
      if (!(value instanceof Map<?, ?> map)) {
        throw new CorruptedDataException(file, "a payload is not a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> frozen = (Map<String, Object>) freeze(map);
      return frozen;
    } catch (IOException e) {
      throw new CorruptedDataException(file, "a payload is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static Object freeze(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        copy.put((String) e.getKey(), freeze(e.getValue()));
      }
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object o : list) {
        copy.add(freeze(o));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }
}
