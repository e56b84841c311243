package dev.vectorizer.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads and checks one backup archive: a tar (optionally gzip-compressed) whose first entry is
 * {@code manifest.json} (checked by {@link BackupManifest}), whose second entry, {@code
 * manifest.sha256}, holds the manifest's SHA-256 in hex, followed by {@code files/<name>} entries.
 * Every entry name is validated (no absolute paths, no {@code ..}, no links, regular files only)
 * and every file's size and SHA-256 are checked against the manifest; anything else is refused with
 * a {@link BackupException} naming the archive and the entry and saying what is wrong.
 *
 * <p>Format of {@code manifest.json}, version 1: {@code format} (1), {@code id}, {@code type} (full
 * | incremental), {@code parent} (id or null), {@code createdAt} (ISO-8601), {@code collection},
 * {@code store} (the id of the store's backup catalog; absent in archives made before catalogs),
 * {@code config} (dimension, metric, graph parameters, embedder), {@code lsn}, {@code points},
 * {@code entries} (name, size, sha256 of each file in this archive) and {@code state} (every file
 * of the collection at the cut: name, size, sha256, and the id of the backup that holds it).
 */
final class Archive {
  static final int FORMAT = 1;
  static final String MANIFEST = "manifest.json";
  static final String MANIFEST_SUM = "manifest.sha256";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_MANIFEST_BYTES = 64 << 20;

  private Archive() {}

  /** Opens files for writing; tests inject one that fails like a full disk. */
  @FunctionalInterface
  interface Output {
    Output FILES = Files::newOutputStream;

    OutputStream open(Path file) throws IOException;
  }

  /** Reads just the manifest (the first two entries), checking it. */
  static BackupManifest readManifest(Path archive) {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(archive))) {
      return firstManifest(archive, tar);
    } catch (BackupException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw unreadable(archive, MANIFEST, e);
    }
  }

  private static BackupManifest firstManifest(Path archive, TarArchiveInputStream tar)
      throws IOException {
    TarArchiveEntry e = tar.getNextEntry();
    if (e == null || !MANIFEST.equals(e.getName())) {
      throw new BackupException(
          archive,
          e == null ? null : e.getName(),
          e == null
              ? "not a Vectorizer backup (no tar entries: empty or not a tar file)"
              : "not a Vectorizer backup (no manifest.json first)");
    }
    if (e.getSize() > MAX_MANIFEST_BYTES) {
      throw new BackupException(archive, MANIFEST, "is " + e.getSize() + " bytes: too large");
    }
    byte[] bytes = tar.readAllBytes();
    if (bytes.length != e.getSize()) {
      throw new BackupException(archive, MANIFEST, "ends early (the archive is truncated)");
    }
    TarArchiveEntry sum = tar.getNextEntry();
    if (sum == null || !MANIFEST_SUM.equals(sum.getName())) {
      throw new BackupException(
          archive,
          sum == null ? null : sum.getName(),
          "expected " + MANIFEST_SUM + " after the manifest");
    }
    if (sum.getSize() > 1024) {
      throw new BackupException(archive, MANIFEST_SUM, "is " + sum.getSize() + " bytes: too large");
    }
    String want = new String(tar.readAllBytes(), StandardCharsets.US_ASCII).trim();
    if (!want.equals(HexFormat.of().formatHex(sha256().digest(bytes)))) {
      throw new BackupException(archive, MANIFEST, "SHA-256 mismatch: the manifest is corrupted");
    }
    JsonNode m;
    try {
      m = JSON.readTree(bytes);
    } catch (JsonProcessingException ex) {
      throw new BackupException(archive, MANIFEST, "is not valid JSON: " + ex.getOriginalMessage());
    }
    if (m == null) {
      throw new BackupException(archive, MANIFEST, "is empty");
    }
    return BackupManifest.of(archive, m);
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
   * Reads every entry of an archive, checking names, types, sizes and checksums against its
   * manifest; extracts the files named in {@code keep} into {@code into} (when not null) and checks
   * that the archive holds each of them, with the size and checksum {@code keep} gives.
   *
   * @param archive the archive
   * @param expected its manifest as read before (the archive must still hold the same backup)
   * @param keep the files to extract, with the checksums the restored state needs
   * @param into the directory to extract into, or null to only check
   * @param output how extracted files are opened
   */
  static void verify(
      Path archive,
      BackupManifest expected,
      Map<String, BackupManifest.StateFile> keep,
      Path into,
      Output output) {
    String current = null;
    try (InputStream raw = decompressed(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(nonClosing(raw))) {
      BackupManifest m = firstManifest(archive, tar);
      if (!m.id().equals(expected.id())) {
        throw new BackupException(archive, MANIFEST, "changed while it was read");
      }
      Map<String, BackupManifest.FileRef> pending = new HashMap<>(m.entries());
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        current = e.getName();
        checkEntry(archive, e);
        String name = current.substring("files/".length());
        BackupManifest.FileRef want = pending.remove(name);
        if (want == null) {
          throw new BackupException(
              archive,
              current,
              m.entries().containsKey(name) ? "appears twice" : "is not listed in the manifest");
        }
        BackupManifest.StateFile kept = keep.get(name);
        if (kept != null && (kept.size() != want.size() || !kept.sha256().equals(want.sha256()))) {
          throw new BackupException(
              archive, current, "the chain holds a different version of this file");
        }
        MessageDigest md = sha256();
        long size;
        try (InputStream body = new DigestInputStream(nonClosing(tar), md)) {
          if (into != null && kept != null) {
            size = extract(body, into.resolve(name), output);
          } else {
            size = body.transferTo(OutputStream.nullOutputStream());
          }
        }
        if (size != want.size()) {
          throw new BackupException(
              archive,
              current,
              "size " + size + " differs from the manifest's " + want.size() + " (truncated?)");
        }
        if (!HexFormat.of().formatHex(md.digest()).equals(want.sha256())) {
          throw new BackupException(archive, current, "SHA-256 mismatch: the entry is corrupted");
        }
      }
      if (!pending.isEmpty()) {
        throw new BackupException(
            archive,
            "files/" + pending.keySet().iterator().next(),
            "is missing (the archive is truncated?)");
      }
      // Read to the very end, so that gzip checks its trailer (CRC-32 and length) even over the
      // bytes that follow the tar's end marker.
      current = null;
      raw.transferTo(OutputStream.nullOutputStream());
    } catch (BackupException | WriteFailure e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw unreadable(archive, current, e);
    }
  }

  /** Copies an entry to a file and forces it; failures to write are {@link WriteFailure}s. */
  private static long extract(InputStream body, Path target, Output output) throws IOException {
    long size;
    OutputStream out;
    try {
      out = output.open(target);
    } catch (IOException e) {
      throw new WriteFailure(target, e);
    }
    try (OutputStream w = new WriteGuard(out, target)) {
      size = body.transferTo(w);
    }
    try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException e) {
      throw new WriteFailure(target, e);
    }
    return size;
  }

  /** Writing an extracted file failed (a full disk, say): not the archive's fault. */
  static final class WriteFailure extends java.io.UncheckedIOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    WriteFailure(Path file, IOException cause) {
      super(file + ": " + cause.getMessage(), cause);
      this.file = file;
    }

    Path file() {
      return file;
    }
  }

  /** Turns the write errors of an output into {@link WriteFailure}s, to tell them from reads. */
  private static final class WriteGuard extends java.io.FilterOutputStream {
    private final Path file;

    WriteGuard(OutputStream out, Path file) {
      super(out);
      this.file = file;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new WriteFailure(file, e);
      }
    }

    @Override
    public void write(int b) {
      try {
        out.write(b);
      } catch (IOException e) {
        throw new WriteFailure(file, e);
      }
    }

    @Override
    public void flush() {
      try {
        out.flush();
      } catch (IOException e) {
        throw new WriteFailure(file, e);
      }
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw new WriteFailure(file, e);
      }
    }
  }

  /**
   * An error for an archive that cannot be read, saying why in words (the JDK's and
   * commons-compress's exceptions often carry no message).
   */
  static BackupException unreadable(Path archive, String entry, Throwable e) {
    String why;
    if (e instanceof NoSuchFileException) {
      why = "no such file";
    } else if (e instanceof EOFException) {
      why = "it ends early (the archive is truncated)";
    } else if (e instanceof ZipException) {
      why = "the gzip data is corrupted" + detail(e);
    } else if (e instanceof IOException && String.valueOf(e.getMessage()).contains("gzip")) {
      why = "the gzip data is corrupted or truncated" + detail(e);
    } else if (e instanceof IOException) {
      why = "cannot be read" + detail(e);
    } else {
      why = "a tar header is corrupted" + detail(e);
    }
    return new BackupException(archive, entry, why, e);
  }

  private static String detail(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return " (" + e.getClass().getSimpleName() + ")";
    }
    return " (" + m.replaceAll("\\s+", " ").trim() + ")";
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
    if (!name.startsWith("files/")
        || !BackupManifest.FILE_NAME.matcher(name.substring(6)).matches()) {
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
}
