package dev.vectorizer.internal.keyword;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.CorruptedDataException;
import dev.vectorizer.KeywordConfig;
import dev.vectorizer.internal.storage.FileOpener;
import dev.vectorizer.internal.storage.PostingsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostingsFileTest {
  @TempDir Path dir;

  private static final TermAnalyzer ANALYZER = new TermAnalyzer(KeywordConfig.defaults());

  private static HeadPostings head(String... texts) {
    HeadPostings h = new HeadPostings();
    for (int i = 0; i < texts.length; i++) {
      h.add(i, ANALYZER.analyze(texts[i]));
    }
    return h;
  }

  private void write(long id, SealedPostings p) throws Exception {
    PostingsFile.write(dir, p.toFile(id, KeywordConfig.defaults()), SealedPostings.luceneVersion());
  }

  private static SealedPostings read(Path f, long id, int count, KeywordConfig c) throws Exception {
    return SealedPostings.fromFile(
        PostingsFile.read(
            FileOpener.DIRECT, f, id, count, c.analyzer().ordinal(), c.identifiers()));
  }

  @Test
  void writeReadRoundTripDropsDeletedOrdinals() throws Exception {
    HeadPostings h =
        head("xargs runs commands", "the the the", "use --max-procs with xargs", "ERR_4012 again");
    SealedPostings sealed = SealedPostings.copyOf(h, ord -> ord == 3 ? -1 : ord, 4);
    assertEquals(2, sealed.docCount(), "ordinal 1 has no terms, 3 is deleted");
    assertNull(sealed.postings("ERR_4012"));
    write(7, sealed);
    SealedPostings read = read(dir.resolve(PostingsFile.name(7)), 7, 4, KeywordConfig.defaults());
    assertEquals(sealed.docCount(), read.docCount());
    assertEquals(sealed.sumTotalTermFreq(), read.sumTotalTermFreq());
    assertEquals(sealed.termCount(), read.termCount());
    PostingList xargs = read.postings("xarg");
    assertEquals(2, xargs.size());
    assertEquals(0, xargs.docs()[0]);
    assertEquals(2, xargs.docs()[1]);
    assertEquals(h.norm(2), read.norm(2));
    assertEquals(0, read.norm(1));
    assertTrue(read.postings("--max-procs") != null);
    assertTrue(Files.list(dir).noneMatch(p -> p.toString().endsWith(".tmp")));
  }

  @Test
  void mergeRenumbersAndKeepsStatistics() {
    HeadPostings a = head("alpha beta", "beta gamma");
    HeadPostings b = head("gamma delta", "alpha alpha");
    // a's ordinal 1 was deleted; b's ordinals follow a's survivors
    SealedPostings m =
        SealedPostings.merge(
            List.of(
                SealedPostings.copyOf(a, ord -> ord, 2), SealedPostings.copyOf(b, ord -> ord, 2)),
            List.of(ord -> ord == 0 ? 0 : -1, ord -> ord + 1),
            3);
    assertEquals(3, m.docCount());
    assertEquals(2, m.postings("alpha").size());
    assertEquals(0, m.postings("alpha").docs()[0]);
    assertEquals(2, m.postings("alpha").docs()[1]);
    assertEquals(2, m.postings("alpha").freqs()[1]);
    assertEquals(1, m.postings("gamma").size(), "the deleted chunk's gamma is gone");
    assertEquals(6, m.sumTotalTermFreq());
  }

  @Test
  void corruptionAndMismatchesNameTheFile() throws Exception {
    SealedPostings sealed = SealedPostings.copyOf(head("one two three", "two three"), o -> o, 2);
    write(3, sealed);
    Path f = dir.resolve(PostingsFile.name(3));
    byte[] good = Files.readAllBytes(f);
    for (int pos : new int[] {2, 20, good.length / 2, good.length - 6}) {
      byte[] bad = good.clone();
      bad[pos] ^= 0x40;
      Files.write(f, bad);
      CorruptedDataException e =
          assertThrows(CorruptedDataException.class, () -> read(f, 3, 2, KeywordConfig.defaults()));
      assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
    }
    Files.write(f, java.util.Arrays.copyOf(good, good.length - 3));
    assertThrows(CorruptedDataException.class, () -> read(f, 3, 2, KeywordConfig.defaults()));
    Files.write(f, good);
    CorruptedDataException e =
        assertThrows(CorruptedDataException.class, () -> read(f, 4, 2, KeywordConfig.defaults()));
    assertTrue(e.getMessage().contains("manifest expects segment 4"), e.getMessage());
    e =
        assertThrows(
            CorruptedDataException.class,
            () ->
                read(
                    f,
                    3,
                    2,
                    KeywordConfig.builder().analyzer(KeywordConfig.Analyzer.STANDARD).build()));
    assertTrue(e.getMessage().contains("analyzer"), e.getMessage());
  }
}
