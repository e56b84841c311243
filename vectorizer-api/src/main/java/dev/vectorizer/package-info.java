/**
 * The public API: {@link dev.vectorizer.VectorStore}, {@link dev.vectorizer.Collection}, points,
 * searches, filters and text collections.
 *
 * <p>Null-marked (JSpecify): parameters and return values are non-null unless annotated {@link
 * org.jspecify.annotations.Nullable}. Kotlin reads these annotations as its own nullable and
 * non-null types.
 */
@NullMarked
package dev.vectorizer;

import org.jspecify.annotations.NullMarked;
