package dev.vectorizer.internal.keyword;

import dev.vectorizer.KeywordConfig;
import dev.vectorizer.internal.storage.ChecksummedReader;
import dev.vectorizer.internal.storage.ChecksummedWriter;
import dev.vectorizer.internal.storage.FileIo;
import dev.vectorizer.internal.storage.FileOpener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes and reads the keyword postings of a sealed segment: one immutable file {@code
 * seg-<id>.vzk} next to the segment's {@code seg-<id>.vzs}, listed with it in the manifest (so
 * checkpoints, snapshots and backups carry it); deletions are the segment's deletion file's.
 *
 * <p>Format, version 1, little-endian:
 *
 * <ol>
 *   <li>magic {@code VZKW}, int version;
 *   <li>long segment id, int ordinals (the segment's point count), byte analyzer (the ordinal of
 *       {@link KeywordConfig.Analyzer}), byte identifiers (0/1), the Lucene version that analyzed
 *       the text as int length + UTF-8 (informational);
 *   <li>long document count (ordinals with at least one term), long sum of all term frequencies;
 *   <li>norms: one byte per ordinal ({@link Norms}; 0 = no terms);
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
   * The file name of a segment's postings.
   *
   * @param segmentId the segment id
   * @return the name
   */
  public static String name(long segmentId) {
    return "seg-" + segmentId + ".vzk";
  }

  /**
   * Writes postings atomically.
   *
   * @param dir the collection directory
   * @param segmentId the segment id
   * @param config the keyword settings that made the postings
   * @param postings the postings
   * @return the file's size in bytes
   * @throws IOException on failure
   */
  public static long write(Path dir, long segmentId, KeywordConfig config, SealedPostings postings)
      throws IOException {
    Path target = dir.resolve(name(segmentId));
    Path tmp = dir.resolve(name(segmentId) + ".tmp");
    long size;
    try (ChecksummedWriter w = new ChecksummedWriter(tmp)) {
      w.magic(MAGIC);
      w.i32(VERSION);
      w.i64(segmentId);
      byte[] norms = postings.norms();
      w.i32(norms.length);
      w.u8(config.analyzer().ordinal());
      w.u8(config.identifiers() ? 1 : 0);
      w.blob(org.apache.lucene.util.Version.LATEST.toString().getBytes(StandardCharsets.UTF_8));
      w.i64(postings.docCount());
      w.i64(postings.sumTotalTermFreq());
      w.bytes(norms);
      Map<String, PostingList> lists = postings.lists();
      w.i32(lists.size());
      for (Map.Entry<String, PostingList> e : lists.entrySet()) {
        PostingList l = e.getValue();
        w.blob(e.getKey().getBytes(StandardCharsets.UTF_8));
        w.i32(l.size());
        w.ints(l.docs(), 0, l.size());
        w.ints(l.freqs(), 0, l.size());
      }
      size = w.finish(END);
    }
    FileIo.atomicReplace(tmp, target);
    return size;
  }

  /**
   * Reads and verifies postings.
   *
   * @param opener opens the file
   * @param file the file
   * @param segmentId the segment the manifest says it belongs to
   * @param ordinals the segment's point count
   * @param config the collection's keyword settings
   * @return the postings
   * @throws IOException on read failure
   * @throws dev.vectorizer.CorruptedDataException naming the file when a check fails
   */
  public static SealedPostings read(
      FileOpener opener, Path file, long segmentId, int ordinals, KeywordConfig config)
      throws IOException {
    try (ChecksummedReader r = ChecksummedReader.open(opener, file, MAGIC, END, VERSION)) {
      long id = r.i64();
      int count = r.i32();
      int analyzer = r.u8();
      int identifiers = r.u8();
      r.blob(); // the Lucene version, for people reading a dump
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
      if (analyzer != config.analyzer().ordinal()
          || identifiers != (config.identifiers() ? 1 : 0)) {
        throw r.corrupted(
            "postings were made by analyzer "
                + analyzer
                + " (identifiers "
                + identifiers
                + "), the collection is configured with "
                + config);
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
      Map<String, PostingList> lists = new HashMap<>(Math.max(16, terms * 2));
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
        lists.put(term, new PostingList(docs, freqs, n));
      }
      if (total != sumTtf) {
        throw r.corrupted("term frequencies sum to " + total + ", the header says " + sumTtf);
      }
      return new SealedPostings(lists, norms, docCount, sumTtf);
    }
  }
}
