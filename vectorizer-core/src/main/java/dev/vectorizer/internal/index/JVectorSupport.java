package dev.vectorizer.internal.index;

import dev.vectorizer.Metric;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;

/**
 * The one place that touches JVector's global vectorization provider.
 *
 * <p>Why the property: on JDK 22+ JVector defaults to its native (FFM) provider, which was slower
 * than its Panama provider on our measurements (docs/adr/0002), and which copies every {@code
 * float[]} into off-heap memory. Unless the application chose already, we select the Panama
 * provider before JVector initialises.
 */
public final class JVectorSupport {
  private static final String NATIVE_PROPERTY = "jvector.enable_native_vectorization";

  static {
    if (System.getProperty(NATIVE_PROPERTY) == null) {
      System.setProperty(NATIVE_PROPERTY, "false");
    }
  }

  /** JVector's vector factory. */
  public static final VectorTypeSupport VECTORS =
      VectorizationProvider.getInstance().getVectorTypeSupport();

  private JVectorSupport() {}

  /**
   * JVector's similarity function for a metric.
   *
   * @param metric the metric
   * @return the function
   */
  public static VectorSimilarityFunction similarity(Metric metric) {
    return switch (metric) {
      case COSINE -> VectorSimilarityFunction.COSINE;
      case DOT_PRODUCT -> VectorSimilarityFunction.DOT_PRODUCT;
      case EUCLIDEAN -> VectorSimilarityFunction.EUCLIDEAN;
    };
  }
}
