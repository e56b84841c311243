/** Spring Boot auto-configuration of the Vectorizer Spring AI integration. */
@NullMarked
package dev.vectorizer.springai.autoconfigure;

import org.jspecify.annotations.NullMarked;
