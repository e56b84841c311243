/**
 * Spring AI integration: {@link dev.vectorizer.springai.VectorizerVectorStore} and {@link
 * dev.vectorizer.springai.VectorizerEmbeddingModel}.
 */
@NullMarked
package dev.vectorizer.springai;

import org.jspecify.annotations.NullMarked;
