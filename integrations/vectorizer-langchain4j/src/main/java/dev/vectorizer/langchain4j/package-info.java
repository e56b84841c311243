/**
 * LangChain4j integration: {@link dev.vectorizer.langchain4j.VectorizerEmbeddingStore}, an {@code
 * EmbeddingStore<TextSegment>} over a Vectorizer collection.
 */
@NullMarked
package dev.vectorizer.langchain4j;

import org.jspecify.annotations.NullMarked;
