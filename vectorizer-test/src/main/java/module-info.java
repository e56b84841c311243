/**
 * A JUnit Jupiter extension that gives each test a fresh Vectorizer store: {@link
 * dev.vectorizer.test.TempVectorStore}.
 */
module dev.vectorizer.test {
  requires transitive dev.vectorizer.api;
  requires transitive org.junit.jupiter.api;
  requires com.fasterxml.jackson.databind;
  requires static org.jspecify;

  exports dev.vectorizer.test;
}
