package dev.vectorizer.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Embedder;
import dev.vectorizer.Filter;
import dev.vectorizer.Fusion;
import dev.vectorizer.SearchMode;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import dev.vectorizer.VectorStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dense, keyword and hybrid text search through the public API, run against every store kind.
 * Documents are small synthetic manual pages, each with its own option names and error codes.
 */
abstract class HybridSearchContract {
  static final String[] TOPICS = {
    "copying files between directories", "compressing archives with gzip",
    "searching text with regular expressions", "scheduling jobs with cron",
    "listing running processes", "changing file permissions",
    "downloading files over the network", "counting lines and words",
    "sorting lines of text", "splitting large files into pieces"
  };

  VectorStore store;
  TextCollection texts;

  abstract VectorStore open();

  @BeforeEach
  void setUp() {
    store = open();
    texts = store.textCollection("man", Embedder.byName("hashing"), 300, 60);
    for (int i = 0; i < TOPICS.length; i++) {
      texts.upsert("man/tool" + i, page(i), Map.of("section", i % 2 == 0 ? "1" : "8"));
    }
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  static String page(int i) {
    return "NAME tool"
        + i
        + " is a program for "
        + TOPICS[i]
        + ". It reads its input and writes the result. Most people use it every day.\n\n"
        + "OPTIONS --opt-"
        + i
        + "x sets how the program behaves when the input is large. The option --verbose prints"
        + " what happens.\n\nERRORS When the input ends early the program exits with ERR_40"
        + (10 + i)
        + " and prints a message about "
        + TOPICS[i]
        + ".";
  }

  static List<String> sources(List<TextHit> hits) {
    return hits.stream().map(TextHit::sourceId).toList();
  }

  @Test
  void keywordAndHybridFindExactIdentifiers() {
    for (int i = 0; i < TOPICS.length; i++) {
      String code = "ERR_40" + (10 + i);
      List<TextHit> kw = texts.search(TextQuery.of(code).mode(SearchMode.KEYWORD).limit(3));
      assertEquals("man/tool" + i, kw.get(0).sourceId(), code);
      assertTrue(kw.get(0).text().contains(code));
      assertNotNull(kw.get(0).keyword());
      assertNull(kw.get(0).dense());
      assertEquals(1, kw.get(0).keyword().rank());
      List<TextHit> hybrid = texts.search(TextQuery.of("--opt-" + i + "x").limit(3));
      assertEquals("man/tool" + i, hybrid.get(0).sourceId(), "hybrid is the default mode");
      List<TextHit> grouped =
          texts.searchGrouped(TextQuery.of(code).mode(SearchMode.KEYWORD).limit(2));
      assertEquals("man/tool" + i, grouped.get(0).sourceId());
    }
  }

  @Test
  void hybridReportsEachBranchAndFusesWithTheChosenMethod() {
    TextQuery q = TextQuery.of("compressing archives gzip ERR_4011").limit(5);
    List<TextHit> dense = texts.search(q.mode(SearchMode.DENSE));
    List<TextHit> keyword = texts.search(q.mode(SearchMode.KEYWORD));
    for (Fusion f : List.of(Fusion.rrf(), Fusion.dbsf(), Fusion.weighted(0.3, 0.7))) {
      List<TextHit> hybrid = texts.search(q.mode(SearchMode.HYBRID).fusion(f));
      assertEquals("man/tool1", hybrid.get(0).sourceId(), f.toString());
      TextHit top = hybrid.get(0);
      assertNotNull(top.dense(), "found by both branches");
      assertNotNull(top.keyword());
      for (TextHit h : hybrid) {
        if (h.keyword() != null && h.keyword().rank() == 1) {
          assertEquals(
              keyword.get(0).sourceId() + keyword.get(0).chunk(), h.sourceId() + h.chunk());
        }
      }
    }
    TextHit rrfTop =
        texts.search(q.mode(SearchMode.HYBRID).fusion(Fusion.rrf().withWeights(1, 1))).get(0);
    double expected = 0;
    expected += rrfTop.dense() == null ? 0 : 1.0 / (60 + rrfTop.dense().rank());
    expected += rrfTop.keyword() == null ? 0 : 1.0 / (60 + rrfTop.keyword().rank());
    assertEquals(expected, rrfTop.score(), 1e-6);
    // without weights, a query naming an identifier the collection holds leans on keywords
    TextHit exact = texts.search(q.mode(SearchMode.HYBRID).fusion(Fusion.rrf())).get(0);
    double leaning = 0;
    leaning += exact.dense() == null ? 0 : 0.3 / (60 + exact.dense().rank());
    leaning += exact.keyword() == null ? 0 : 0.7 / (60 + exact.keyword().rank());
    assertEquals(leaning, exact.score(), 1e-6);
    TextHit plain =
        texts.search(TextQuery.of("compressing archives").fusion(Fusion.rrf()).limit(1)).get(0);
    double equal = 0;
    equal += plain.dense() == null ? 0 : 1.0 / (60 + plain.dense().rank());
    equal += plain.keyword() == null ? 0 : 1.0 / (60 + plain.keyword().rank());
    assertEquals(equal, plain.score(), 1e-6, "no identifier: equal weights");
    assertEquals(dense.get(0).score(), texts.search(q.mode(SearchMode.DENSE)).get(0).score());
    assertTrue(keyword.get(0).text().contains("ERR_4011"));
  }

  @Test
  void filtersApplyToBothBranchesAndNeverLoseHits() {
    long eights = texts.collection().count(Filter.eq("section", "8"));
    assertTrue(eights > 0);
    // the query's words are all in section 1 pages: the keyword branch finds nothing under the
    // filter, the dense branch still finds every section 8 chunk
    TextQuery q =
        TextQuery.of("copying files between directories ERR_4010")
            .filter(Filter.eq("section", "8"))
            .limit(1000);
    for (SearchMode mode : List.of(SearchMode.DENSE, SearchMode.HYBRID)) {
      List<TextHit> hits = texts.search(q.mode(mode));
      assertEquals(eights, hits.size(), mode + ": every matching chunk");
      assertTrue(hits.stream().allMatch(h -> "8".equals(h.payload().get("section"))));
    }
    List<TextHit> kw = texts.search(q.mode(SearchMode.KEYWORD).limit(10));
    assertTrue(kw.stream().allMatch(h -> "8".equals(h.payload().get("section"))));
    assertTrue(kw.stream().noneMatch(h -> h.text().contains("ERR_4010")));
    List<TextHit> one =
        texts.search(
            TextQuery.of("ERR_4013").mode(SearchMode.KEYWORD).filter(Filter.eq("section", "8")));
    assertEquals("man/tool3", one.get(0).sourceId());
  }

  @Test
  void aQueryOfStopWordsSearchesDenseOnly() {
    TextQuery q = TextQuery.of("to be or not to be").limit(5);
    assertEquals(List.of(), texts.search(q.mode(SearchMode.KEYWORD)));
    List<TextHit> hybrid = texts.search(q.mode(SearchMode.HYBRID));
    List<TextHit> dense = texts.search(q.mode(SearchMode.DENSE));
    assertEquals(sources(dense), sources(hybrid));
    assertTrue(hybrid.stream().allMatch(h -> h.keyword() == null && h.dense() != null));
  }

  @Test
  void editsAndDeletesLeaveNoStalePostings() {
    texts.upsert("notes/a", "The zanzibar protocol uses ERR_9001. ".repeat(30), Map.of());
    TextQuery zanzibar = TextQuery.of("zanzibar").mode(SearchMode.KEYWORD).limit(50);
    int before = texts.search(zanzibar).size();
    assertTrue(before > 1, "several chunks");
    texts.upsert("notes/a", "Now it describes the quetzal bird.", Map.of());
    assertEquals(List.of(), texts.search(zanzibar), "replaced chunks have no postings");
    assertEquals(List.of(), texts.search(TextQuery.of("ERR_9001").mode(SearchMode.KEYWORD)));
    assertEquals(
        List.of("notes/a"),
        sources(texts.search(TextQuery.of("quetzal").mode(SearchMode.KEYWORD))));
    texts.delete("notes/a");
    assertEquals(List.of(), texts.search(TextQuery.of("quetzal").mode(SearchMode.KEYWORD)));
    texts.collection().deleteWhere(Filter.eq("section", "8"));
    assertEquals(List.of(), texts.search(TextQuery.of("ERR_4011").mode(SearchMode.KEYWORD)));
  }

  @Test
  void aCollectionWithoutKeywordIndexSaysSo() {
    store.createCollection(
        "vectors-only", CollectionConfig.builder(384).embedder("hashing-384").build());
    TextCollection plain = store.textCollection("vectors-only", Embedder.byName("hashing"));
    plain.upsert("x", "some words about ERR_4012", Map.of());
    assertEquals("x", plain.search("words", 1, null).get(0).sourceId(), "default: dense");
    for (SearchMode mode : List.of(SearchMode.KEYWORD, SearchMode.HYBRID)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> plain.search(TextQuery.of("ERR_4012").mode(mode)));
      assertTrue(e.getMessage().contains("'vectors-only'"), e.getMessage());
      assertTrue(e.getMessage().contains("no keyword index"), e.getMessage());
    }
  }

  @Test
  void theQueryCacheAnswersRepeatsUntilAWrite() {
    TextQuery q = TextQuery.of("scheduling jobs with cron").limit(4);
    List<TextHit> first = texts.search(q);
    TextCollection.CacheStats s0 = texts.queryCacheStats();
    List<TextHit> again = texts.search(q);
    TextCollection.CacheStats s1 = texts.queryCacheStats();
    assertEquals(first, again);
    assertEquals(s0.hits() + 1, s1.hits());
    // the same words in another order embed differently but analyze alike
    texts.search(TextQuery.of("Scheduling jobs with cron.").limit(4));
    // another identifier never shares results, however alike the embeddings
    List<TextHit> e10 = texts.search(TextQuery.of("exit code ERR_4010").limit(3));
    List<TextHit> e11 = texts.search(TextQuery.of("exit code ERR_4011").limit(3));
    assertEquals("man/tool0", e10.get(0).sourceId());
    assertEquals("man/tool1", e11.get(0).sourceId());
    // another limit, filter or mode is another key
    TextCollection.CacheStats s2 = texts.queryCacheStats();
    texts.search(q.limit(5));
    texts.search(q.filter(Filter.eq("section", "1")));
    texts.search(q.mode(SearchMode.DENSE));
    assertEquals(s2.hits(), texts.queryCacheStats().hits());
    // any write invalidates
    texts.upsert("man/new", "Scheduling jobs with cron, at and batch.", Map.of("section", "1"));
    List<TextHit> after = texts.search(q);
    assertEquals(s2.hits(), texts.queryCacheStats().hits(), "a miss after the write");
    assertTrue(sources(after).contains("man/new"));
    assertEquals(after, texts.search(q));
    assertTrue(texts.queryCacheStats().entries() > 0);
  }

  @Test
  void expansionRunsAndKeepsTheFilter() {
    TextQuery q =
        TextQuery.of("gzip archives").expand(true).filter(Filter.eq("section", "8")).limit(5);
    for (SearchMode mode : SearchMode.values()) {
      List<TextHit> hits = texts.search(q.mode(mode));
      assertTrue(!hits.isEmpty(), mode.toString());
      assertTrue(hits.stream().allMatch(h -> "8".equals(h.payload().get("section"))));
    }
    assertEquals(
        "man/tool1",
        texts.search(TextQuery.of("gzip").mode(SearchMode.KEYWORD).expand(true)).get(0).sourceId());
  }

  @Test
  void keywordResultsAgreeWithAFreshIndexOfTheSameTexts() {
    // edits, deletes and re-inserts, then the same texts into a new collection: same results
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < TOPICS.length; i += 2) {
        texts.upsert("man/tool" + i, page((i + round) % TOPICS.length), Map.of("section", "1"));
      }
      texts.delete("man/tool3");
    }
    TextCollection fresh = store.textCollection("fresh", Embedder.byName("hashing"), 300, 60);
    for (int i = 0; i < TOPICS.length; i++) {
      if (i != 3) {
        int shown = i % 2 == 0 ? (i + 2) % TOPICS.length : i;
        fresh.upsert("man/tool" + i, page(shown), Map.of("section", i % 2 == 0 ? "1" : "8"));
      }
    }
    for (String query : List.of("ERR_4012", "files", "program input large", "--opt-4x")) {
      TextQuery q = TextQuery.of(query).mode(SearchMode.KEYWORD).limit(100);
      List<String> got = sources(texts.search(q)).stream().distinct().sorted().toList();
      List<String> want = sources(fresh.search(q)).stream().distinct().sorted().toList();
      assertEquals(want, got, query);
    }
  }
}
