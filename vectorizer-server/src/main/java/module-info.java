/**
 * The store as a service: the REST API ({@link dev.vectorizer.server.VectorizerApi}), its
 * standalone HTTP server on the JDK's {@code jdk.httpserver} ({@link
 * dev.vectorizer.server.VectorizerServer}) and everything {@code vectorizer serve} runs ({@link
 * dev.vectorizer.server.VectorizerService}). The route handlers are internal.
 */
module dev.vectorizer.server {
  requires transitive dev.vectorizer.api;
  requires transitive dev.vectorizer.micrometer;
  requires transitive jdk.httpserver;
  requires dev.vectorizer.config;
  requires dev.vectorizer.backup;
  requires dev.vectorizer.watch;
  requires micrometer.registry.prometheus;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.vectorizer.server;
}
