package dev.vectorizer;

import dev.vectorizer.spi.EmbedderFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Turns text into vectors. Built-in: {@code hashing} (feature hashing, no model, in {@code
 * vectorizer-core}); with {@code vectorizer-embed-onnx}: {@code minilm} (all-MiniLM-L6-v2,
 * quantized, 384 dimensions, offline). Find one by name with {@link #byName(String)}.
 *
 * <p>Implementations must be thread-safe. An embedder that holds native resources is {@link
 * AutoCloseable}; the caller that created it closes it.
 */
public interface Embedder {
  /**
   * A stable identifier of the model and its settings (for example {@code hashing-384}); a
   * collection records it and refuses vectors from another.
   *
   * @return the id
   */
  String id();

  /**
   * The dimension of the vectors.
   *
   * @return the dimension
   */
  int dimension();

  /**
   * The most tokens of a text the model reads, its special tokens included; what comes after is not
   * part of the vector. Text collections size their chunks to fit (see {@link #countTokens}). The
   * default, {@link Integer#MAX_VALUE}, means no limit (the hashing embedder reads everything).
   *
   * @return the window in tokens
   */
  default int maxInputTokens() {
    return Integer.MAX_VALUE;
  }

  /**
   * How many tokens the model makes of a text, special tokens included, without any truncation.
   * Models with a {@link #maxInputTokens()} should count with their own tokenizer; the default
   * estimates one token per two characters plus two, which overestimates for prose and so keeps
   * chunks inside the window.
   *
   * @param text the text
   * @return the token count
   */
  default int countTokens(String text) {
    return (text.length() + 1) / 2 + 2;
  }

  /**
   * Embeds one text.
   *
   * @param text the text
   * @return its vector
   */
  float[] embed(String text);

  /**
   * Embeds a search query. Models trained with an instruction for queries (bge) add it here; the
   * default is {@link #embed(String)}.
   *
   * @param query the query
   * @return its vector
   */
  default float[] embedQuery(String query) {
    return embed(query);
  }

  /**
   * Embeds texts in one batch (faster for models than one at a time).
   *
   * @param texts the texts
   * @return their vectors, in order
   */
  default List<float[]> embedAll(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(embed(t));
    }
    return out;
  }

  /**
   * Creates an embedder by name, through {@link EmbedderFactory} services on the class path.
   *
   * @param name for example {@code hashing} or {@code minilm}
   * @return a new embedder
   * @throws IllegalArgumentException naming the known embedders when there is none by that name
   */
  static Embedder byName(String name) {
    Map<String, EmbedderFactory> known = factories();
    EmbedderFactory f = name == null ? null : known.get(name);
    if (f == null) {
      throw new IllegalArgumentException(
          "unknown embedder '"
              + name
              + "': known embedders are "
              + String.join(", ", known.keySet()));
    }
    return f.create();
  }

  /**
   * The names of the embedders on the class path, sorted.
   *
   * @return the names
   */
  static List<String> names() {
    return new ArrayList<>(factories().keySet());
  }

  private static Map<String, EmbedderFactory> factories() {
    Map<String, EmbedderFactory> known = new TreeMap<>();
    for (EmbedderFactory f :
        ServiceLoader.load(EmbedderFactory.class, Embedder.class.getClassLoader())) {
      known.putIfAbsent(f.name(), f);
    }
    for (EmbedderFactory f : ServiceLoader.load(EmbedderFactory.class)) {
      known.putIfAbsent(f.name(), f);
    }
    return known;
  }
}
