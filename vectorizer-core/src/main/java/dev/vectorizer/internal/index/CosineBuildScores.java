package dev.vectorizer.internal.index;

import dev.vectorizer.internal.kernels.VectorKernels;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.function.IntToDoubleFunction;

/**
 * Cosine scores for JVector's graph construction, computed with this library's dot-product kernel
 * times the two stored inverse norms: the same value as JVector's {@code COSINE} ({@code (1 + cos)
 * / 2}), for one dot product instead of JVector's three accumulations through its vector
 * indirection. Profiles of bulk loads of 384-d sentence embeddings spent about half of the build in
 * JVector's cosine.
 *
 * <p>With {@link BuildCodes}, the stored side of each score is read from the node's 8-bit codes
 * instead of its float vector (the query side stays float): a quarter of the memory traffic, for
 * scores within about 0.001 of the exact ones on unit vectors (docs/adr/0020). The graph is still
 * searched with exact scores.
 *
 * <p>Thread-safe: reads vectors, inverse norms and codes that are set before their ordinal is
 * inserted.
 */
final class CosineBuildScores implements BuildScoreProvider {
  private final IntFunction<float[]> vectors;
  private final IntToDoubleFunction inverseNorm;
  private final IntSupplier size;
  private final int dimension;
  private final VectorKernels kernels;
  private final BuildCodes codes;

  /**
   * Creates the provider.
   *
   * @param vectors the vector of an ordinal
   * @param inverseNorm 1 / |vector| of an ordinal
   * @param size the ordinal bound
   * @param dimension the dimension
   * @param kernels the kernels
   * @param codes the 8-bit codes of the ordinals, scored instead of the vectors; or null (exact)
   */
  CosineBuildScores(
      IntFunction<float[]> vectors,
      IntToDoubleFunction inverseNorm,
      IntSupplier size,
      int dimension,
      VectorKernels kernels,
      BuildCodes codes) {
    this.vectors = vectors;
    this.inverseNorm = inverseNorm;
    this.size = size;
    this.dimension = dimension;
    this.kernels = kernels;
    this.codes = codes;
  }

  @Override
  public boolean isExact() {
    return true;
  }

  @Override
  public VectorFloat<?> approximateCentroid() {
    int n = size.getAsInt();
    float[] sum = new float[dimension];
    for (int ord = 0; ord < n; ord++) {
      float[] v = vectors.apply(ord);
      float inv = (float) inverseNorm.applyAsDouble(ord);
      for (int i = 0; i < dimension; i++) {
        sum[i] += v[i] * inv / n;
      }
    }
    return vts.createFloatVector(sum);
  }

  @Override
  public SearchScoreProvider searchProviderFor(VectorFloat<?> query) {
    float[] q = array(query);
    return new DefaultSearchScoreProvider(scores(q, (float) (1 / Math.sqrt(kernels.dot(q, q)))));
  }

  @Override
  public SearchScoreProvider searchProviderFor(int node) {
    return new DefaultSearchScoreProvider(
        scores(vectors.apply(node), (float) inverseNorm.applyAsDouble(node)));
  }

  @Override
  public SearchScoreProvider diversityProviderFor(int node) {
    return searchProviderFor(node);
  }

  private ScoreFunction.ExactScoreFunction scores(float[] query, float queryInverseNorm) {
    if (codes != null) {
      return node -> (1 + codes.dot(kernels, query, node) * queryInverseNorm) / 2;
    }
    return node -> {
      float cos =
          kernels.dot(query, vectors.apply(node))
              * queryInverseNorm
              * (float) inverseNorm.applyAsDouble(node);
      return (1 + cos) / 2;
    };
  }

  private float[] array(VectorFloat<?> v) {
    if (v.get() instanceof float[] a && a.length == dimension) {
      return a;
    }
    float[] a = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      a[i] = v.get(i);
    }
    return a;
  }
}
