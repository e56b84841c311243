package dev.vectorizer.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Retrieval quality of one system over the questions, per question kind and over all: hits@1 and
 * hits@3 (the expected document among the first 1 or 3), MRR@10 (1 / its rank within 10, else 0)
 * and nDCG@10 (one relevant document: 1 / log2(rank + 1) within 10, else 0). Documents are ranked
 * by their best chunk.
 */
final class IrMetrics {
  private IrMetrics() {}

  /** Kind ("natural", "identifier", "all") to {hits@1, hits@3, MRR@10, nDCG@10, questions}. */
  static Map<String, double[]> score(IrBench.System s, List<IrBench.Question> questions)
      throws IOException {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (IrBench.Question q : questions) {
      List<String> docs = s.documents(q);
      int rank = docs.subList(0, Math.min(10, docs.size())).indexOf(q.expected()) + 1;
      for (String kind : List.of(q.kind(), "all")) {
        double[] m = out.computeIfAbsent(kind, k -> new double[5]);
        m[0] += rank == 1 ? 1 : 0;
        m[1] += rank >= 1 && rank <= 3 ? 1 : 0;
        m[2] += rank >= 1 ? 1.0 / rank : 0;
        m[3] += rank >= 1 ? 1 / (Math.log(rank + 1) / Math.log(2)) : 0;
        m[4]++;
      }
    }
    for (double[] m : out.values()) {
      for (int i = 0; i < 4; i++) {
        m[i] /= m[4];
      }
    }
    return out;
  }

  static void printQuality(Map<String, Map<String, double[]>> quality) {
    for (String kind : List.of("natural", "identifier", "all")) {
      System.out.printf(Locale.ROOT, "%nquality, %s questions%n", kind);
      System.out.printf(
          Locale.ROOT,
          "%-22s %7s %7s %7s %7s%n",
          "system",
          "hits@1",
          "hits@3",
          "MRR@10",
          "nDCG@10");
      for (Map.Entry<String, Map<String, double[]>> e : quality.entrySet()) {
        double[] m = e.getValue().get(kind);
        if (m == null) {
          continue;
        }
        System.out.printf(
            Locale.ROOT, "%-22s %7.3f %7.3f %7.3f %7.3f%n", e.getKey(), m[0], m[1], m[2], m[3]);
      }
    }
  }
}
