package dev.vectorizer.watch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A file's bytes as read once, their SHA-256, and the {@link Stamp} they were read at. The one
 * place where the indexer opens a file: the real path (checked by {@link Containment}) is opened
 * without following a final link, and the read is rejected ({@link Changed}) when the file or the
 * path's resolution changed meanwhile, so a link swapped in during the read is never indexed.
 *
 * @param bytes the content
 * @param sha256 its hash, lower-case hex
 * @param stamp the file's metadata before and after the read
 */
record FileContent(byte[] bytes, String sha256, Stamp stamp) {
  /** The NUL-byte test for binary files: a NUL in the first 8 KiB. */
  static final int BINARY_PROBE = 8192;

  /**
   * What identifies a version of a file without reading it: size, modification and change times
   * (nanoseconds where the file system has them) and the file key (device and inode).
   *
   * @param size bytes
   * @param mtime modification time, nanoseconds since the epoch
   * @param ctime status change time, nanoseconds (0 where unknown)
   * @param key {@code device:inode} on Unix, else the file key, or ""
   */
  record Stamp(long size, long mtime, long ctime, String key) {
    private static final int TYPE_MASK = 0170000;
    private static final int REGULAR = 0100000;

    /** The stamp of a regular file, links not followed (one stat); null for anything else. */
    static Stamp of(Path real) throws IOException {
      Map<String, Object> u;
      try {
        u =
            Files.readAttributes(
                real, "unix:mode,size,lastModifiedTime,ctime,dev,ino", LinkOption.NOFOLLOW_LINKS);
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        BasicFileAttributes a =
            Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return !a.isRegularFile()
            ? null
            : new Stamp(
                a.size(),
                a.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                0,
                a.fileKey() == null ? "" : a.fileKey().toString());
      }
      if ((((Integer) u.get("mode")) & TYPE_MASK) != REGULAR) {
        return null;
      }
      return new Stamp(
          (Long) u.get("size"),
          ((FileTime) u.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
          ((FileTime) u.get("ctime")).to(TimeUnit.NANOSECONDS),
          u.get("dev") + ":" + u.get("ino"));
    }

    /** The device number, where the key has one. */
    String device() {
      int colon = key.indexOf(':');
      return colon > 0 && !key.startsWith("(") ? key.substring(0, colon) : null;
    }
  }

  /** The file changed (or its path now resolves elsewhere) while it was read. */
  static final class Changed extends IOException {
    Changed(Path p) {
      super(p + " changed while it was read");
    }
  }

  /**
   * Reads a regular file.
   *
   * @param lexical the path as watched
   * @param real its real path, as {@link Containment} accepted it
   * @param stamp the stamp taken before reading
   * @throws Changed when the file changed during the read
   */
  static FileContent read(Path lexical, Path real, Stamp stamp) throws IOException {
    byte[] bytes;
    try (SeekableByteChannel ch =
            Files.newByteChannel(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        InputStream in = Channels.newInputStream(ch)) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, stamp.size() + 1));
    }
    Stamp after = Stamp.of(real);
    if (!stamp.equals(after)
        || bytes.length != stamp.size()
        || !lexical.toRealPath().equals(real)) {
      throw new Changed(lexical);
    }
    return new FileContent(bytes, sha256(bytes), stamp);
  }

  /**
   * {@link #read}, tried up to three times while the file is being written (and stays under {@code
   * maxSize}).
   */
  static FileContent readSettled(Path lexical, Path real, Stamp stamp, long maxSize)
      throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return read(lexical, real, stamp);
      } catch (Changed e) {
        Stamp now = Stamp.of(real);
        if (attempt == 3 || now == null || now.size() > maxSize) {
          throw e;
        }
        stamp = now;
      }
    }
  }

  boolean binary() {
    int n = Math.min(bytes.length, BINARY_PROBE);
    for (int i = 0; i < n; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  /** The text, invalid UTF-8 replaced by U+FFFD. */
  String text() throws IOException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .decode(java.nio.ByteBuffer.wrap(bytes))
        .toString();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
