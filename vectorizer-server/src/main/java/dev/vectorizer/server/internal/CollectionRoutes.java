package dev.vectorizer.server.internal;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionNotFoundException;
import dev.vectorizer.CollectionStats;
import dev.vectorizer.CollectionUnavailableException;
import dev.vectorizer.Embedder;
import dev.vectorizer.Filter;
import dev.vectorizer.Fusion;
import dev.vectorizer.KeywordConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.Quantization;
import dev.vectorizer.SearchMode;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import dev.vectorizer.VectorStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The collection routes (list, create, describe, drop) and the text routes (documents, query) over
 * the public API.
 *
 * <p>Thread-safe.
 */
final class CollectionRoutes {
  static final Set<String> CREATE_FIELDS =
      Set.of(
          "dimension",
          "metric",
          "max_degree",
          "beam_width",
          "neighbor_overflow",
          "alpha",
          "search_beam_width",
          "exact_search_threshold",
          "embedder",
          "analyzer");
  static final Set<String> DOCUMENTS_FIELDS = Set.of("documents", "chunk_size", "chunk_overlap");
  static final Set<String> DOCUMENT_FIELDS = Set.of("id", "text", "metadata");
  static final Set<String> QUERY_FIELDS =
      Set.of(
          "text",
          "limit",
          "filter",
          "group",
          "mode",
          "fusion",
          "weights",
          "rank_constant",
          "expand");

  private final VectorStore store;
  private final Embedders embedders;
  private final int maxBatch;
  private final int maxLimit;
  private final ServerMetrics metrics;

  CollectionRoutes(
      VectorStore store, Embedders embedders, int maxBatch, int maxLimit, ServerMetrics metrics) {
    this.store = store;
    this.embedders = embedders;
    this.maxBatch = maxBatch;
    this.maxLimit = maxLimit;
    this.metrics = metrics;
  }

  static String metricName(Metric m) {
    return switch (m) {
      case COSINE -> "cosine";
      case DOT_PRODUCT -> "dot";
      case EUCLIDEAN -> "euclidean";
    };
  }

  Reply list(Call c) {
    List<Object> out = new ArrayList<>();
    for (String name : store.listCollections()) {
      if (!Tenancy.visible(c.principal, name)) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", Tenancy.external(c.principal, name));
      Collection col;
      try {
        col = store.collection(name);
      } catch (CollectionNotFoundException e) {
        continue; // dropped meanwhile
      } catch (CollectionUnavailableException e) {
        m.put("unavailable", Tenancy.scrub(c.principal, e.getMessage()));
        out.add(m);
        continue; // its files failed their checks; the others are listed
      }
      m.put("dimension", col.config().dimension());
      m.put("metric", metricName(col.config().metric()));
      m.put("points", col.count());
      out.add(m);
    }
    return Reply.ok(Map.of("collections", out));
  }

  Reply create(Call c) {
    String name = c.collection();
    JsonBody b = c.json();
    if (!b.has("dimension") && !b.has("embedder")) {
      throw ApiException.badRequest(
          "'dimension' is required (or 'embedder' for a text collection)");
    }
    CollectionConfig.Builder config;
    try {
      if (b.has("embedder")) {
        Embedder e = embedders.byName(b.string("embedder", null));
        if (b.has("dimension") && b.integer("dimension", 0, 1, 1 << 20, null) != e.dimension()) {
          throw ApiException.badRequest(
              "'dimension' is "
                  + b.integer("dimension", 0, 1, 1 << 20, null)
                  + " but embedder '"
                  + b.string("embedder", null)
                  + "' makes vectors of "
                  + e.dimension()
                  + ": leave 'dimension' out");
        }
        if (b.has("metric") && Metric.parse(b.string("metric", null)) != Metric.COSINE) {
          throw ApiException.badRequest("text collections use the cosine metric");
        }
        config =
            CollectionConfig.builder(e.dimension())
                .metric(Metric.COSINE)
                .embedder(e.id())
                .keyword(
                    KeywordConfig.builder()
                        .analyzer(KeywordConfig.Analyzer.parse(b.string("analyzer", "english")))
                        .build());
      } else {
        if (b.has("analyzer")) {
          throw ApiException.badRequest(
              "'analyzer' is for text collections: give an 'embedder' too");
        }
        config =
            CollectionConfig.builder(
                    b.integer("dimension", -1, 1, CollectionConfig.MAX_DIMENSION, null))
                .metric(Metric.parse(b.string("metric", "cosine")));
      }
      CollectionConfig d = config.build();
      config
          .maxDegree(b.integer("max_degree", d.maxDegree(), 2, 512, null))
          .beamWidth(b.integer("beam_width", d.beamWidth(), 1, 4096, null))
          .searchBeamWidth(
              b.integer(
                  "search_beam_width", d.searchBeamWidth(), 1, SearchRequest.MAX_BEAM_WIDTH, null))
          .exactSearchThreshold(
              b.integer("exact_search_threshold", d.exactSearchThreshold(), 0, 10_000_000, null))
          .quantization(Quantization.parse(b.string("quantization", "none")));
      Float alpha = b.optionalFloat("alpha");
      if (alpha != null) {
        config.alpha(alpha);
      }
      Float overflow = b.optionalFloat("neighbor_overflow");
      if (overflow != null) {
        config.neighborOverflow(overflow);
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    Collection col = store.createCollection(name, config.build());
    return Reply.created(describe(c.principal, col));
  }

  Reply get(Call c) {
    return Reply.ok(describe(c.principal, store.collection(c.collection())));
  }

  Reply drop(Call c) {
    String name = c.collection();
    if (!store.dropCollection(name)) {
      throw new CollectionNotFoundException(name);
    }
    return Reply.ok(Map.of("dropped", Tenancy.external(c.principal, name)));
  }

  static Map<String, Object> describe(Principal p, Collection col) {
    CollectionConfig cfg = col.config();
    CollectionStats s = col.stats();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", Tenancy.external(p, col.name()));
    m.put("dimension", cfg.dimension());
    m.put("metric", metricName(cfg.metric()));
    if (cfg.embedder() != null) {
      m.put("embedder", cfg.embedder());
    }
    if (cfg.keyword() != null) {
      m.put(
          "analyzer",
          cfg.keyword().analyzer().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
    m.put("max_degree", cfg.maxDegree());
    m.put("beam_width", cfg.beamWidth());
    m.put("neighbor_overflow", cfg.neighborOverflow());
    m.put("alpha", cfg.alpha());
    m.put("search_beam_width", cfg.searchBeamWidth());
    m.put("exact_search_threshold", cfg.exactSearchThreshold());
    m.put("quantization", cfg.quantization().name().toLowerCase(java.util.Locale.ROOT));
    m.put("points", s.points());
    m.put("deleted_points", s.deletedPoints());
    m.put("segments", s.segments());
    m.put("graph_nodes", s.graphNodes());
    m.put("graph_searches", s.graphSearches());
    m.put("exact_searches", s.exactSearches());
    m.put("compactions", s.compactions());
    m.put("kernels", s.kernels());
    return m;
  }

  private TextCollection text(Call c, int chunkSize, int chunkOverlap) {
    String name = c.collection();
    Collection col = store.collection(name);
    String recorded = col.config().embedder();
    if (recorded == null) {
      throw new ApiException(
          409,
          "not_a_text_collection",
          "collection '"
              + c.auditCollection
              + "' holds vectors, not texts: create it with an 'embedder' to use documents and"
              + " query");
    }
    return store.textCollection(name, embedders.forRecordedId(recorded), chunkSize, chunkOverlap);
  }

  Reply documents(Call c) {
    JsonBody b = c.json();
    int chunkSize = b.integer("chunk_size", TextCollection.DEFAULT_CHUNK_SIZE, 50, 100_000, null);
    int overlap =
        b.integer(
            "chunk_overlap",
            Math.min(TextCollection.DEFAULT_CHUNK_OVERLAP, chunkSize / 2),
            0,
            chunkSize / 2,
            null);
    List<com.fasterxml.jackson.databind.JsonNode> docs = b.array("documents", maxBatch);
    List<JsonBody> parsed = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      parsed.add(JsonBody.of(docs.get(i), "documents[" + i + "]", DOCUMENT_FIELDS));
    }
    TextCollection texts = text(c, chunkSize, overlap);
    long chunks = 0;
    for (JsonBody d : parsed) {
      String id = d.string("id", null);
      String text = d.string("text", null);
      try {
        chunks += texts.upsert(id, text, d.object("metadata"));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("document '" + id + "': " + e.getMessage());
      }
    }
    return Reply.ok(Map.of("documents", parsed.size(), "chunks", chunks));
  }

  Reply query(Call c) {
    JsonBody b = c.json();
    String text = b.string("text", null);
    if (text.isBlank()) {
      throw ApiException.badRequest("'text' is blank");
    }
    int limit = b.integer("limit", 5, 1, maxLimit, "max_limit");
    Filter filter = b.has("filter") ? FilterJson.parse(b.raw("filter"), "filter") : null;
    boolean group = b.bool("group", false);
    TextQuery query =
        TextQuery.of(text).limit(limit).filter(filter).expand(b.bool("expand", false));
    try {
      if (b.has("mode")) {
        query = query.mode(SearchMode.parse(b.string("mode", null)));
      }
      Fusion fusion = query.fusion();
      if (b.has("fusion")) {
        fusion = Fusion.parse(b.string("fusion", null));
      }
      if (b.has("rank_constant")) {
        if (fusion.method() != Fusion.Method.RRF) {
          throw ApiException.badRequest("'rank_constant' is for \"fusion\": \"rrf\" only");
        }
        fusion =
            Fusion.rrf(b.integer("rank_constant", Fusion.DEFAULT_RANK_CONSTANT, 1, 1 << 20, null));
      }
      if (b.has("weights")) {
        fusion = fusion.withWeights(weights(b));
      }
      query = query.fusion(fusion);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    TextCollection texts =
        text(c, TextCollection.DEFAULT_CHUNK_SIZE, TextCollection.DEFAULT_CHUNK_OVERLAP);
    long start = System.nanoTime();
    List<TextHit> hits = group ? texts.searchGrouped(query) : texts.search(query);
    metrics.store().recordSearch(texts.collection().name(), System.nanoTime() - start);
    List<Object> out = new ArrayList<>(hits.size());
    for (TextHit h : hits) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", h.sourceId());
      m.put("chunk", h.chunk());
      m.put("start", h.start());
      m.put("end", h.end());
      m.put("score", h.score());
      m.put("dense", branch(h.dense()));
      m.put("keyword", branch(h.keyword()));
      m.put("text", h.text());
      m.put("metadata", h.payload());
      out.add(m);
    }
    return Reply.ok(Map.of("hits", out));
  }

  /** The fusion weights: two numbers, dense then keyword. */
  private static double[] weights(JsonBody b) {
    com.fasterxml.jackson.databind.JsonNode raw = b.raw("weights");
    if (!raw.isArray() || raw.size() != 2) {
      throw ApiException.badRequest(
          "'weights' must be two numbers (dense, keyword), e.g. [0.7, 0.3], got " + raw);
    }
    double[] w = new double[2];
    for (int i = 0; i < w.length; i++) {
      com.fasterxml.jackson.databind.JsonNode x = raw.get(i);
      if (!x.isNumber()) {
        throw ApiException.badRequest(
            "'weights[" + i + "]' must be a number, got " + JsonBody.kind(x));
      }
      w[i] = x.doubleValue();
    }
    return w;
  }

  private static Map<String, Object> branch(TextHit.Branch b) {
    if (b == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rank", b.rank());
    m.put("score", b.score());
    return m;
  }
}
