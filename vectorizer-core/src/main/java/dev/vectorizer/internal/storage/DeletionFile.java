package dev.vectorizer.internal.storage;

import dev.vectorizer.internal.index.ConcurrentBitSet;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The deleted ordinals of a sealed segment, one immutable file per generation: {@code
 * seg-<id>.del.<generation>}. A delete never rewrites a segment; a checkpoint writes a new
 * generation and the manifest names the current one.
 *
 * <p>Format, version 1, little-endian: magic {@code VZDL}, int version, long segment id, int bit
 * count, int word count, the words (long, bit i of word i/64 = ordinal i deleted), int CRC32C of
 * everything before, magic {@code VZDE}.
 */
public final class DeletionFile {
  static final String MAGIC = "VZDL";
  static final String END = "VZDE";
  static final int VERSION = 1;

  private DeletionFile() {}

  /**
   * The file name of a generation.
   *
   * @param segmentId the segment
   * @param generation the generation, {@code >= 1}
   * @return the name
   */
  public static String name(long segmentId, int generation) {
    return "seg-" + segmentId + ".del." + generation;
  }

  /**
   * Writes a generation atomically.
   *
   * @param dir the collection directory
   * @param segmentId the segment
   * @param generation the new generation
   * @param bits the deleted ordinals
   * @param count the segment's ordinal count
   * @throws IOException on failure
   */
  public static void write(
      Path dir, long segmentId, int generation, ConcurrentBitSet bits, int count)
      throws IOException {
    Path target = dir.resolve(name(segmentId, generation));
    Path tmp = dir.resolve(name(segmentId, generation) + ".tmp");
    try (ChecksummedWriter w = new ChecksummedWriter(tmp)) {
      w.magic(MAGIC);
      w.i32(VERSION);
      w.i64(segmentId);
      w.i32(count);
      int words = (count + 63) >>> 6;
      w.i32(words);
      for (int word = 0; word < words; word++) {
        long v = 0;
        for (int b = 0; b < 64; b++) {
          int ord = (word << 6) + b;
          if (ord < count && bits.get(ord)) {
            v |= 1L << b;
          }
        }
        w.i64(v);
      }
      w.finish(END);
    }
    FileIo.atomicReplace(tmp, target);
  }

  /**
   * Reads a generation.
   *
   * @param opener opens the file
   * @param file the file
   * @param segmentId the segment it must belong to
   * @param count the segment's ordinal count
   * @return the deleted ordinals
   * @throws IOException on failure
   */
  public static ConcurrentBitSet read(FileOpener opener, Path file, long segmentId, int count)
      throws IOException {
    try (ChecksummedReader r = ChecksummedReader.open(opener, file, MAGIC, END, VERSION)) {
      long id = r.i64();
      int bits = r.i32();
      int words = r.i32();
      if (id != segmentId || bits != count || words != (count + 63) >>> 6) {
        throw r.corrupted(
            "belongs to segment "
                + id
                + " with "
                + bits
                + " ordinals, expected "
                + segmentId
                + " with "
                + count);
      }
      ConcurrentBitSet set = new ConcurrentBitSet();
      for (int word = 0; word < words; word++) {
        long v = r.i64();
        while (v != 0) {
          int b = Long.numberOfTrailingZeros(v);
          set.set((word << 6) + b);
          v &= v - 1;
        }
      }
      return set;
    }
  }
}
