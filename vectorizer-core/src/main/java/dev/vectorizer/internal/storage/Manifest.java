package dev.vectorizer.internal.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorizer.CollectionConfig;
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
 * "exactSearchThreshold", "embedder" (optional), "quantization" (optional, NONE when absent)},
 * "lsn", "nextSegmentId", "segments": [{"id", "count", "bytes", "deletedGeneration"}]}}.
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
   */
  public record SegmentEntry(long id, int count, long bytes, int deletedGeneration) {}

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
    root.put("lsn", lsn);
    root.put("nextSegmentId", nextSegmentId);
    ArrayNode segs = root.putArray("segments");
    for (SegmentEntry s : segments) {
      ObjectNode n = segs.addObject();
      n.put("id", s.id());
      n.put("count", s.count());
      n.put("bytes", s.bytes());
      n.put("deletedGeneration", s.deletedGeneration());
    }
    byte[] json = JSON.writeValueAsBytes(root);
    ChecksummedWriter.writeAtomically(
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
      JsonNode root = JSON.readTree(r.blob());
      try {
        JsonNode c = root.required("config");
        CollectionConfig config =
            CollectionConfig.builder(c.required("dimension").intValue())
                .metric(Metric.valueOf(c.required("metric").textValue()))
                .maxDegree(c.required("maxDegree").intValue())
                .beamWidth(c.required("beamWidth").intValue())
                .neighborOverflow(c.required("neighborOverflow").floatValue())
                .alpha(c.required("alpha").floatValue())
                .searchBeamWidth(c.required("searchBeamWidth").intValue())
                .exactSearchThreshold(c.required("exactSearchThreshold").intValue())
                .embedder(c.hasNonNull("embedder") ? c.get("embedder").textValue() : null)
                .quantization(
                    c.hasNonNull("quantization")
                        ? Quantization.valueOf(c.get("quantization").textValue())
                        : Quantization.NONE)
                .build();
        List<SegmentEntry> segments = new ArrayList<>();
        for (JsonNode s : root.required("segments")) {
          segments.add(
              new SegmentEntry(
                  s.required("id").longValue(),
                  s.required("count").intValue(),
                  s.required("bytes").longValue(),
                  s.required("deletedGeneration").intValue()));
        }
        return new Manifest(
            root.required("name").textValue(),
            config,
            root.required("lsn").longValue(),
            root.required("nextSegmentId").longValue(),
            segments);
      } catch (IllegalArgumentException e) {
        throw r.corrupted("manifest content is invalid: " + e.getMessage());
      }
    }
  }
}
