package dev.vectorizer;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a collection's keyword (BM25) index: how chunk text is cut into terms, and the
 * BM25 parameters. Text collections get {@link #defaults()}; set another with {@link
 * CollectionConfig.Builder#keyword(KeywordConfig)} when creating the collection (it cannot change
 * afterwards: the postings were made with it).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class KeywordConfig {
  /** The default BM25 {@code k1} (term frequency saturation). */
  public static final float DEFAULT_K1 = 1.2f;

  /** The default BM25 {@code b} (document length normalisation). */
  public static final float DEFAULT_B = 0.75f;

  /** How text is cut into terms; all built from Lucene's analysis components. */
  public enum Analyzer {
    /**
     * Lucene's English analysis: Unicode word boundaries (UAX #29), possessives removed, lower
     * case, English stop words removed, Porter stemming ({@code running} finds {@code runs}).
     */
    ENGLISH,
    /** Unicode word boundaries and lower case only: no stop words, no stemming. */
    STANDARD,
    /**
     * Tokens kept as written: split at whitespace only, surrounding punctuation trimmed, case kept,
     * so {@code --max-procs}, {@code ERR_4012} or {@code foo.bar} are one term each.
     */
    AS_WRITTEN;

    /**
     * The analyzer with a name, ignoring case and {@code -}/{@code _} ({@code english}, {@code
     * standard}, {@code as-written}).
     *
     * @param name the name
     * @return the analyzer
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Analyzer parse(@Nullable String name) {
      if (name != null) {
        String n = name.strip().replace('-', '_');
        for (Analyzer a : values()) {
          if (a.name().equalsIgnoreCase(n)) {
            return a;
          }
        }
      }
      throw new IllegalArgumentException(
          "unknown analyzer '"
              + name
              + "': allowed values are "
              + String.join(
                  ", ",
                  Arrays.stream(values())
                      .map(a -> a.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                      .toList()));
    }
  }

  private static final KeywordConfig DEFAULTS = new Builder().build();

  private final Analyzer analyzer;
  private final boolean identifiers;
  private final float k1;
  private final float b;

  private KeywordConfig(Builder builder) {
    this.analyzer = builder.analyzer;
    this.identifiers = builder.identifiers;
    this.k1 = builder.k1;
    this.b = builder.b;
  }

  /**
   * The defaults: {@link Analyzer#ENGLISH}, identifiers also kept as written, {@code k1} {@value
   * #DEFAULT_K1}, {@code b} {@value #DEFAULT_B}.
   *
   * @return the default settings
   */
  public static KeywordConfig defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * How text is cut into terms.
   *
   * @return the analyzer
   */
  public Analyzer analyzer() {
    return analyzer;
  }

  /**
   * Whether tokens that look like identifiers (holding a digit, {@code _ - . : /} inside or in
   * front, or a capital after a lower-case letter: {@code --max-procs}, {@code ERR_4012}, {@code
   * parseInt}) are also indexed as written, next to what the analyzer makes of them. A query for
   * such a token then matches it exactly, even when the analyzer would split it or drop its parts
   * as stop words. Ignored by {@link Analyzer#AS_WRITTEN}, which keeps every token as written.
   *
   * @return whether identifiers are kept as written too
   */
  public boolean identifiers() {
    return identifiers;
  }

  /**
   * BM25 {@code k1}.
   *
   * @return k1
   */
  public float k1() {
    return k1;
  }

  /**
   * BM25 {@code b}.
   *
   * @return b
   */
  public float b() {
    return b;
  }

  /**
   * A builder holding these settings.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder().analyzer(analyzer).identifiers(identifiers).k1(k1).b(b);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof KeywordConfig c
        && analyzer == c.analyzer
        && identifiers == c.identifiers
        && Float.compare(k1, c.k1) == 0
        && Float.compare(b, c.b) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(analyzer, identifiers, k1, b);
  }

  @Override
  public String toString() {
    return "KeywordConfig{analyzer="
        + analyzer
        + ", identifiers="
        + identifiers
        + ", k1="
        + k1
        + ", b="
        + b
        + '}';
  }

  /**
   * Builds a {@link KeywordConfig}; every setter checks its value at once.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private Analyzer analyzer = Analyzer.ENGLISH;
    private boolean identifiers = true;
    private float k1 = DEFAULT_K1;
    private float b = DEFAULT_B;

    private Builder() {}

    /**
     * Sets the analyzer.
     *
     * @param analyzer how text is cut into terms
     * @return this builder
     */
    public Builder analyzer(Analyzer analyzer) {
      this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
      return this;
    }

    /**
     * Sets whether identifiers are also indexed as written (see {@link
     * KeywordConfig#identifiers()}).
     *
     * @param identifiers whether to keep identifiers as written too
     * @return this builder
     */
    public Builder identifiers(boolean identifiers) {
      this.identifiers = identifiers;
      return this;
    }

    /**
     * Sets BM25 {@code k1}.
     *
     * @param k1 0 to 10
     * @return this builder
     */
    public Builder k1(float k1) {
      if (!(k1 >= 0 && k1 <= 10)) {
        throw new IllegalArgumentException("BM25 k1 must be between 0 and 10, got " + k1);
      }
      this.k1 = k1;
      return this;
    }

    /**
     * Sets BM25 {@code b}.
     *
     * @param b 0 to 1
     * @return this builder
     */
    public Builder b(float b) {
      if (!(b >= 0 && b <= 1)) {
        throw new IllegalArgumentException("BM25 b must be between 0 and 1, got " + b);
      }
      this.b = b;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public KeywordConfig build() {
      return new KeywordConfig(this);
    }
  }
}
