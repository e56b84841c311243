/**
 * Micrometer meters for a Vectorizer store: {@link dev.vectorizer.micrometer.VectorStoreMetrics}.
 */
module dev.vectorizer.micrometer {
  requires transitive dev.vectorizer.api;
  requires transitive micrometer.core;

  exports dev.vectorizer.micrometer;
}
