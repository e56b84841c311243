package dev.vectorizer.bench;

import dev.vectorizer.Durability;
import dev.vectorizer.Embedder;
import dev.vectorizer.Fusion;
import dev.vectorizer.KeywordConfig;
import dev.vectorizer.Point;
import dev.vectorizer.SearchMode;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The IR benchmark ({@code ir}): a folder of documents and a question file (kind, expected
 * document, question) give hits@1, hits@3, MRR@10 and nDCG@10 per question kind for every search
 * mode and fusion method, next to Lucene's own BM25 on the same chunks; then latency (p50/p99,
 * query embedding excluded), the keyword branch's speed and top-10 overlap against Lucene, and the
 * query cache's hit time. Timed parts run in rounds with the systems in a new random order each
 * round; medians and spreads are over rounds.
 *
 * <pre>
 * scripts/ir-corpus.sh /tmp/ir-corpus
 * java --add-modules jdk.incubator.vector -jar vectorizer-bench/target/vectorizer-bench.jar \
 *   ir --dir /tmp/ir-corpus [--questions FILE] [--embedder minilm] [--data DIR] [--rounds 3]
 * </pre>
 *
 * <p>Documents are identified by their path under {@code --dir} without {@code .txt}. With {@code
 * --data DIR} the indexed store is kept and reused by the next run.
 */
final class IrBench {
  private IrBench() {}

  /** A question. */
  record Question(String kind, String expected, String text) {}

  /** A system under test: a name and a search returning documents, best first. */
  interface System {
    String name();

    List<String> documents(Question q) throws IOException;

    /** The timed call: the system's top 10 (chunks). */
    void timed(Question q) throws IOException;
  }

  static void run(Args a) throws Exception {
    Path corpus = Path.of(a.required("dir"));
    List<Question> questions = questions(a.get("questions", null));
    Embedder model = Embedder.byName(a.get("embedder", "minilm"));
    int rounds = a.integer("rounds", 3);
    Path data =
        a.has("data") ? Path.of(a.get("data", "")) : Files.createTempDirectory("vectorizer-ir");
    MemoEmbedder embedder = new MemoEmbedder(model);
    java.lang.System.setProperty("vectorizer.text.cacheSimilarity", "2"); // searches, not hits
    try (VectorStore store = VectorStore.builder(data).durability(Durability.NONE).open()) {
      TextCollection texts = store.textCollection("ir", embedder);
      List<String> sources = index(texts, corpus);
      store.checkpoint(); // the next run opens segment files instead of replaying the log
      List<LuceneBm25.Chunk> chunks = chunks(texts, sources);
      java.lang.System.out.printf(
          Locale.ROOT,
          "corpus: %d documents, %d chunks (%s, window %d tokens); %d questions%n",
          sources.size(),
          chunks.size(),
          model.id(),
          model.maxInputTokens(),
          questions.size());
      for (Question q : questions) {
        embedder.embedQuery(q.text()); // embedding is not part of the timed searches
      }
      KeywordConfig kc = texts.collection().config().keyword();
      try (LuceneBm25 lucene = new LuceneBm25(kc, chunks)) {
        List<System> systems = systems(texts, lucene, a.flag("explore"));
        Map<String, Map<String, double[]>> quality = new LinkedHashMap<>();
        for (System s : systems) {
          quality.put(s.name(), IrMetrics.score(s, questions));
        }
        IrMetrics.printQuality(quality);
        if (!a.flag("quality-only")) {
          IrTiming.run(systems, questions, rounds, texts, lucene, chunks.size());
        }
      }
    }
  }

  private static List<System> systems(TextCollection texts, LuceneBm25 lucene, boolean explore) {
    List<System> out = new ArrayList<>();
    out.add(ours(texts, "dense", TextQuery::of, SearchMode.DENSE, null));
    out.add(ours(texts, "dense+rocchio", expand(), SearchMode.DENSE, "rocchio"));
    out.add(ours(texts, "keyword", TextQuery::of, SearchMode.KEYWORD, null));
    out.add(ours(texts, "keyword+rm3", expand(), SearchMode.KEYWORD, "rm3"));
    out.add(
        new System() {
          @Override
          public String name() {
            return "lucene-bm25";
          }

          @Override
          public List<String> documents(Question q) throws IOException {
            LinkedHashSet<String> docs = new LinkedHashSet<>();
            for (String id : lucene.ids(q.text(), 200)) {
              docs.add(id.substring(0, id.lastIndexOf('#')));
              if (docs.size() == 10) {
                break;
              }
            }
            return new ArrayList<>(docs);
          }

          @Override
          public void timed(Question q) throws IOException {
            lucene.search(q.text(), 10);
          }
        });
    // the default: weighted fusion, weights from the query (equal, or 0.3/0.7 for exact tokens)
    out.add(ours(texts, "hybrid", TextQuery::of, SearchMode.HYBRID, null));
    for (Fusion f : List.of(Fusion.rrf(), Fusion.dbsf())) {
      out.add(
          ours(
              texts,
              "hybrid-" + f.method().name().toLowerCase(Locale.ROOT),
              t -> TextQuery.of(t).fusion(f),
              SearchMode.HYBRID,
              null));
    }
    for (Fusion f : List.of(Fusion.weighted(), Fusion.rrf(), Fusion.dbsf())) {
      Fusion equal = f.withWeights(1, 1); // static: the same weights for every query
      out.add(
          ours(
              texts,
              "hybrid-" + f.method().name().toLowerCase(Locale.ROOT) + " 1:1",
              t -> TextQuery.of(t).fusion(equal),
              SearchMode.HYBRID,
              null));
    }
    out.add(ours(texts, "hybrid+rm3", expand(), SearchMode.HYBRID, "rm3"));
    out.add(ours(texts, "hybrid+rocchio", expand(), SearchMode.HYBRID, "rocchio"));
    if (explore) { // fusion settings around the defaults, and fewer candidates per branch
      for (double w : new double[] {0.3, 0.4, 0.6, 0.7}) {
        Fusion f = Fusion.weighted(w, 1 - w);
        out.add(
            ours(
                texts,
                "weighted" + f.toString().substring(8),
                t -> TextQuery.of(t).fusion(f),
                SearchMode.HYBRID,
                null));
        Fusion d = Fusion.dbsf().withWeights(w, 1 - w);
        out.add(ours(texts, d.toString(), t -> TextQuery.of(t).fusion(d), SearchMode.HYBRID, null));
      }
      for (int k : new int[] {5, 10, 20}) {
        out.add(
            ours(
                texts,
                "rrf(k=" + k + ")",
                t -> TextQuery.of(t).fusion(Fusion.rrf(k)),
                SearchMode.HYBRID,
                null));
      }
      for (int c : new int[] {10, 20, 30, 100}) {
        out.add(
            ours(
                texts,
                "hybrid c=" + c,
                t -> TextQuery.of(t).candidates(c),
                SearchMode.HYBRID,
                null));
        out.add(
            ours(
                texts,
                "weighted c=" + c,
                t -> TextQuery.of(t).fusion(Fusion.weighted()).candidates(c),
                SearchMode.HYBRID,
                null));
        out.add(
            ours(
                texts,
                "rrf c=" + c,
                t -> TextQuery.of(t).fusion(Fusion.rrf()).candidates(c),
                SearchMode.HYBRID,
                null));
      }
    }
    return out;
  }

  private static java.util.function.Function<String, TextQuery> expand() {
    return t -> TextQuery.of(t).expand(true);
  }

  private static System ours(
      TextCollection texts,
      String name,
      java.util.function.Function<String, TextQuery> query,
      SearchMode mode,
      String expansion) {
    return new System() {
      @Override
      public String name() {
        return name;
      }

      private TextQuery q(Question q) {
        if (expansion != null) {
          java.lang.System.setProperty("vectorizer.text.expansion", expansion);
        }
        return query.apply(q.text()).mode(mode);
      }

      @Override
      public List<String> documents(Question q) {
        return texts.searchGrouped(q(q).limit(10)).stream().map(TextHit::sourceId).toList();
      }

      @Override
      public void timed(Question q) {
        texts.search(q(q).limit(10));
      }
    };
  }

  /** Indexes every document not indexed yet; returns the document ids, sorted. */
  private static List<String> index(TextCollection texts, Path corpus) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(corpus)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    List<String> ids = new ArrayList<>();
    long start = java.lang.System.nanoTime();
    int indexed = 0;
    for (Path f : files) {
      String rel = corpus.relativize(f).toString().replace('\\', '/');
      String id = rel.endsWith(".txt") ? rel.substring(0, rel.length() - 4) : rel;
      ids.add(id);
      if (texts.collection().get(id + "#0").isEmpty()) {
        texts.upsert(id, Files.readString(f, StandardCharsets.UTF_8), Map.of());
        indexed++;
      }
    }
    if (indexed > 0) {
      java.lang.System.out.printf(
          Locale.ROOT,
          "indexed %d documents in %.1f s%n",
          indexed,
          (java.lang.System.nanoTime() - start) / 1e9);
    }
    return ids;
  }

  /** The chunks as stored (through the public API: chunk 0 records the count). */
  private static List<LuceneBm25.Chunk> chunks(TextCollection texts, List<String> sources) {
    List<LuceneBm25.Chunk> out = new ArrayList<>();
    for (String s : sources) {
      Optional<Point> first = texts.collection().get(s + "#0");
      int n = first.map(p -> ((Number) p.payload().get("chunks")).intValue()).orElse(0);
      for (int i = 0; i < n; i++) {
        Point p = texts.collection().get(s + "#" + i).orElseThrow();
        out.add(new LuceneBm25.Chunk(s + "#" + i, (String) p.payload().get("text")));
      }
    }
    return out;
  }

  static List<Question> questions(String file) throws IOException {
    List<String> lines;
    if (file == null) {
      try (var in = IrBench.class.getResourceAsStream("/ir/questions.tsv")) {
        lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      }
    } else {
      lines = Files.readAllLines(Path.of(file));
    }
    List<Question> out = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length != 3) {
        throw new IllegalArgumentException("question line needs kind, document, text: " + line);
      }
      out.add(new Question(f[0], f[1], f[2]));
    }
    return out;
  }

  /** Shuffles a copy. */
  static <T> List<T> shuffled(List<T> list, Random r) {
    List<T> copy = new ArrayList<>(list);
    Collections.shuffle(copy, r);
    return copy;
  }

  /** Caches query embeddings, so that timed searches exclude the model. */
  static final class MemoEmbedder implements Embedder {
    private final Embedder model;
    private final Map<String, float[]> queries = new java.util.concurrent.ConcurrentHashMap<>();

    MemoEmbedder(Embedder model) {
      this.model = model;
    }

    @Override
    public String id() {
      return model.id();
    }

    @Override
    public int dimension() {
      return model.dimension();
    }

    @Override
    public int maxInputTokens() {
      return model.maxInputTokens();
    }

    @Override
    public int countTokens(String text) {
      return model.countTokens(text);
    }

    @Override
    public float[] embed(String text) {
      return model.embed(text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
      return model.embedAll(texts);
    }

    @Override
    public float[] embedQuery(String query) {
      return queries.computeIfAbsent(query, model::embedQuery).clone();
    }
  }
}
