package dev.vectorizer.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Takes real archives apart and puts edited ones together, for crafted and fuzzed inputs. */
final class ArchiveEditor {
  private ArchiveEditor() {}

  /** A tar entry: its name, body, type flag and link target. */
  record Item(String name, byte[] body, byte type, String link) {
    Item(String name, byte[] body) {
      this(name, body, TarArchiveEntry.LF_NORMAL, null);
    }
  }

  static List<Item> read(Path archive) {
    try {
      return read(Archive.decompressed(archive));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The entries of an uncompressed tar. */
  static List<Item> read(byte[] tar) {
    return read(new java.io.ByteArrayInputStream(tar));
  }

  private static List<Item> read(java.io.InputStream in) {
    List<Item> out = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        out.add(
            new Item(
                e.getName(),
                tar.readAllBytes(),
                e.isSymbolicLink()
                    ? TarArchiveEntry.LF_SYMLINK
                    : e.isDirectory() ? TarArchiveEntry.LF_DIR : TarArchiveEntry.LF_NORMAL,
                e.getLinkName()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static byte[] bytes(List<Item> items, boolean gzip) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (OutputStream os = gzip ? new GzipCompressorOutputStream(buf) : buf;
        TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Item i : items) {
        TarArchiveEntry e =
            i.type() == TarArchiveEntry.LF_NORMAL
                ? new TarArchiveEntry(i.name())
                : new TarArchiveEntry(i.name(), i.type());
        if (i.link() != null && !i.link().isEmpty()) {
          e.setLinkName(i.link());
        }
        if (i.type() == TarArchiveEntry.LF_NORMAL) {
          e.setSize(i.body().length);
        }
        tar.putArchiveEntry(e);
        if (i.type() == TarArchiveEntry.LF_NORMAL) {
          tar.write(i.body());
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  static void write(Path to, List<Item> items, boolean gzip) throws IOException {
    Files.write(to, bytes(items, gzip));
  }

  /** Edits manifest.json and writes a matching manifest.sha256, so the edit reaches the checks. */
  static List<Item> editManifest(List<Item> items, Consumer<ObjectNode> edit) {
    List<Item> out = new ArrayList<>();
    byte[] manifest = null;
    for (Item i : items) {
      if (i.name().equals(Archive.MANIFEST)) {
        try {
          ObjectNode m = (ObjectNode) Archive.JSON.readTree(i.body());
          edit.accept(m);
          manifest = Archive.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        out.add(new Item(i.name(), manifest));
      } else if (i.name().equals(Archive.MANIFEST_SUM) && manifest != null) {
        out.add(new Item(i.name(), sum(manifest)));
      } else {
        out.add(i);
      }
    }
    return out;
  }

  static byte[] sum(byte[] manifest) {
    return HexFormat.of()
        .formatHex(Archive.sha256().digest(manifest))
        .getBytes(StandardCharsets.US_ASCII);
  }
}
