package dev.vectorizer.internal.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.internal.index.HeadSegment;
import dev.vectorizer.internal.index.JVectorSupport;
import dev.vectorizer.internal.kernels.Kernels;
import dev.vectorizer.testing.TestVectors;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Our graph search against JVector's own {@code GraphSearcher} on the same graph: at equal beam
 * width it must find at least as many true neighbours.
 */
class GraphSearcherTest {

  @Test
  void recallIsAtLeastJVectorsOnTheSameGraph() throws Exception {
    int n = 10_000;
    int dim = 32;
    float[][] base = TestVectors.isotropicClusters(5, n, dim, 16);
    float[][] queries = TestVectors.isotropicClusters(6, 100, dim, 16);
    CollectionConfig config = CollectionConfig.builder(dim).metric(Metric.EUCLIDEAN).build();
    HeadSegment head = new HeadSegment(config);
    int[] ords = new int[n];
    for (int i = 0; i < n; i++) {
      ords[i] = head.allocate(Integer.toString(i), base[i], Map.of());
    }
    IntStream.of(ords).parallel().forEach(head::index);
    for (int ord : ords) {
      head.publish(ord);
    }
    List<VectorFloat<?>> jv = new ArrayList<>();
    for (float[] v : base) {
      jv.add(JVectorSupport.VECTORS.createFloatVector(v));
    }
    ListRandomAccessVectorValues ravv = new ListRandomAccessVectorValues(jv, dim);

    for (int beam : new int[] {10, 40, 100}) {
      double ours = 0;
      double theirs = 0;
      try (io.github.jbellis.jvector.graph.GraphSearcher reference =
          new io.github.jbellis.jvector.graph.GraphSearcher(head.graph())) {
        for (float[] q : queries) {
          int[] expected = TestVectors.bruteForce(Metric.EUCLIDEAN, base, q, 10, i -> true);
          TopK top = new TopK(beam);
          GraphSearcher.forCurrentThread()
              .search(
                  head.graphAccess(),
                  new QueryScorer(Metric.EUCLIDEAN, Kernels.get(), head, q),
                  head::isLive,
                  top);
          int[] nodes = new int[top.size()];
          top.drainBestFirst(nodes, new float[nodes.length]);
          ours += TestVectors.recall(expected, Arrays.copyOf(nodes, Math.min(10, nodes.length)));

          SearchResult r =
              reference.search(
                  DefaultSearchScoreProvider.exact(
                      JVectorSupport.VECTORS.createFloatVector(q),
                      JVectorSupport.similarity(Metric.EUCLIDEAN),
                      ravv),
                  10,
                  beam,
                  0f,
                  0f,
                  Bits.ALL);
          theirs +=
              TestVectors.recall(
                  expected, Arrays.stream(r.getNodes()).mapToInt(ns -> ns.node).toArray());
        }
      }
      ours /= queries.length;
      theirs /= queries.length;
      System.out.printf("beam %d: ours %.3f, JVector %.3f%n", beam, ours, theirs);
      assertTrue(ours >= theirs - 0.01, "beam " + beam + ": ours " + ours + " JVector " + theirs);
    }
    System.out.println(
        "hierarchical="
            + head.graph().isHierarchical()
            + " maxLevel="
            + head.graph().getMaxLevel()
            + " avgDegree="
            + head.graph().getAverageDegree(0));
    assertEquals(n, head.liveCount());
  }
}
