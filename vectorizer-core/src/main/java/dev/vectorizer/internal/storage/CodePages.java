package dev.vectorizer.internal.storage;

import dev.vectorizer.internal.kernels.ByteRecords;
import dev.vectorizer.internal.kernels.MappedVectors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * The quantized codes of a segment: {@code count} codes of {@code stride} bytes each, by ordinal,
 * contiguous, in pages of a power of two of codes (at most 1 GB each, so a page fits a {@link
 * ByteBuffer}). The pages are heap arrays (a segment just sealed) or read-only mappings of the
 * segment file (a segment opened from its file), so that the codes of an opened segment live in the
 * page cache, not on the heap. Pages are little-endian; readers use absolute reads only.
 *
 * <p>Concurrency: filled by one thread before it is published ({@link #put}); then read by any
 * number of threads.
 */
public final class CodePages implements ByteRecords {
  private static final long MAX_PAGE = 1L << 30;

  private final int count;
  private final int stride;
  private final int shift;
  private final int mask;
  private final ByteBuffer[] pages;
  private final Object[] segments;
  private final boolean mapped;

  private CodePages(int count, int stride, int perPage, ByteBuffer[] pages, boolean mapped) {
    this.count = count;
    this.stride = stride;
    this.shift = Integer.numberOfTrailingZeros(perPage);
    this.mask = perPage - 1;
    this.pages = pages;
    this.segments = new Object[pages.length];
    for (int p = 0; p < pages.length; p++) {
      segments[p] = MappedVectors.segmentOf(pages[p]);
    }
    this.mapped = mapped;
  }

  private static int perPage(int stride) {
    if (stride < 1) {
      throw new IllegalArgumentException("code stride must be positive: " + stride);
    }
    return Integer.highestOneBit((int) Math.max(1, Math.min(1 << 30, MAX_PAGE / stride)));
  }

  private static int pageCount(int count, int perPage) {
    return (int) (((long) count + perPage - 1) / perPage);
  }

  /**
   * Zeroed pages on the heap, to be filled with {@link #put}.
   *
   * @param count codes
   * @param stride bytes per code
   * @return the pages
   */
  public static CodePages onHeap(int count, int stride) {
    int perPage = perPage(stride);
    ByteBuffer[] pages = new ByteBuffer[pageCount(count, perPage)];
    for (int p = 0; p < pages.length; p++) {
      int codes = (int) Math.min(perPage, count - (long) p * perPage);
      pages[p] = ByteBuffer.wrap(new byte[codes * stride]).order(ByteOrder.LITTLE_ENDIAN);
    }
    return new CodePages(count, stride, perPage, pages, false);
  }

  /**
   * Maps codes stored from {@code position} of a file.
   *
   * @param channel the file, open for reading; it may be closed once this returns
   * @param position where the first code starts
   * @param count codes
   * @param stride bytes per code
   * @return the mapped pages
   * @throws IOException when mapping fails
   */
  public static CodePages map(FileChannel channel, long position, int count, int stride)
      throws IOException {
    int perPage = perPage(stride);
    ByteBuffer[] pages = new ByteBuffer[pageCount(count, perPage)];
    for (int p = 0; p < pages.length; p++) {
      long first = (long) p * perPage;
      long bytes = Math.min(perPage, count - first) * stride;
      pages[p] =
          channel
              .map(FileChannel.MapMode.READ_ONLY, position + first * stride, bytes)
              .order(ByteOrder.LITTLE_ENDIAN);
    }
    return new CodePages(count, stride, perPage, pages, true);
  }

  /**
   * Reads codes onto the heap from a checksummed reader positioned at the first code.
   *
   * @param r the reader
   * @param count codes
   * @param stride bytes per code
   * @return the pages
   * @throws IOException on read failure
   */
  static CodePages read(ChecksummedReader r, int count, int stride) throws IOException {
    CodePages c = onHeap(count, stride);
    for (ByteBuffer page : c.pages) {
      r.bytes(page.array(), 0, page.capacity());
    }
    return c;
  }

  /**
   * Codes held.
   *
   * @return the count
   */
  public int count() {
    return count;
  }

  /**
   * Bytes per code.
   *
   * @return the stride
   */
  public int stride() {
    return stride;
  }

  /**
   * Whether the pages are mappings of a file (else heap arrays).
   *
   * @return whether mapped
   */
  public boolean mapped() {
    return mapped;
  }

  /**
   * Heap bytes the pages hold (0 when mapped).
   *
   * @return bytes
   */
  public long heapBytes() {
    return mapped ? 0 : (long) count * stride;
  }

  /**
   * The page of an ordinal (absolute reads only: it is shared).
   *
   * @param ord the ordinal
   * @return the page
   */
  @Override
  public ByteBuffer page(int ord) {
    return pages[ord >>> shift];
  }

  @Override
  public Object segment(int ord) {
    return segments[ord >>> shift];
  }

  /**
   * Where an ordinal's code starts in its page, in bytes.
   *
   * @param ord the ordinal
   * @return the byte offset
   */
  @Override
  public int offset(int ord) {
    return (ord & mask) * stride;
  }

  /**
   * Stores a code (heap pages only, before the pages are published).
   *
   * @param ord the ordinal
   * @param code {@link #stride()} bytes
   */
  public void put(int ord, byte[] code) {
    page(ord).put(offset(ord), code, 0, stride);
  }

  /**
   * Copies a code out.
   *
   * @param ord the ordinal
   * @param into receives {@link #stride()} bytes
   */
  public void get(int ord, byte[] into) {
    page(ord).get(offset(ord), into, 0, stride);
  }

  /**
   * Writes every code, in ordinal order.
   *
   * @param w the writer
   * @throws IOException on write failure
   */
  void writeTo(ChecksummedWriter w) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    for (ByteBuffer page : pages) {
      for (int at = 0; at < page.capacity(); at += chunk.length) {
        int n = Math.min(chunk.length, page.capacity() - at);
        page.get(at, chunk, 0, n);
        w.bytes(chunk, 0, n);
      }
    }
  }
}
