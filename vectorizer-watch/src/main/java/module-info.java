/**
 * Keeps text collections equal to the files under directory trees ({@code FileSync}), configured by
 * the {@code file_watcher:} section of {@code vectorizer.yaml} ({@code WatchConfig}).
 */
module dev.vectorizer.watch {
  requires transitive dev.vectorizer.api;
  requires dev.vectorizer.config;
  requires directory.watcher;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.vectorizer.watch;
}
