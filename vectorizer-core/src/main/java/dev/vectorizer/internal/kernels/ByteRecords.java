package dev.vectorizer.internal.kernels;

import java.nio.ByteBuffer;

/**
 * Fixed-size byte records by ordinal, held in pages (heap arrays or mappings of a file): the layout
 * the 8-bit code kernels ({@link VectorKernels#dotBytesMany}) read. Implemented by the storage
 * layer's code pages.
 *
 * <p>Implementations are immutable once published and read by any number of threads.
 */
public interface ByteRecords {
  /**
   * The page of an ordinal (absolute reads only: it is shared).
   *
   * @param ord the ordinal
   * @return the page
   */
  ByteBuffer page(int ord);

  /**
   * The page of an ordinal as a {@code java.lang.foreign.MemorySegment}, for the Panama kernels.
   *
   * @param ord the ordinal
   * @return the segment, or null when this JVM has no foreign memory API (Java 21)
   */
  Object segment(int ord);

  /**
   * Where an ordinal's record starts in its page, in bytes.
   *
   * @param ord the ordinal
   * @return the byte offset
   */
  int offset(int ord);
}
