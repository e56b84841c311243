package dev.vectorizer.internal.index;

import dev.vectorizer.Metric;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * The one place that touches JVector's global settings: its vectorization provider, its management
 * backend and its logging.
 *
 * <p>Why the properties: on JDK 22+ JVector defaults to its native (FFM) provider, which was slower
 * than its Panama provider on our measurements (docs/adr/0002), and which copies every {@code
 * float[]} into off-heap memory. And by default JVector registers a JMX MBean for its graph
 * builder's settings and logs that at INFO in every application; an embedded store should not
 * publish a third party's MBean. Unless the application chose already, we select the Panama
 * provider and JVector's no-op management backend before JVector initialises (docs/adr/0005).
 */
public final class JVectorSupport {
  private static final String NATIVE_PROPERTY = "jvector.enable_native_vectorization";
  private static final String MANAGEMENT_PROPERTY = "jvector.management.backend";

  static {
    JVectorLogging.init();
    if (System.getProperty(NATIVE_PROPERTY) == null) {
      System.setProperty(NATIVE_PROPERTY, "false");
    }
    if (System.getProperty(MANAGEMENT_PROPERTY) == null) {
      System.setProperty(MANAGEMENT_PROPERTY, "none");
    }
  }

  /** JVector's vector factory. */
  public static final VectorTypeSupport VECTORS =
      VectorizationProvider.getInstance().getVectorTypeSupport();

  private JVectorSupport() {}

  /** Applies the settings above (once per JVM); call before anything else touches JVector. */
  public static void init() {
    // The work is done by the class initializer.
  }

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

  /**
   * JVector's view of vectors we hold: every read wraps the array {@code vector} returns in a new
   * JVector vector, so the view is safe to share between threads.
   *
   * @param count how many vectors there are (read on every call: a growing head passes its ordinal
   *     counter)
   * @param dimension their dimension
   * @param vector the vector of an ordinal
   * @return the view
   */
  public static RandomAccessVectorValues values(
      IntSupplier count, int dimension, IntFunction<float[]> vector) {
    return new Values(count, dimension, vector);
  }

  private record Values(IntSupplier count, int dimension, IntFunction<float[]> vector)
      implements RandomAccessVectorValues {
    @Override
    public int size() {
      return count.getAsInt();
    }

    @Override
    public VectorFloat<?> getVector(int ord) {
      return VECTORS.createFloatVector(vector.apply(ord));
    }

    @Override
    public boolean isValueShared() {
      return false;
    }

    @Override
    public RandomAccessVectorValues copy() {
      return this;
    }
  }
}
