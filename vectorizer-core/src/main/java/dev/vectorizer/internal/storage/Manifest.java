package dev.vectorizer.internal.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.KeywordConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.Quantization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A collection's manifest: its configuration, the sealed segments that hold its data with their
 * current deletion generations, and the LSN up to which those files cover the write-ahead log.
 * Replaced atomically (write {@code MANIFEST.tmp}, fsync, rename over {@code MANIFEST}, fsync the
 * directory), so an open always sees one whole manifest.
 *
 * <p>Format, version 1: magic {@code VZMF}, int version, int length + UTF-8 JSON, int CRC32C of
 * everything before, magic {@code VZME}. The JSON: {@code {"name", "config": {"dimension",
 * "metric", "maxDegree", "beamWidth", "neighborOverflow", "alpha", "searchBeamWidth",
 * "exactSearchThreshold", "embedder" (optional), "quantization" (optional, NONE when absent),
 * "keyword" (optional: {"analyzer", "identifiers", "k1", "b"})}, "lsn", "nextSegmentId",
 * "segments": [{"id", "count", "bytes", "deletedGeneration", "postingsBytes" (optional: the size of
 * the segment's keyword postings file, {@link PostingsFile}), "newerThanLsn" (optional)}]}}.
 *
 * <p>{@code newerThanLsn}, written only when it is above {@code lsn}: the segment came from a bulk
 * load committed when the log ended at that LSN, so its points replace every logged write up to it
 * (replay must not let such a write override them). Readers that ignore it would replay those
 * writes over the bulk load; builds before this field existed were never released.
 *
 * @param name the collection's name
 * @param config its configuration
 * @param lsn the last LSN the segments cover
 * @param nextSegmentId the id of the next segment to write
 * @param segments the live segments, oldest first
 */
public record Manifest(
    String name,
    CollectionConfig config,
    long lsn,
    long nextSegmentId,
    List<SegmentEntry> segments) {
  /** The file name. */
  public static final String FILE = "MANIFEST";

  static final String MAGIC = "VZMF";
  static final String END = "VZME";
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A segment in the manifest.
   *
   * @param id its id
   * @param count its ordinals
   * @param bytes its file size
   * @param deletedGeneration its current deletion file (0 = none)
   * @param postingsBytes the size of its keyword postings file (0 = it has none)
   * @param newerThanLsn logged writes up to this LSN are older than the segment's points (0 when
   *     the manifest's LSN covers the segment, as it does for every segment a checkpoint wrote)
   */
  public record SegmentEntry(
      long id,
      int count,
      long bytes,
      int deletedGeneration,
      long postingsBytes,
      long newerThanLsn) {
    /**
     * An entry of a segment without keyword postings, covered by the manifest's LSN.
     *
     * @param id its id
     * @param count its ordinals
     * @param bytes its file size
     * @param deletedGeneration its current deletion file (0 = none)
     */
    public SegmentEntry(long id, int count, long bytes, int deletedGeneration) {
      this(id, count, bytes, deletedGeneration, 0, 0);
    }
  }

  /** Copies the segment list. */
  public Manifest {
    segments = List.copyOf(segments);
  }

  /**
   * Writes this manifest atomically into a collection directory.
   *
   * @param dir the directory
   * @throws IOException on failure
   */
  public void write(Path dir) throws IOException {
    write(WalOutput.FILES, dir);
  }

  /**
   * Writes this manifest atomically into a collection directory through a factory.
   *
   * @param outputs opens the temporary file
   * @param dir the directory
   * @throws IOException on failure
   */
  public void write(WalOutput.Factory outputs, Path dir) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("name", name);
    ObjectNode c = root.putObject("config");
    c.put("dimension", config.dimension());
    c.put("metric", config.metric().name());
    c.put("maxDegree", config.maxDegree());
    c.put("beamWidth", config.beamWidth());
    c.put("neighborOverflow", config.neighborOverflow());
    c.put("alpha", config.alpha());
    c.put("searchBeamWidth", config.searchBeamWidth());
    c.put("exactSearchThreshold", config.exactSearchThreshold());
    if (config.embedder() != null) {
      c.put("embedder", config.embedder());
    }
    if (config.quantization() != Quantization.NONE) {
      c.put("quantization", config.quantization().name());
    }
    KeywordConfig kw = config.keyword();
    if (kw != null) {
      ObjectNode k = c.putObject("keyword");
      k.put("analyzer", kw.analyzer().name());
      k.put("identifiers", kw.identifiers());
      k.put("k1", kw.k1());
      k.put("b", kw.b());
    }
    root.put("lsn", lsn);
    root.put("nextSegmentId", nextSegmentId);
    ArrayNode segs = root.putArray("segments");
    for (SegmentEntry s : segments) {
      ObjectNode n = segs.addObject();
      n.put("id", s.id());
      n.put("count", s.count());
      n.put("bytes", s.bytes());
      n.put("deletedGeneration", s.deletedGeneration());
      if (s.postingsBytes() > 0) {
        n.put("postingsBytes", s.postingsBytes());
      }
      if (s.newerThanLsn() > lsn) {
        n.put("newerThanLsn", s.newerThanLsn());
      }
    }
    byte[] json = JSON.writeValueAsBytes(root);
    ChecksummedWriter.writeAtomically(
        outputs,
        dir.resolve(FILE + ".tmp"),
        dir.resolve(FILE),
        w -> {
          w.magic(MAGIC);
          w.i32(VERSION);
          w.blob(json);
        },
        END);
  }

  /**
   * Reads a collection's manifest.
   *
   * @param dir the collection directory
   * @return the manifest
   * @throws IOException on failure
   * @throws dev.vectorizer.CorruptedDataException naming the file when a check fails
   */
  public static Manifest read(Path dir) throws IOException {
    return read(FileOpener.DIRECT, dir);
  }

  /**
   * Reads a collection's manifest through an opener.
   *
   * @param opener opens the file
   * @param dir the collection directory
   * @return the manifest
   * @throws IOException on failure
   */
  public static Manifest read(FileOpener opener, Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    try (ChecksummedReader r = ChecksummedReader.open(opener, file, MAGIC, END, VERSION)) {
      JsonNode root;
      try {
        root = JSON.readTree(r.blob());
      } catch (JsonProcessingException e) {
        throw r.corrupted("manifest is not valid JSON: " + e.getOriginalMessage());
      } catch (IOException e) { // bytes that are no text at all (Jackson's encoding detection)
        throw r.corrupted("manifest is not valid JSON: " + e.getMessage());
      }
      try {
        return parse(root);
      } catch (IllegalArgumentException e) {
        throw r.corrupted("manifest content is invalid: " + e.getMessage());
      }
    }
  }

  /**
   * Reads the JSON; every missing, mistyped or out-of-range field is an IllegalArgumentException.
   */
  private static Manifest parse(JsonNode root) {
    JsonNode c = root.required("config");
    String metric = text(c, "metric");
    Metric m;
    try {
      m = Metric.valueOf(metric);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown metric '" + metric + "'");
    }
    CollectionConfig config =
        CollectionConfig.builder(integer(c, "dimension"))
            .metric(m)
            .maxDegree(integer(c, "maxDegree"))
            .beamWidth(integer(c, "beamWidth"))
            .neighborOverflow(number(c, "neighborOverflow"))
            .alpha(number(c, "alpha"))
            .searchBeamWidth(integer(c, "searchBeamWidth"))
            .exactSearchThreshold(integer(c, "exactSearchThreshold"))
            .embedder(c.hasNonNull("embedder") ? text(c, "embedder") : null)
            .quantization(quantization(c))
            .keyword(c.hasNonNull("keyword") ? keyword(c.get("keyword")) : null)
            .build();
    long nextSegmentId = natural(root, "nextSegmentId");
    List<SegmentEntry> segments = new ArrayList<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    JsonNode list = root.required("segments");
    if (!list.isArray()) {
      throw new IllegalArgumentException("'segments' is not a list");
    }
    for (JsonNode s : list) {
      SegmentEntry e =
          new SegmentEntry(
              natural(s, "id"),
              integer(s, "count"),
              natural(s, "bytes"),
              integer(s, "deletedGeneration"),
              s.hasNonNull("postingsBytes") ? natural(s, "postingsBytes") : 0,
              s.hasNonNull("newerThanLsn") ? natural(s, "newerThanLsn") : 0);
      if (e.count() < 0 || e.deletedGeneration() < 0) {
        throw new IllegalArgumentException("segment " + e.id() + " has a negative field: " + s);
      }
      if (e.id() >= nextSegmentId || !seen.add(e.id())) {
        throw new IllegalArgumentException(
            "segment id " + e.id() + " is repeated or not below nextSegmentId " + nextSegmentId);
      }
      segments.add(e);
    }
    return new Manifest(text(root, "name"), config, natural(root, "lsn"), nextSegmentId, segments);
  }

  private static Quantization quantization(JsonNode c) {
    if (!c.hasNonNull("quantization")) {
      return Quantization.NONE; // manifests written before quantization existed
    }
    String name = text(c, "quantization");
    try {
      return Quantization.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown quantization '" + name + "'");
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.required(field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' is not a text: " + v);
    }
    return v.textValue();
  }

  private static int integer(JsonNode n, String field) {
    JsonNode v = n.required(field);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new IllegalArgumentException("'" + field + "' is not a 32-bit integer: " + v);
    }
    return v.intValue();
  }

  private static long natural(JsonNode n, String field) {
    JsonNode v = n.required(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
      throw new IllegalArgumentException("'" + field + "' is not a whole number >= 0: " + v);
    }
    return v.longValue();
  }

  private static float number(JsonNode n, String field) {
    JsonNode v = n.required(field);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("'" + field + "' is not a number: " + v);
    }
    return v.floatValue();
  }

  private static KeywordConfig keyword(JsonNode k) {
    String analyzer = text(k, "analyzer");
    KeywordConfig.Analyzer a;
    try {
      a = KeywordConfig.Analyzer.valueOf(analyzer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown keyword analyzer '" + analyzer + "'");
    }
    JsonNode identifiers = k.required("identifiers");
    if (!identifiers.isBoolean()) {
      throw new IllegalArgumentException("'identifiers' is not true or false: " + identifiers);
    }
    return KeywordConfig.builder()
        .analyzer(a)
        .identifiers(identifiers.booleanValue())
        .k1(number(k, "k1"))
        .b(number(k, "b"))
        .build();
  }
}
