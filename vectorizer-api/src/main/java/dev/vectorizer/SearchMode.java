package dev.vectorizer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link TextCollection} answers a text query.
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum SearchMode {
  /** Nearest chunk embeddings: finds paraphrases, misses exact tokens. */
  DENSE,
  /** BM25 over the chunks' words: finds exact tokens (options, error codes), misses paraphrases. */
  KEYWORD,
  /** Both branches under the same filter, fused (see {@link Fusion}). */
  HYBRID;

  /**
   * The mode with a name, ignoring case ({@code dense}, {@code keyword}, {@code hybrid}).
   *
   * @param name the name
   * @return the mode
   * @throws IllegalArgumentException naming the allowed values when there is none by that name
   */
  public static SearchMode parse(@Nullable String name) {
    if (name != null) {
      for (SearchMode m : values()) {
        if (m.name().equalsIgnoreCase(name.strip())) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown search mode '" + name + "': allowed values are " + allowed());
  }

  static String allowed() {
    return Arrays.stream(values())
        .map(m -> m.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }
}
