package dev.vectorizer.bench;

import java.io.IOException;

/** One engine of the ANN harness: built once, then searched at several beam widths. */
interface AnnEngine extends AutoCloseable {
  /**
   * The engine's name in the report.
   *
   * @return the name
   */
  String name();

  /**
   * Builds the index over the base vectors.
   *
   * @param base the vectors
   * @throws IOException on failure
   */
  void build(float[][] base) throws IOException;

  /**
   * Seconds the build took, when the engine knows better than the caller's clock (it reused the
   * graph of another engine with the same settings, built earlier in the run).
   *
   * @return the seconds, or -1 to use the time {@link #build} took
   */
  default double buildSeconds() {
    return -1;
  }

  /**
   * Threads the build used.
   *
   * @return the thread count
   */
  int buildThreads();

  /**
   * Whether the beam width changes anything (false for an exact scan).
   *
   * @return whether to sweep beams
   */
  default boolean sweeps() {
    return true;
  }

  /**
   * Searches.
   *
   * @param query the query
   * @param k how many results
   * @param beam the beam width
   * @return row numbers of the results, best first
   * @throws IOException on failure
   */
  int[] search(float[] query, int k, int beam) throws IOException;

  /**
   * How many stored vectors the calling thread's last {@link #search} scored against the query
   * (distance computations), for comparing the work engines do at equal recall.
   *
   * @return the count, or -1 when the engine does not report it
   */
  default long lastDistanceCount() {
    return -1;
  }

  @Override
  void close() throws IOException;
}
