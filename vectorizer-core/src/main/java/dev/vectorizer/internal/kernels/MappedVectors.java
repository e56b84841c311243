package dev.vectorizer.internal.kernels;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Vectors read in place from a memory-mapped file: little-endian float32, {@code dimension} floats
 * per ordinal, contiguous, mapped in pages of a power of two of vectors (at most 64 MB each, so a
 * page fits a {@link ByteBuffer}). The kernels ({@link VectorKernels#dotMany(float[],
 * MappedVectors, int[], int, float[])}) read the pages directly: the Panama kernels through a
 * {@code java.lang.foreign.MemorySegment} view of each page, found by reflection because the
 * project compiles with {@code --release 21}, where that API is a preview; {@link #available()}
 * says whether this JVM has it (Java 22 or newer).
 *
 * <p>Concurrency: immutable after {@link #map}; any number of threads read it. The mapping lives
 * until the object is garbage collected (there is no explicit unmap: a search may still read a
 * segment that a merge replaced).
 */
public final class MappedVectors {
  private static final MethodHandle OF_BUFFER = ofBuffer();

  private final int dimension;
  private final int count;
  private final int shift;
  private final int mask;
  private final ByteBuffer[] buffers;
  private final Object[] segments;

  private MappedVectors(
      int dimension, int count, int perPage, ByteBuffer[] buffers, Object[] segments) {
    this.dimension = dimension;
    this.count = count;
    this.shift = Integer.numberOfTrailingZeros(perPage);
    this.mask = perPage - 1;
    this.buffers = buffers;
    this.segments = segments;
  }

  private static MethodHandle ofBuffer() {
    if (Runtime.version().feature() < 22) {
      return null;
    }
    try {
      Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
      return MethodHandles.publicLookup()
          .findStatic(segment, "ofBuffer", MethodType.methodType(segment, java.nio.Buffer.class))
          .asType(MethodType.methodType(Object.class, java.nio.Buffer.class));
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  /**
   * Whether this JVM can read mapped vectors in place (Java 22 or newer: the foreign memory API).
   *
   * @return whether {@link #map} may be used
   */
  public static boolean available() {
    return OF_BUFFER != null;
  }

  /**
   * Maps {@code count} vectors stored from {@code position} of a file.
   *
   * @param channel the file, open for reading; it may be closed once this returns
   * @param position where the first vector starts
   * @param dimension floats per vector
   * @param count vectors
   * @param perPage vectors per mapped page, a power of two
   * @return the mapped vectors
   * @throws IOException when mapping fails
   * @throws IllegalStateException when {@link #available()} is false
   */
  public static MappedVectors map(
      FileChannel channel, long position, int dimension, int count, int perPage)
      throws IOException {
    if (OF_BUFFER == null) {
      throw new IllegalStateException("mapped vectors need Java 22 or newer");
    }
    if (Integer.bitCount(perPage) != 1 || (long) perPage * dimension * Float.BYTES > 1L << 30) {
      throw new IllegalArgumentException(
          "bad page size " + perPage + " for dimension " + dimension);
    }
    int pages = (int) (((long) count + perPage - 1) / perPage);
    ByteBuffer[] buffers = new ByteBuffer[pages];
    Object[] segments = new Object[pages];
    for (int p = 0; p < pages; p++) {
      long first = (long) p * perPage;
      long bytes = Math.min(perPage, count - first) * dimension * Float.BYTES;
      buffers[p] =
          channel
              .map(FileChannel.MapMode.READ_ONLY, position + first * dimension * Float.BYTES, bytes)
              .order(ByteOrder.LITTLE_ENDIAN);
      segments[p] = segmentOf(buffers[p]);
    }
    return new MappedVectors(dimension, count, perPage, buffers, segments);
  }

  /**
   * A buffer (mapped or on the heap) as a {@code java.lang.foreign.MemorySegment}.
   *
   * @param buffer the buffer
   * @return the segment, or null when this JVM has no foreign memory API ({@link #available()})
   */
  public static Object segmentOf(ByteBuffer buffer) {
    if (OF_BUFFER == null) {
      return null;
    }
    try {
      return (Object) OF_BUFFER.invokeExact((java.nio.Buffer) buffer);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot view a buffer as a memory segment", e);
    }
  }

  /**
   * Floats per vector.
   *
   * @return the dimension
   */
  public int dimension() {
    return dimension;
  }

  /**
   * Vectors mapped.
   *
   * @return the count
   */
  public int count() {
    return count;
  }

  /**
   * The page of an ordinal, as a little-endian buffer (absolute reads only: it is shared).
   *
   * @param ord the ordinal
   * @return the buffer
   */
  public ByteBuffer buffer(int ord) {
    return buffers[ord >>> shift];
  }

  /**
   * The page of an ordinal as a {@code java.lang.foreign.MemorySegment}.
   *
   * @param ord the ordinal
   * @return the segment
   */
  Object segment(int ord) {
    return segments[ord >>> shift];
  }

  /**
   * Where an ordinal's first component starts in its page, in bytes.
   *
   * @param ord the ordinal
   * @return the byte offset
   */
  public int byteOffset(int ord) {
    return (ord & mask) * dimension * Float.BYTES;
  }

  /**
   * A copy of one vector.
   *
   * @param ord the ordinal
   * @return a new array
   */
  public float[] copy(int ord) {
    float[] out = new float[dimension];
    ByteBuffer b = buffer(ord);
    int off = byteOffset(ord);
    for (int i = 0; i < dimension; i++) {
      out[i] = b.getFloat(off + i * Float.BYTES);
    }
    return out;
  }

  /**
   * All pages, in ordinal order, for a sequential pass (checksums, norms).
   *
   * @return the buffers; absolute reads only
   */
  public ByteBuffer[] buffers() {
    return buffers.clone();
  }
}
