package dev.vectorizer.test;

import dev.vectorizer.Metric;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a {@link dev.vectorizer.VectorStore} field or test-method parameter to receive a fresh
 * store for each test, closed (and, when durable, deleted) after it. Registers {@link
 * VectorStoreExtension}, so no {@code @ExtendWith} is needed.
 *
 * <pre>{@code
 * class SearchTest {
 *   @TempVectorStore VectorStore store;                        // in memory
 *   @TempVectorStore(durable = true) VectorStore onDisk;      // in a temporary directory
 *
 *   @Test
 *   void finds(@TempVectorStore(preload = "/vectors.fvecs", dimension = 128) VectorStore s) {
 *     assertEquals(1000, s.collection("test").count());
 *   }
 * }
 * }</pre>
 *
 * <p>A preload resource ending in {@code .fvecs} holds little-endian {@code int32} dimension +
 * {@code float32} components per vector (ids {@code "0"}, {@code "1"}, ...); one ending in {@code
 * .jsonl} holds one object per line: {@code {"id": "a", "vector": [0.1, ...], "payload": {...}}}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(VectorStoreExtension.class)
public @interface TempVectorStore {
  /**
   * Whether the store is durable, in a temporary directory, instead of in memory.
   *
   * @return true for a durable store
   */
  boolean durable() default false;

  /**
   * A class-path resource to load into {@link #collection()} before the test, or empty for none.
   *
   * @return the resource path, for example {@code "/vectors.fvecs"}
   */
  String preload() default "";

  /**
   * The collection the preload creates.
   *
   * @return its name
   */
  String collection() default "test";

  /**
   * The preloaded collection's metric.
   *
   * @return the metric
   */
  Metric metric() default Metric.COSINE;
}
