package dev.vectorizer.internal.keyword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.KeywordConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class TermAnalyzerTest {
  private static final TermAnalyzer DEFAULT = new TermAnalyzer(KeywordConfig.defaults());
  private static final TermAnalyzer ENGLISH_ONLY =
      new TermAnalyzer(KeywordConfig.builder().identifiers(false).build());
  private static final TermAnalyzer AS_WRITTEN =
      new TermAnalyzer(KeywordConfig.builder().analyzer(KeywordConfig.Analyzer.AS_WRITTEN).build());
  private static final TermAnalyzer STANDARD =
      new TermAnalyzer(
          KeywordConfig.builder()
              .analyzer(KeywordConfig.Analyzer.STANDARD)
              .identifiers(false)
              .build());

  @Test
  void englishStemsAndDropsStopWords() {
    assertEquals(
        List.of("dog", "run", "fast"), ENGLISH_ONLY.queryTerms("The dogs are running fast"));
    assertEquals(List.of(), ENGLISH_ONLY.queryTerms("to be or not to be"), "only stop words");
    assertEquals(List.of(), DEFAULT.queryTerms("  the of  !! "), "stop words and punctuation");
    assertEquals(
        List.of("the", "dogs", "are", "running"), STANDARD.queryTerms("The dogs are running"));
  }

  @Test
  void identifiersStayOneTermNextToTheirWords() {
    List<String> terms = DEFAULT.queryTerms("use --max-procs=4 to run xargs");
    assertTrue(terms.contains("--max-procs"), terms.toString());
    assertTrue(terms.contains("max") && terms.contains("proc"), terms.toString());
    assertTrue(DEFAULT.queryTerms("Error ERR_4012.").contains("ERR_4012"));
    assertTrue(DEFAULT.queryTerms("Error ERR_4012.").contains("err_4012"));
    assertTrue(DEFAULT.queryTerms("call parseInt(s)").contains("parseInt"));
    assertTrue(DEFAULT.queryTerms("see (foo.bar.Baz)").contains("foo.bar.Baz"));
    // a flag whose word is a stop word still has a term
    assertEquals(List.of("--no"), DEFAULT.queryTerms("--no"));
    assertEquals(List.of(), ENGLISH_ONLY.queryTerms("--no"));
    // plain words are not repeated as identifiers
    assertEquals(List.of("brew", "coffe"), DEFAULT.queryTerms("Brewing coffee."));
  }

  @Test
  void asWrittenKeepsTokensWhole() {
    assertEquals(
        List.of("Use", "--max-procs", "4", "or", "ERR_4012", "see", "foo.bar"),
        AS_WRITTEN.queryTerms("Use --max-procs=4, or ERR_4012 (see foo.bar()."));
    assertEquals(List.of("the", "x"), AS_WRITTEN.queryTerms("the -- x"), "bare dashes are dropped");
  }

  @Test
  void analyzedTextCountsTermsAndLength() {
    AnalyzedText t = ENGLISH_ONLY.analyze("Cats chase cats. The cat sleeps.");
    int cat = -1;
    for (int i = 0; i < t.terms().length; i++) {
      if (t.terms()[i].equals("cat")) {
        cat = i;
      }
    }
    assertTrue(cat >= 0);
    assertEquals(3, t.freqs()[cat]);
    assertEquals(5, t.length(), "cats chase cats cat sleeps");
    assertTrue(ENGLISH_ONLY.analyze("the a an").isEmpty());
    assertFalse(DEFAULT.analyze("x-1").isEmpty());
  }

  @Test
  void theLuceneAnalyzerIsReusableAcrossThreads() throws Exception {
    List<String> expected = DEFAULT.queryTerms("--max-procs limits parallel jobs ERR_4012");
    Thread[] ts = new Thread[4];
    AssertionError[] failure = new AssertionError[1];
    for (int i = 0; i < ts.length; i++) {
      ts[i] =
          new Thread(
              () -> {
                for (int k = 0; k < 500; k++) {
                  List<String> got =
                      DEFAULT.queryTerms("--max-procs limits parallel jobs ERR_4012");
                  if (!got.equals(expected)) {
                    failure[0] = new AssertionError(got + " != " + expected);
                  }
                }
              });
      ts[i].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
  }
}
