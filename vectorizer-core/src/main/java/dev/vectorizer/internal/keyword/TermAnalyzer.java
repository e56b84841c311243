package dev.vectorizer.internal.keyword;

import dev.vectorizer.KeywordConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ConcatenatingTokenStream;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Cuts text into terms for the keyword index, with Lucene's analysis components only (tokenizers,
 * stop words and stemmers are Lucene's, configured by {@link KeywordConfig}):
 *
 * <ul>
 *   <li>{@code ENGLISH}: {@link StandardTokenizer} (UAX #29 words), {@link
 *       EnglishPossessiveFilter}, {@link LowerCaseFilter}, {@link StopFilter} with {@link
 *       EnglishAnalyzer#ENGLISH_STOP_WORDS_SET}, {@link PorterStemFilter}: the chain of Lucene's
 *       {@link EnglishAnalyzer};
 *   <li>{@code STANDARD}: {@link StandardTokenizer} and {@link LowerCaseFilter};
 *   <li>{@code AS_WRITTEN}: "raw" tokens: a {@link PatternTokenizer} splitting at whitespace and
 *       {@code = , ; ( ) [ ] { } < > " ' ` |}, then {@link PatternReplaceFilter}s trimming leading
 *       and trailing punctuation (leading {@code - . _ / $ @ # ~} and trailing {@code _ / $ #} are
 *       kept), case kept.
 * </ul>
 *
 * <p>With {@link KeywordConfig#identifiers()}, the raw tokens that look like identifiers (a digit,
 * or {@code - _ . / : # @ $} in them, or a lower-case letter followed by a capital) are appended to
 * the {@code ENGLISH} or {@code STANDARD} stream ({@link ConcatenatingTokenStream}), so {@code
 * --max-procs} is indexed as {@code max}, {@code proc} and {@code --max-procs}.
 *
 * <p>{@link #analyzer()} is a plain Lucene {@link Analyzer}, so a Lucene index built with it (the
 * benchmark's BM25 anchor) sees exactly the same terms.
 *
 * <p>Thread-safe (Lucene analyzers keep per-thread components). Not closed: it holds no files.
 */
public final class TermAnalyzer {
  /** Where the raw tokenizer splits. */
  static final Pattern RAW_SPLIT = Pattern.compile("[\\s=,;()\\[\\]{}<>\"'`|]+");

  /** Leading and trailing characters a raw token loses. */
  static final Pattern RAW_TRIM =
      Pattern.compile("^[^\\p{L}\\p{N}\\-._/$@#~]+|[^\\p{L}\\p{N}_/$#]+$");

  /** Raw tokens that are not identifier-like, emptied (and then dropped by a length filter). */
  static final Pattern NOT_IDENTIFIER = Pattern.compile("^\\p{Lu}*[^\\p{Lu}\\p{N}\\-_./:#@$]*$");

  private static final int MAX_TOKEN_LENGTH = 255;

  private final KeywordConfig config;
  private final Analyzer analyzer;
  private final Analyzer identifiers = new Identifiers();

  /**
   * An analyzer for settings.
   *
   * @param config the collection's keyword settings
   */
  public TermAnalyzer(KeywordConfig config) {
    this.config = config;
    this.analyzer = new Chain(config);
  }

  /**
   * The settings.
   *
   * @return the settings
   */
  public KeywordConfig config() {
    return config;
  }

  /**
   * The Lucene analyzer (for Lucene indexes that must agree with ours).
   *
   * @return the analyzer
   */
  public Analyzer analyzer() {
    return analyzer;
  }

  /**
   * Analyzes a chunk of text for indexing.
   *
   * @param text the text
   * @return its distinct terms with their frequencies, and its length in tokens
   */
  public AnalyzedText analyze(String text) {
    Map<String, int[]> counts = new HashMap<>();
    int length = 0;
    try (TokenStream ts = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        counts.computeIfAbsent(term.toString(), k -> new int[1])[0]++;
        if (inc.getPositionIncrement() > 0) {
          length++; // Lucene's BM25 length discounts overlapping tokens the same way
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysis of a text failed: " + e.getMessage(), e);
    }
    String[] terms = new String[counts.size()];
    int[] freqs = new int[counts.size()];
    int i = 0;
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      terms[i] = e.getKey();
      freqs[i++] = e.getValue()[0];
    }
    return new AnalyzedText(terms, freqs, length);
  }

  /**
   * The terms of a query, in order, repeats kept (a repeated word counts twice, as in a Lucene
   * boolean query of its terms).
   *
   * @param query the query text
   * @return the terms; empty when the query has only stop words or punctuation
   */
  public List<String> queryTerms(String query) {
    return terms(analyzer, query);
  }

  /**
   * The identifier-like tokens of a query, as written ({@code --max-procs}, {@code ERR_4012}): what
   * tells an exact-token query from a question.
   *
   * @param query the query text
   * @return the identifiers, in order
   */
  public List<String> identifiers(String query) {
    return terms(identifiers, query);
  }

  private static List<String> terms(Analyzer analyzer, String query) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream("text", query)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysis of a query failed: " + e.getMessage(), e);
    }
    return out;
  }

  /** Identifier-like raw tokens only. */
  private static final class Identifiers extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer raw = new PatternTokenizer(RAW_SPLIT, -1);
      return new TokenStreamComponents(raw, Chain.rawTokens(raw, true));
    }
  }

  /** The Lucene analyzer of a configuration. */
  private static final class Chain extends Analyzer {
    private final KeywordConfig config;

    Chain(KeywordConfig config) {
      this.config = config;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      if (config.analyzer() == KeywordConfig.Analyzer.AS_WRITTEN) {
        Tokenizer raw = new PatternTokenizer(RAW_SPLIT, -1);
        return new TokenStreamComponents(raw, rawTokens(raw, false));
      }
      StandardTokenizer words = new StandardTokenizer();
      words.setMaxTokenLength(MAX_TOKEN_LENGTH);
      TokenStream analyzed;
      if (config.analyzer() == KeywordConfig.Analyzer.ENGLISH) {
        analyzed = new EnglishPossessiveFilter(words);
        analyzed = new LowerCaseFilter(analyzed);
        analyzed = new StopFilter(analyzed, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        analyzed = new PorterStemFilter(analyzed);
      } else {
        analyzed = new LowerCaseFilter(words);
        analyzed = new StopFilter(analyzed, CharArraySet.EMPTY_SET);
      }
      if (!config.identifiers()) {
        return new TokenStreamComponents(words, analyzed);
      }
      Tokenizer raw = new PatternTokenizer(RAW_SPLIT, -1);
      TokenStream both = new ConcatenatingTokenStream(analyzed, rawTokens(raw, true));
      // Both tokenizers read the same text: the reader is consumed once and handed to each.
      return new TokenStreamComponents(
          reader -> {
            String text = readAll(reader);
            words.setReader(new StringReader(text));
            raw.setReader(new StringReader(text));
          },
          both);
    }

    private static TokenStream rawTokens(Tokenizer raw, boolean identifiersOnly) {
      TokenStream ts = new PatternReplaceFilter(raw, RAW_TRIM, "", true);
      if (identifiersOnly) {
        ts = new PatternReplaceFilter(ts, NOT_IDENTIFIER, "", false);
      }
      return new LengthFilter(ts, 1, MAX_TOKEN_LENGTH);
    }

    private static String readAll(Reader reader) {
      try {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[4096];
        int n;
        while ((n = reader.read(buf)) > 0) {
          sb.append(buf, 0, n);
        }
        return sb.toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
