/**
 * Verified full and incremental backups of collections as tar(.gz) archives, restore, retention and
 * cron schedules, configured by the {@code backup:} section of {@code vectorizer.yaml}.
 */
module dev.vectorizer.backup {
  requires transitive dev.vectorizer.api;
  requires dev.vectorizer.config;
  requires org.apache.commons.compress;
  requires com.cronutils;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.vectorizer.backup;
}
