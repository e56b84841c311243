/**
 * The loader of {@code vectorizer.yaml}: one parser and one set of value checks for every section
 * ({@code file_watcher:}, {@code backup:}, {@code server:}). Internal to Vectorizer: exported only
 * to the modules that read sections.
 */
module dev.vectorizer.config {
  requires org.yaml.snakeyaml;

  exports dev.vectorizer.internal.config to
      dev.vectorizer.watch,
      dev.vectorizer.backup,
      dev.vectorizer.server,
      dev.vectorizer.cli;
}
