package dev.vectorizer.mcp;

import static dev.vectorizer.mcp.ToolSupport.confirm;
import static dev.vectorizer.mcp.ToolSupport.integer;
import static dev.vectorizer.mcp.ToolSupport.object;
import static dev.vectorizer.mcp.ToolSupport.prop;
import static dev.vectorizer.mcp.ToolSupport.tool;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionStats;
import dev.vectorizer.Filter;
import dev.vectorizer.Fusion;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.SearchMode;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import dev.vectorizer.VectorStore;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The collection, text and point tools. */
final class StoreTools {
  private final VectorStore store;
  private final Embedders embedders;

  StoreTools(VectorStore store, Embedders embedders) {
    this.store = store;
    this.embedders = embedders;
  }

  List<SyncToolSpecification> specifications() {
    Map<String, Object> name = prop("string", "The collection's name.");
    Map<String, Object> filter = JsonFilter.schema();
    Map<String, Object> limit = integer("How many hits (default 5).", 1, SearchRequest.MAX_LIMIT);
    return List.of(
        tool(
            "list_collections",
            "Lists the collections with their dimension, metric, embedder and point count.",
            object(Map.of()),
            a -> Map.of("collections", store.listCollections().stream().map(this::info).toList())),
        tool(
            "create_collection",
            "Creates a collection: for texts give an embedder (hashing, minilm...), for raw vectors"
                + " a dimension and optionally a metric.",
            object(
                Map.of(
                    "name", name,
                    "embedder", prop("string", "An embedder name: the collection holds texts."),
                    "dimension", integer("Vector dimension (without embedder).", 1, 16_384),
                    "metric",
                        Map.of(
                            "type",
                            "string",
                            "enum",
                            List.of("cosine", "dot", "euclidean"),
                            "description",
                            "How vectors compare (default cosine).")),
                "name"),
            this::create),
        tool(
            "collection_info",
            "Shows a collection's settings and counters.",
            object(Map.of("name", name), "name"),
            a -> info(a.string("name"))),
        tool(
            "drop_collection",
            "Deletes a collection and all its points. Needs confirm: true.",
            object(Map.of("name", name, "confirm", confirm()), "name", "confirm"),
            a -> {
              String n = a.string("name");
              a.requireConfirm("drop_collection of '" + n + "'");
              return Map.of("dropped", store.dropCollection(n));
            }),
        tool(
            "upsert_text",
            "Indexes documents (id, text, metadata) into a text collection, replacing documents"
                + " with the same id. All documents are checked before any is written.",
            object(
                Map.of(
                    "collection",
                    name,
                    "documents",
                    Map.of(
                        "type",
                        "array",
                        "minItems",
                        1,
                        "items",
                        object(
                            Map.of(
                                "id", prop("string", "The document's id."),
                                "text", prop("string", "The text."),
                                "metadata", prop("object", "A JSON object stored with the text.")),
                            "id",
                            "text"))),
                "collection",
                "documents"),
            this::upsertText),
        tool(
            "query_text",
            "Finds the chunks of a text collection that answer a query: by meaning (dense), by"
                + " exact words such as option names or error codes (keyword, BM25), or both"
                + " fused (hybrid, the default).",
            object(
                Map.of(
                    "collection", name,
                    "query", prop("string", "The question or text."),
                    "limit", limit,
                    "filter", filter,
                    "group", prop("boolean", "Best chunk per document only (default false)."),
                    "mode",
                        Map.of(
                            "type",
                            "string",
                            "enum",
                            List.of("dense", "keyword", "hybrid"),
                            "description",
                            "dense (meaning), keyword (exact words) or hybrid (both; default)."),
                    "fusion",
                        Map.of(
                            "type",
                            "string",
                            "enum",
                            List.of("weighted", "rrf", "dbsf"),
                            "description",
                            "How hybrid mode merges the two lists (default weighted).")),
                "collection",
                "query"),
            this::queryText),
        tool(
            "search_vectors",
            "Finds the points nearest to a vector.",
            object(
                Map.of(
                    "collection", name,
                    "vector", Map.of("type", "array", "items", Map.of("type", "number")),
                    "limit", limit,
                    "filter", filter),
                "collection",
                "vector"),
            this::searchVectors),
        tool(
            "delete_points",
            "Deletes points by ids or by filter (a document of a text collection is the points"
                + " whose source is its id). Needs confirm: true.",
            object(
                Map.of(
                    "collection",
                    name,
                    "ids",
                    Map.of("type", "array", "items", Map.of("type", "string")),
                    "filter",
                    filter,
                    "confirm",
                    confirm()),
                "collection",
                "confirm"),
            this::deletePoints));
  }

  private Map<String, Object> info(String name) {
    Collection c = store.collection(name);
    CollectionConfig config = c.config();
    CollectionStats stats = c.stats();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put("dimension", config.dimension());
    out.put("metric", config.metric().name().toLowerCase(java.util.Locale.ROOT));
    if (config.embedder() != null) {
      out.put("embedder", config.embedder());
    }
    out.put("points", stats.points());
    out.put("segments", stats.segments());
    return out;
  }

  private Object create(Args a) {
    String n = a.string("name");
    String embedderName = a.optionalString("embedder");
    if (store.hasCollection(n)) {
      throw new IllegalArgumentException("a collection named '" + n + "' already exists");
    }
    if (embedderName != null) {
      if (a.raw("dimension") != null) {
        throw new IllegalArgumentException(
            "give either an embedder or a dimension: the embedder sets the dimension");
      }
      store.textCollection(n, embedders.byName(embedderName));
    } else {
      if (a.raw("dimension") == null) {
        throw new IllegalArgumentException(
            "argument 'dimension' is needed without an embedder (or give 'embedder')");
      }
      int dimension = a.integer("dimension", 0, 1, CollectionConfig.MAX_DIMENSION);
      String metric = a.optionalString("metric");
      store.createCollection(
          n,
          CollectionConfig.builder(dimension)
              .metric(metric == null ? Metric.COSINE : Metric.parse(metric))
              .build());
    }
    return info(n);
  }

  private TextCollection texts(String name) {
    Collection c = store.collection(name);
    String recorded = c.config().embedder();
    if (recorded == null) {
      throw new IllegalArgumentException(
          "collection '" + name + "' holds vectors, not texts: use search_vectors");
    }
    return store.textCollection(name, embedders.forRecordedId(name, recorded));
  }

  private Object upsertText(Args a) {
    TextCollection texts = texts(a.string("collection"));
    List<Document> documents = new ArrayList<>();
    List<?> raw = a.list("documents");
    for (int i = 0; i < raw.size(); i++) {
      documents.add(Document.parse(raw.get(i), i));
    }
    int chunks = 0;
    for (Document d : documents) {
      chunks += texts.upsert(d.id(), d.text(), d.metadata());
    }
    return Map.of("documents", documents.size(), "chunks", chunks);
  }

  private Object queryText(Args a) {
    TextCollection texts = texts(a.string("collection"));
    String query = a.string("query");
    int limit = a.integer("limit", 5, 1, SearchRequest.MAX_LIMIT);
    Filter filter = filter(a);
    TextQuery q = TextQuery.of(query).limit(limit).filter(filter);
    String mode = a.optionalString("mode");
    if (mode != null) {
      q = q.mode(SearchMode.parse(mode));
    }
    String fusion = a.optionalString("fusion");
    if (fusion != null) {
      q = q.fusion(Fusion.parse(fusion));
    }
    List<TextHit> hits = a.bool("group", false) ? texts.searchGrouped(q) : texts.search(q);
    List<Map<String, Object>> out = new ArrayList<>();
    for (TextHit h : hits) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", h.sourceId());
      m.put("chunk", h.chunk());
      m.put("score", h.score());
      if (h.dense() != null) {
        m.put("dense_rank", h.dense().rank());
      }
      if (h.keyword() != null) {
        m.put("keyword_rank", h.keyword().rank());
      }
      m.put("text", h.text());
      m.put("metadata", h.payload());
      out.add(m);
    }
    return Map.of("hits", out);
  }

  private Object searchVectors(Args a) {
    Collection c = store.collection(a.string("collection"));
    List<?> raw = a.list("vector");
    float[] vector = new float[raw.size()];
    for (int i = 0; i < vector.length; i++) {
      if (!(raw.get(i) instanceof Number n)) {
        throw new IllegalArgumentException(
            "vector[" + i + "] must be a number, got " + Args.describe(raw.get(i)));
      }
      vector[i] = n.floatValue();
    }
    SearchRequest request =
        SearchRequest.of(vector)
            .limit(a.integer("limit", 5, 1, SearchRequest.MAX_LIMIT))
            .filter(filter(a));
    List<Map<String, Object>> out = new ArrayList<>();
    for (Hit h : c.search(request)) {
      out.add(Map.of("id", h.id(), "score", h.score(), "payload", h.payload()));
    }
    return Map.of("hits", out);
  }

  private Object deletePoints(Args a) {
    Collection c = store.collection(a.string("collection"));
    boolean byIds = a.raw("ids") != null;
    boolean byFilter = a.raw("filter") != null;
    if (byIds == byFilter) {
      throw new IllegalArgumentException("give exactly one of 'ids' and 'filter'");
    }
    List<String> ids = new ArrayList<>();
    if (byIds) {
      for (Object id : a.list("ids")) {
        if (!(id instanceof String s)) {
          throw new IllegalArgumentException("ids must be strings, got " + Args.describe(id));
        }
        ids.add(dev.vectorizer.Point.checkId(s));
      }
    }
    Filter filter = filter(a);
    a.requireConfirm("delete_points in '" + c.name() + "'");
    long deleted = byIds ? c.delete(ids) : c.deleteWhere(java.util.Objects.requireNonNull(filter));
    return Map.of("deleted", deleted);
  }

  private static @Nullable Filter filter(Args a) {
    Object raw = a.raw("filter");
    return raw == null ? null : JsonFilter.parse(raw);
  }

  /** The payload fields a text collection sets on each chunk (see TextCollection). */
  private static final List<String> CHUNK_FIELDS =
      List.of("source", "chunk", "chunks", "start", "end", "text");

  /** One document of upsert_text, checked before anything is written. */
  private record Document(String id, String text, Map<String, Object> metadata) {
    static Document parse(Object raw, int index) {
      if (!(raw instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException(
            "documents[" + index + "] must be an object, got " + Args.describe(raw));
      }
      @SuppressWarnings("unchecked")
      Args d = new Args((Map<String, Object>) map);
      String id = dev.vectorizer.Point.checkId(d.string("id"));
      Object text = d.raw("text");
      if (!(text instanceof String s)) {
        throw new IllegalArgumentException(
            "documents[" + index + "].text must be a string, got " + Args.describe(text));
      }
      Object metadata = d.raw("metadata");
      if (metadata != null && !(metadata instanceof Map<?, ?>)) {
        throw new IllegalArgumentException(
            "documents[" + index + "].metadata must be an object, got " + Args.describe(metadata));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = metadata == null ? Map.of() : (Map<String, Object>) metadata;
      for (String reserved : CHUNK_FIELDS) {
        if (m.containsKey(reserved)) {
          throw new IllegalArgumentException(
              "documents["
                  + index
                  + "].metadata uses '"
                  + reserved
                  + "', a field text collections set on every chunk: rename it");
        }
      }
      // Validates keys and values the way the store will, before anything is written.
      dev.vectorizer.Point.of(id, new float[] {1}, m);
      return new Document(id, s, m);
    }
  }
}
