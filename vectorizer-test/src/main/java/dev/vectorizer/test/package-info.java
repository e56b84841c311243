/**
 * A JUnit Jupiter extension for tests that need a real vector store: {@link
 * dev.vectorizer.test.TempVectorStore}.
 */
@NullMarked
package dev.vectorizer.test;

import org.jspecify.annotations.NullMarked;
