package dev.vectorizer.internal.keyword;

import dev.vectorizer.KeywordConfig;
import dev.vectorizer.internal.storage.PostingsFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * The immutable postings of a sealed segment: per term an ascending list of ordinals with
 * frequencies, one norm byte per ordinal, and the BM25 statistics of what it holds. Built when a
 * head is sealed (dropping ordinals already deleted), when segments are merged (renumbered), or
 * read from a {@link PostingsFile}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SealedPostings implements Postings {
  private final Map<String, PostingList> lists;
  private final byte[] norms;
  private final long docCount;
  private final long sumTotalTermFreq;

  SealedPostings(Map<String, PostingList> lists, byte[] norms, long docCount, long sumTtf) {
    this.lists = lists;
    this.norms = norms;
    this.docCount = docCount;
    this.sumTotalTermFreq = sumTtf;
  }

  /** Postings with nothing in them, for a segment of a given size. */
  static SealedPostings empty(int ordinals) {
    return new SealedPostings(Map.of(), new byte[ordinals], 0, 0);
  }

  /**
   * Copies postings into a sealed form, renumbering and dropping ordinals.
   *
   * @param source the postings (a head's, or a sealed segment's)
   * @param map the new ordinal of an old one, or -1 to drop it
   * @param ordinals the number of ordinals of the new segment
   * @return the sealed postings
   */
  public static SealedPostings copyOf(Postings source, IntUnaryOperator map, int ordinals) {
    return merge(List.of(source), List.of(map), ordinals);
  }

  /**
   * Merges the postings of several segments into one segment's.
   *
   * @param sources the segments' postings
   * @param maps per source, the new ordinal of an old one, or -1 to drop it (a deleted point)
   * @param ordinals the number of ordinals of the new segment
   * @return the merged postings
   */
  public static SealedPostings merge(
      List<? extends Postings> sources, List<IntUnaryOperator> maps, int ordinals) {
    byte[] norms = new byte[ordinals];
    long docs = 0;
    Map<String, long[]> packed = new HashMap<>();
    Map<String, int[]> sizes = new HashMap<>();
    long total = 0;
    for (int s = 0; s < sources.size(); s++) {
      Postings src = sources.get(s);
      IntUnaryOperator map = maps.get(s);
      int bound = src.ordinalBound();
      for (int ord = 0; ord < bound; ord++) {
        int norm = src.norm(ord);
        int to = norm == 0 ? -1 : map.applyAsInt(ord);
        if (to >= 0) {
          norms[to] = (byte) norm;
          docs++;
        }
      }
      for (String term : src.terms()) {
        PostingList l = src.postings(term);
        if (l == null) {
          continue;
        }
        long[] buf = packed.get(term);
        int[] size = sizes.computeIfAbsent(term, t -> new int[1]);
        for (int i = 0; i < l.size(); i++) {
          int to = map.applyAsInt(l.docs()[i]);
          if (to < 0) {
            continue;
          }
          if (buf == null || size[0] == buf.length) {
            buf =
                buf == null ? new long[Math.max(4, l.size())] : Arrays.copyOf(buf, buf.length * 2);
            packed.put(term, buf);
          }
          buf[size[0]++] = ((long) to << 32) | (l.freqs()[i] & 0xFFFFFFFFL);
          total += l.freqs()[i];
        }
      }
    }
    Map<String, PostingList> lists = new HashMap<>(packed.size() * 2);
    for (Map.Entry<String, long[]> e : packed.entrySet()) {
      int n = sizes.get(e.getKey())[0];
      if (n == 0) {
        continue;
      }
      long[] p = e.getValue();
      Arrays.sort(p, 0, n);
      int[] d = new int[n];
      int[] f = new int[n];
      for (int i = 0; i < n; i++) {
        d[i] = (int) (p[i] >>> 32);
        f[i] = (int) p[i];
      }
      lists.put(e.getKey(), new PostingList(d, f, n));
    }
    return new SealedPostings(lists, norms, docs, total);
  }

  @Override
  public PostingList postings(String term) {
    return lists.get(term);
  }

  @Override
  public int norm(int ord) {
    return ord < norms.length ? norms[ord] & 0xFF : 0;
  }

  @Override
  public long docCount() {
    return docCount;
  }

  @Override
  public long sumTotalTermFreq() {
    return sumTotalTermFreq;
  }

  @Override
  public int ordinalBound() {
    return norms.length;
  }

  @Override
  public Iterable<String> terms() {
    return lists.keySet();
  }

  /**
   * The number of distinct terms.
   *
   * @return the count
   */
  public int termCount() {
    return lists.size();
  }

  /**
   * The postings as the file format writes them.
   *
   * @param segmentId the segment
   * @param config the settings that made them
   * @return the file contents
   */
  public PostingsFile.Contents toFile(long segmentId, KeywordConfig config) {
    List<PostingsFile.Term> terms = new ArrayList<>(lists.size());
    for (Map.Entry<String, PostingList> e : lists.entrySet()) {
      PostingList l = e.getValue();
      terms.add(new PostingsFile.Term(e.getKey(), l.docs(), l.freqs(), l.size()));
    }
    return new PostingsFile.Contents(
        segmentId,
        config.analyzer().ordinal(),
        config.identifiers(),
        docCount,
        sumTotalTermFreq,
        norms,
        terms);
  }

  /**
   * Postings read from a file (already verified by the reader).
   *
   * @param c the file contents
   * @return the postings
   */
  public static SealedPostings fromFile(PostingsFile.Contents c) {
    Map<String, PostingList> lists = new HashMap<>(Math.max(16, c.terms().size() * 2));
    for (PostingsFile.Term t : c.terms()) {
      lists.put(t.term(), new PostingList(t.docs(), t.freqs(), t.size()));
    }
    return new SealedPostings(lists, c.norms(), c.docCount(), c.sumTotalTermFreq());
  }

  /** The version of Lucene whose analyzers make the terms, recorded in postings files. */
  public static String luceneVersion() {
    return org.apache.lucene.util.Version.LATEST.toString();
  }
}
