package dev.vectorizer.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads and checks backup archives: a tar (optionally gzip-compressed) whose first entry is {@code
 * manifest.json}, followed by {@code files/<name>} entries. Every entry name is validated (no
 * absolute paths, no {@code ..}, no links, regular files only) and every file's SHA-256 and size
 * are checked against the manifest; anything else is refused with a {@link BackupException} naming
 * the archive and entry.
 *
 * <p>The second entry, {@code manifest.sha256}, holds the manifest's SHA-256 in hex.
 *
 * <p>Format of {@code manifest.json}, version 1: {@code format} (1), {@code id}, {@code type} (full
 * | incremental), {@code parent} (id or null), {@code createdAt} (ISO-8601), {@code collection},
 * {@code config} (dimension, metric, graph parameters, embedder), {@code lsn}, {@code points},
 * {@code entries} (name, size, sha256 of each file in this archive) and {@code state} (every file
 * of the collection at the cut: name, size, sha256, and the id of the backup that holds it).
 */
final class Archive {
  static final int FORMAT = 1;
  static final String MANIFEST = "manifest.json";
  static final String MANIFEST_SUM = "manifest.sha256";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

  private Archive() {}

  /** A file of a collection: where it lives in the chain, and its checksum. */
  record StateFile(String name, long size, String sha256, String in) {}

  /** Reads just the manifest (the first entry), checking its format. */
  static JsonNode readManifest(Path archive) {
    try (TarArchiveInputStream tar = open(archive)) {
      return firstManifest(archive, tar);
    } catch (BackupException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new BackupException(archive, MANIFEST, "unreadable: " + e.getMessage(), e);
    }
  }

  private static JsonNode firstManifest(Path archive, TarArchiveInputStream tar)
      throws IOException {
    TarArchiveEntry e = tar.getNextEntry();
    if (e == null || !MANIFEST.equals(e.getName())) {
      throw new BackupException(
          archive,
          e == null ? null : e.getName(),
          "not a Vectorizer backup (no manifest.json first)");
    }
    byte[] bytes = tar.readAllBytes();
    TarArchiveEntry sum = tar.getNextEntry();
    if (sum == null || !MANIFEST_SUM.equals(sum.getName())) {
      throw new BackupException(
          archive,
          sum == null ? null : sum.getName(),
          "expected " + MANIFEST_SUM + " after the manifest");
    }
    String want = new String(tar.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
    if (!want.equals(HexFormat.of().formatHex(sha256().digest(bytes)))) {
      throw new BackupException(archive, MANIFEST, "SHA-256 mismatch: the manifest is corrupted");
    }
    JsonNode m = JSON.readTree(bytes);
    checkFormat(archive, m);
    return m;
  }

  static void checkFormat(Path archive, JsonNode m) {
    if (!m.has("format") || !m.get("format").canConvertToInt()) {
      throw new BackupException(archive, MANIFEST, "not a Vectorizer backup manifest");
    }
    int format = m.get("format").intValue();
    if (format != FORMAT) {
      throw new BackupException(
          archive,
          MANIFEST,
          "format version " + format + " is not supported (this build reads " + FORMAT + ")");
    }
    for (String field : new String[] {"id", "type", "collection", "lsn", "entries", "state"}) {
      if (!m.hasNonNull(field)) {
        throw new BackupException(archive, MANIFEST, "missing field '" + field + "'");
      }
    }
  }

  static TarArchiveInputStream open(Path archive) throws IOException {
    return new TarArchiveInputStream(decompressed(archive));
  }

  /** The archive's tar bytes (gunzipped when it is gzip). */
  static InputStream decompressed(Path archive) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      in = new GzipCompressorInputStream(in, true);
    }
    return in;
  }

  /**
   * Reads every entry, checking names, types, sizes and checksums against the manifest; extracts
   * the files into {@code into} when it is not null.
   *
   * @return the manifest
   */
  static JsonNode verify(Path archive, Path into) {
    String current = null;
    try (InputStream raw = decompressed(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(nonClosing(raw))) {
      JsonNode m = firstManifest(archive, tar);
      TarArchiveEntry e;
      Map<String, JsonNode> expected = new LinkedHashMap<>();
      for (JsonNode entry : m.get("entries")) {
        expected.put(entry.get("name").textValue(), entry);
      }
      while ((e = tar.getNextEntry()) != null) {
        current = e.getName();
        checkEntry(archive, e);
        JsonNode want = expected.remove(current);
        if (want == null) {
          throw new BackupException(archive, current, "is not listed in the manifest");
        }
        MessageDigest md = sha256();
        long size;
        try (InputStream body = new DigestInputStream(nonClosing(tar), md)) {
          if (into != null) {
            Path target = into.resolve(current.substring("files/".length()));
            try (OutputStream out = Files.newOutputStream(target)) {
              size = body.transferTo(out);
            }
          } else {
            size = body.transferTo(OutputStream.nullOutputStream());
          }
        }
        String sha = HexFormat.of().formatHex(md.digest());
        if (size != want.get("size").longValue()) {
          throw new BackupException(
              archive,
              current,
              "size " + size + " differs from the manifest's " + want.get("size"));
        }
        if (!sha.equals(want.get("sha256").textValue())) {
          throw new BackupException(archive, current, "SHA-256 mismatch: the entry is corrupted");
        }
      }
      if (!expected.isEmpty()) {
        throw new BackupException(
            archive, expected.keySet().iterator().next(), "is missing (truncated archive?)");
      }
      // Read to the very end, so that gzip checks its trailer (CRC-32 and length) even over the
      // bytes that follow the tar's end marker.
      current = null;
      raw.transferTo(OutputStream.nullOutputStream());
      return m;
    } catch (BackupException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new BackupException(
          archive, current, "unreadable (truncated or corrupted): " + e.getMessage(), e);
    }
  }

  private static void checkEntry(Path archive, TarArchiveEntry e) {
    String name = e.getName();
    if (e.isSymbolicLink() || e.isLink()) {
      throw new BackupException(archive, name, "is a link; backups hold regular files only");
    }
    if (!e.isFile()) {
      throw new BackupException(archive, name, "is not a regular file");
    }
    if (name.startsWith("/") || name.contains("..") || name.contains("\\")) {
      throw new BackupException(archive, name, "has an unsafe path");
    }
    if (!name.startsWith("files/") || !FILE_NAME.matcher(name.substring(6)).matches()) {
      throw new BackupException(archive, name, "is not a backup file name (files/<name>)");
    }
  }

  static InputStream nonClosing(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static Map<String, StateFile> state(JsonNode m) {
    Map<String, StateFile> out = new LinkedHashMap<>();
    for (JsonNode f : m.get("state")) {
      out.put(
          f.get("name").textValue(),
          new StateFile(
              f.get("name").textValue(),
              f.get("size").longValue(),
              f.get("sha256").textValue(),
              f.get("in").textValue()));
    }
    return out;
  }

  static ArrayNode array(ObjectNode parent, String name) {
    return parent.putArray(name);
  }
}
