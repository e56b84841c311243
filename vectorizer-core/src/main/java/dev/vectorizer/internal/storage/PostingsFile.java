package dev.vectorizer.internal.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads the keyword postings of a sealed segment: one immutable file {@code
 * seg-<id>.vzk} next to the segment's {@code seg-<id>.vzs}, listed with it in the manifest (so
 * checkpoints, snapshots and backups carry it). Deleted points are the segment's deletion file's
 * business: postings are never rewritten for a delete.
 *
 * <p>Format, version 1, little-endian:
 *
 * <ol>
 *   <li>magic {@code VZKW}, int version;
 *   <li>long segment id, int ordinals (the segment's point count), byte analyzer (the ordinal of
 *       {@code KeywordConfig.Analyzer}), byte identifiers (0/1), the Lucene version that analyzed
 *       the text as int length + UTF-8 (for people reading a dump);
 *   <li>long document count (ordinals with at least one term), long sum of all term frequencies;
 *   <li>norms: one byte per ordinal (the length in tokens as Lucene's {@code
 *       SmallFloat.intToByte4}; 0 = no terms);
 *   <li>int term count, then per term: int length + UTF-8 bytes of the term, int n, n int ordinals
 *       (strictly ascending), n int frequencies ({@code >= 1});
 *   <li>footer: int CRC32C of everything before it, magic {@code VZKE}.
 * </ol>
 *
 * <p>Written to a temporary name, synced, renamed; the reader verifies the whole-file checksum
 * before parsing, then every count and ordinal, so damage is reported naming the file.
 */
public final class PostingsFile {
  static final String MAGIC = "VZKW";
  static final String END = "VZKE";
  static final int VERSION = 1;

  private PostingsFile() {}

  /**
   * One term's postings.
   *
   * @param term the term
   * @param docs ordinals, ascending
   * @param freqs frequencies
   * @param size entries used
   */
  public record Term(String term, int[] docs, int[] freqs, int size) {}

  /**
   * What a postings file holds.
   *
   * @param segmentId the segment
   * @param analyzer the analyzer's code
   * @param identifiers whether identifiers were indexed as written too
   * @param docCount ordinals with terms
   * @param sumTotalTermFreq the sum of all frequencies
   * @param norms one byte per ordinal
   * @param terms the terms
   */
  public record Contents(
      long segmentId,
      int analyzer,
      boolean identifiers,
      long docCount,
      long sumTotalTermFreq,
      byte[] norms,
      List<Term> terms) {}

  /**
   * The file name of a segment's postings.
   *
   * @param segmentId the segment id
   * @return the name
   */
  public static String name(long segmentId) {
    return "seg-" + segmentId + ".vzk";
  }

  /**
   * Writes postings atomically; on failure nothing is left behind.
   *
   * @param dir the collection directory
   * @param c the postings
   * @param luceneVersion the analyzing Lucene's version
   * @return the file's size in bytes
   * @throws IOException on failure
   */
  public static long write(Path dir, Contents c, String luceneVersion) throws IOException {
    return ChecksummedWriter.writeAtomically(
        dir.resolve(name(c.segmentId()) + ".tmp"),
        dir.resolve(name(c.segmentId())),
        w -> {
          w.magic(MAGIC);
          w.i32(VERSION);
          w.i64(c.segmentId());
          w.i32(c.norms().length);
          w.u8(c.analyzer());
          w.u8(c.identifiers() ? 1 : 0);
          w.blob(luceneVersion.getBytes(StandardCharsets.UTF_8));
          w.i64(c.docCount());
          w.i64(c.sumTotalTermFreq());
          w.bytes(c.norms());
          w.i32(c.terms().size());
          for (Term t : c.terms()) {
            w.blob(t.term().getBytes(StandardCharsets.UTF_8));
            w.i32(t.size());
            w.ints(t.docs(), 0, t.size());
            w.ints(t.freqs(), 0, t.size());
          }
        },
        END);
  }

  /**
   * Reads and verifies postings.
   *
   * @param opener opens the file
   * @param file the file
   * @param segmentId the segment the manifest says it belongs to
   * @param ordinals the segment's point count
   * @param analyzer the analyzer code the collection is configured with
   * @param identifiers whether the collection indexes identifiers as written
   * @return the postings
   * @throws IOException on read failure
   * @throws dev.vectorizer.CorruptedDataException naming the file when a check fails
   */
  public static Contents read(
      FileOpener opener, Path file, long segmentId, int ordinals, int analyzer, boolean identifiers)
      throws IOException {
    try (ChecksummedReader r = ChecksummedReader.open(opener, file, MAGIC, END, VERSION)) {
      long id = r.i64();
      int count = r.i32();
      int fileAnalyzer = r.u8();
      int fileIdentifiers = r.u8();
      r.blob(); // the Lucene version
      if (id != segmentId || count != ordinals) {
        throw r.corrupted(
            "header says segment "
                + id
                + " with "
                + count
                + " points; the manifest expects segment "
                + segmentId
                + " with "
                + ordinals);
      }
      if (fileAnalyzer != analyzer || fileIdentifiers != (identifiers ? 1 : 0)) {
        throw r.corrupted(
            "postings were made by analyzer "
                + fileAnalyzer
                + " (identifiers "
                + fileIdentifiers
                + "), the collection is configured with analyzer "
                + analyzer
                + " (identifiers "
                + (identifiers ? 1 : 0)
                + ")");
      }
      long docCount = r.i64();
      long sumTtf = r.i64();
      byte[] norms = r.bytes(count);
      long docsSeen = 0;
      for (byte b : norms) {
        if (b != 0) {
          docsSeen++;
        }
      }
      int terms = r.i32();
      if (docsSeen != docCount || terms < 0) {
        throw r.corrupted(
            "counts are inconsistent: " + docsSeen + " norms for " + docCount + " documents");
      }
      List<Term> out = new ArrayList<>(terms);
      long total = 0;
      for (int t = 0; t < terms; t++) {
        String term = new String(r.blob(), StandardCharsets.UTF_8);
        int n = r.i32();
        if (n <= 0 || n > count) {
          throw r.corrupted("term '" + term + "' has " + n + " postings for " + count + " points");
        }
        int[] docs = new int[n];
        int[] freqs = new int[n];
        r.ints(docs, 0, n);
        r.ints(freqs, 0, n);
        for (int i = 0; i < n; i++) {
          if (docs[i] < 0
              || docs[i] >= count
              || (i > 0 && docs[i] <= docs[i - 1])
              || freqs[i] < 1
              || norms[docs[i]] == 0) {
            throw r.corrupted("postings of term '" + term + "' are invalid at entry " + i);
          }
          total += freqs[i];
        }
        out.add(new Term(term, docs, freqs, n));
      }
      if (total != sumTtf) {
        throw r.corrupted("term frequencies sum to " + total + ", the header says " + sumTtf);
      }
      return new Contents(id, fileAnalyzer, fileIdentifiers == 1, docCount, sumTtf, norms, out);
    }
  }
}
