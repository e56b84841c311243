package dev.vectorizer.internal.keyword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.KeywordConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Rm3Test {
  private static final TermAnalyzer ANALYZER =
      new TermAnalyzer(KeywordConfig.builder().identifiers(false).build());

  @Test
  void feedbackTermsAreWeightedByShareAndScoreAndMixedHalfAndHalf() {
    KeywordQuery q = KeywordQuery.of(ANALYZER.queryTerms("gzip"));
    List<AnalyzedText> docs =
        List.of(
            ANALYZER.analyze("gzip compresses files; compression ratio of gzip"),
            ANALYZER.analyze("compression of archives"),
            ANALYZER.analyze("unrelated words here"));
    Map<String, Long> df = Map.of("gzip", 2L, "compress", 1L, "file", 40L);
    KeywordQuery x =
        Rm3.expand(q, docs, new float[] {3f, 2f, 0.1f}, t -> df.getOrDefault(t, 1L), 100);
    Map<String, Float> w = x.weights();
    double sum = w.values().stream().mapToDouble(Float::doubleValue).sum();
    assertEquals(1.0, sum, 1e-5, "both halves are normalised");
    assertTrue(w.get("gzip") > 0.5f, "the query term keeps its half and gains feedback");
    assertTrue(w.containsKey("compress"), w.toString());
    assertTrue(w.get("compress") > w.getOrDefault("word", 0f), "better chunks weigh more");
    assertTrue(w.size() <= 1 + Rm3.TERMS);
  }

  @Test
  void termsInMostChunksAreSkippedAndNoFeedbackKeepsTheQuery() {
    KeywordQuery q = KeywordQuery.of(List.of("xarg"));
    List<AnalyzedText> docs = List.of(ANALYZER.analyze("xargs runs the command with arguments"));
    KeywordQuery x = Rm3.expand(q, docs, new float[] {1f}, t -> t.equals("command") ? 90 : 1, 100);
    assertFalse(x.weights().containsKey("command"), "in 90% of chunks");
    assertSame(q, Rm3.expand(q, List.of(), new float[0], t -> 1, 100));
  }
}
