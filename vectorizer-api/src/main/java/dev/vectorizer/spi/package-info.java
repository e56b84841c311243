/**
 * Service interfaces for engines and embedders, found with {@link java.util.ServiceLoader}.
 *
 * <p>Null-marked (JSpecify): parameters and return values are non-null unless annotated {@link
 * org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.vectorizer.spi;

import org.jspecify.annotations.NullMarked;
