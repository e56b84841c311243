package dev.vectorizer.internal.storage;

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
   * @param words the deleted ordinals: bit {@code i % 64} of word {@code i / 64} set = ordinal
   *     {@code i} deleted; {@code (count + 63) / 64} words
   * @param count the segment's ordinal count
   * @throws IOException on failure
   */
  public static void write(Path dir, long segmentId, int generation, long[] words, int count)
      throws IOException {
    write(WalOutput.FILES, dir, segmentId, generation, words, count);
  }

  /**
   * Writes a generation atomically through a factory.
   *
   * @param outputs opens the temporary file
   * @param dir the collection directory
   * @param segmentId the segment
   * @param generation the new generation
   * @param words the deleted ordinals, as for {@link #write(Path, long, int, long[], int)}
   * @param count the segment's ordinal count
   * @throws IOException on failure
   */
  public static void write(
      WalOutput.Factory outputs, Path dir, long segmentId, int generation, long[] words, int count)
      throws IOException {
    Path target = dir.resolve(name(segmentId, generation));
    Path tmp = dir.resolve(name(segmentId, generation) + ".tmp");
    if (words.length != (count + 63) >>> 6) {
      throw new IllegalArgumentException(words.length + " words cannot hold " + count + " bits");
    }
    ChecksummedWriter.writeAtomically(
        outputs,
        tmp,
        target,
        w -> {
          w.magic(MAGIC);
          w.i32(VERSION);
          w.i64(segmentId);
          w.i32(count);
          w.i32(words.length);
          for (long word : words) {
            w.i64(word);
          }
        },
        END);
  }

  /**
   * Reads a generation.
   *
   * @param opener opens the file
   * @param file the file
   * @param segmentId the segment it must belong to
   * @param count the segment's ordinal count
   * @return the deleted ordinals, as {@link #write} takes them
   * @throws IOException on failure
   */
  public static long[] read(FileOpener opener, Path file, long segmentId, int count)
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
      long[] out = new long[words];
      for (int word = 0; word < words; word++) {
        out[word] = r.i64();
      }
      if (words > 0 && (count & 63) != 0 && (out[words - 1] >>> (count & 63)) != 0) {
        throw r.corrupted("marks ordinals beyond the segment's " + count + " as deleted");
      }
      return out;
    }
  }
}
