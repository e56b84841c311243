package dev.vectorizer.internal.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.internal.storage.CodePages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float-by-byte kernel of 8-bit codes gives the exact dot product (computed here in double) of
 * the query with the codes read as signed bytes, from heap pages, from a mapped file at an
 * unaligned start and from an array slice without memory segments (as on Java 21), for every batch
 * size the graph search uses, with and without a scalar tail, and across the extreme byte values.
 */
class ByteKernelsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 8, 16, 33, 384})
  void bytesScoreAsSignedIntegers(int dim) throws IOException {
    Random rnd = new Random(dim);
    int count = 100;
    byte[][] codes = new byte[count][dim];
    for (byte[] c : codes) {
      rnd.nextBytes(c);
    }
    codes[0][0] = Byte.MIN_VALUE;
    codes[1][dim - 1] = Byte.MAX_VALUE;
    CodePages heap = CodePages.onHeap(count, dim);
    for (int ord = 0; ord < count; ord++) {
      heap.put(ord, codes[ord]);
    }
    Path file = dir.resolve("codes");
    long start = 13; // not aligned, as in a segment file
    ByteBuffer b = ByteBuffer.allocate((int) start + count * dim);
    b.position((int) start);
    for (byte[] c : codes) {
      b.put(c);
    }
    Files.write(file, b.array());
    CodePages mapped;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      mapped = CodePages.map(ch, start, count, dim);
    }
    float[] q = new float[dim];
    for (int i = 0; i < dim; i++) {
      q[i] = rnd.nextFloat() * 2 - 1;
    }
    List<VectorKernels> kernels = new ArrayList<>();
    kernels.add(Kernels.scalar());
    Kernels.panama().ifPresent(kernels::add);
    for (VectorKernels k : kernels) {
      for (ByteRecords pages : List.of(heap, mapped, withoutSegments(codes, dim, 5))) {
        for (int n = 1; n <= 13; n++) {
          int[] ords = new int[n];
          for (int j = 0; j < n; j++) {
            ords[j] = (j * 37 + n) % count;
          }
          float[] out = new float[n];
          k.dotBytesMany(q, pages, ords, n, out);
          for (int j = 0; j < n; j++) {
            double expect = 0;
            double magnitude = 0;
            for (int i = 0; i < dim; i++) {
              expect += (double) q[i] * codes[ords[j]][i];
              magnitude += Math.abs((double) q[i] * codes[ords[j]][i]);
            }
            String what = k.name() + " " + describe(pages) + " dim " + dim + " batch " + n;
            assertEquals(expect, out[j], 1e-5 * magnitude + 1e-4, what + " code " + j);
          }
        }
      }
    }
    assertTrue(mapped.mapped() && !heap.mapped());
    if (Kernels.panama().isPresent() && Runtime.version().feature() >= 22) {
      // Otherwise the Panama kernel would quietly hand mapped codes to the scalar loop.
      assertTrue(PanamaByteKernels.readable(mapped, 0), "the Panama kernel reads mapped codes");
    }
  }

  private static String describe(ByteRecords r) {
    if (r instanceof CodePages c) {
      return c.mapped() ? "mapped" : "heap";
    }
    return "array slice without segments";
  }

  /**
   * Codes in one heap page seen as Java 21 sees them (no {@code MemorySegment}), in a buffer that
   * starts {@code arrayOffset} bytes into its array.
   */
  private static ByteRecords withoutSegments(byte[][] codes, int dim, int arrayOffset) {
    byte[] all = new byte[arrayOffset + codes.length * dim];
    for (int ord = 0; ord < codes.length; ord++) {
      System.arraycopy(codes[ord], 0, all, arrayOffset + ord * dim, dim);
    }
    ByteBuffer page = ByteBuffer.wrap(all).position(arrayOffset).slice();
    assertEquals(arrayOffset, page.arrayOffset());
    return new ByteRecords() {
      @Override
      public ByteBuffer page(int ord) {
        return page;
      }

      @Override
      public Object segment(int ord) {
        return null;
      }

      @Override
      public int offset(int ord) {
        return ord * dim;
      }
    };
  }
}
