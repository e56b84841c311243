package dev.vectorizer.backup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionSnapshot;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes one archive (format in {@link Archive}) from a pinned snapshot: the manifest, its
 * checksum, then the files the parent chain lacks. The archive goes to a temporary file that is
 * forced to disk; the caller renames it into place.
 */
final class ArchiveWriter {
  private ArchiveWriter() {}

  /** What was written: the manifest and the archive file's SHA-256. */
  record Written(ObjectNode manifest, String sha256) {}

  static Written write(
      CollectionSnapshot snap,
      String id,
      String storeId,
      BackupManifest parent,
      Instant createdAt,
      Path tmp,
      boolean compress,
      Archive.Output output)
      throws IOException {
    Map<String, BackupManifest.StateFile> parentState = parent == null ? Map.of() : parent.state();
    ObjectNode m = Archive.JSON.createObjectNode();
    m.put("format", Archive.FORMAT);
    m.put("id", id);
    m.put("type", parent == null ? "full" : "incremental");
    m.put("parent", parent == null ? null : parent.id());
    m.put("createdAt", createdAt.toString());
    m.put("collection", snap.collection());
    if (storeId != null) {
      m.put("store", storeId);
    }
    putConfig(m.putObject("config"), snap.config());
    m.put("lsn", snap.lsn());
    m.put("points", snap.points());
    ArrayNode entries = m.putArray("entries");
    ArrayNode state = m.putArray("state");
    List<Map.Entry<String, Path>> include = new ArrayList<>();
    for (Map.Entry<String, Path> f : snap.files().entrySet()) {
      long size = Files.size(f.getValue());
      String sha = Archive.sha256(f.getValue());
      BackupManifest.StateFile old = parentState.get(f.getKey());
      String holder = id;
      if (old != null && old.sha256().equals(sha) && old.size() == size) {
        holder = old.in();
      } else {
        include.add(f);
        ObjectNode e = entries.addObject();
        e.put("name", "files/" + f.getKey());
        e.put("size", size);
        e.put("sha256", sha);
      }
      ObjectNode s = state.addObject();
      s.put("name", f.getKey());
      s.put("size", size);
      s.put("sha256", sha);
      s.put("in", holder);
    }
    MessageDigest digest = Archive.sha256();
    try (OutputStream file = output.open(tmp);
        OutputStream raw = new BufferedOutputStream(new DigestOutputStream(file, digest), 1 << 16);
        OutputStream comp = compress ? new GzipCompressorOutputStream(raw, gzipParameters()) : raw;
        TarArchiveOutputStream tar = new TarArchiveOutputStream(comp)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      byte[] manifest = Archive.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
      entry(tar, Archive.MANIFEST, manifest);
      byte[] sum =
          HexFormat.of()
              .formatHex(Archive.sha256().digest(manifest))
              .getBytes(StandardCharsets.US_ASCII);
      entry(tar, Archive.MANIFEST_SUM, sum);
      for (Map.Entry<String, Path> f : include) {
        TarArchiveEntry e = new TarArchiveEntry("files/" + f.getKey());
        e.setSize(Files.size(f.getValue()));
        tar.putArchiveEntry(e);
        try (InputStream in = Files.newInputStream(f.getValue())) {
          in.transferTo(tar);
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true); // the archive is durable before it is renamed into place
    }
    return new Written(m, HexFormat.of().formatHex(digest.digest()));
  }

  private static void entry(TarArchiveOutputStream tar, String name, byte[] body)
      throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(body.length);
    tar.putArchiveEntry(e);
    tar.write(body);
    tar.closeArchiveEntry();
  }

  /**
   * Fast deflate: vectors are float32 and barely compress, so the best-speed level loses little
   * size and gains several times the throughput (docs/benchmarks.md).
   */
  private static GzipParameters gzipParameters() {
    GzipParameters p = new GzipParameters();
    p.setCompressionLevel(java.util.zip.Deflater.BEST_SPEED);
    return p;
  }

  private static void putConfig(ObjectNode n, CollectionConfig c) {
    n.put("dimension", c.dimension());
    n.put("metric", c.metric().name().toLowerCase(Locale.ROOT));
    n.put("maxDegree", c.maxDegree());
    n.put("beamWidth", c.beamWidth());
    n.put("neighborOverflow", c.neighborOverflow());
    n.put("alpha", c.alpha());
    n.put("searchBeamWidth", c.searchBeamWidth());
    n.put("exactSearchThreshold", c.exactSearchThreshold());
    n.put("quantization", c.quantization().name().toLowerCase(Locale.ROOT));
    if (c.embedder() == null) {
      n.putNull("embedder");
    } else {
      n.put("embedder", c.embedder());
    }
  }
}
