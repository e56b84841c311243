package dev.vectorizer.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Mutates real backup archives, byte-wise (flips, cuts, inserts) and structure-wise (manifest
 * fields with the checksum recomputed so the edit reaches the checks, tar entries reordered,
 * dropped, duplicated, renamed, turned into links). The choices come from a {@link Choices}: a
 * seeded {@link java.util.Random} in the default build, Jazzer's data provider when fuzzing.
 */
final class ArchiveMutator {
  /** Where the mutator's decisions come from. */
  interface Choices {
    /** A number from 0 to {@code bound - 1}. */
    int pick(int bound);

    /** Up to {@code max} bytes. */
    byte[] bytes(int max);
  }

  private static final String[] HOSTILE_NAMES = {
    "../../../x",
    "/etc/passwd",
    "files/../MANIFEST",
    "files/",
    "files/.hidden",
    "files\\x",
    "files/" + "a".repeat(300),
    "manifest.json",
    "files/MANIFEST",
    ""
  };

  private ArchiveMutator() {}

  static byte[] mutate(byte[] archive, boolean gzip, Choices c) {
    int rounds = c.pick(4);
    byte[] out = archive;
    for (int r = 0; r < rounds; r++) {
      int kind = c.pick(6);
      if (kind < 2) {
        out = bytes(out, c); // on the file as stored (compressed or not)
      } else {
        byte[] tar = gzip ? gunzip(out) : out;
        if (tar == null) {
          out = bytes(out, c);
          continue;
        }
        try {
          tar =
              switch (kind) {
                case 2 -> manifest(tar, c);
                case 3 -> entries(tar, c);
                case 4 -> bytes(tar, c); // inside the tar, under a valid gzip layer
                default -> sum(tar, c);
              };
        } catch (RuntimeException e) {
          // commons-compress cannot write this edit (a name it makes a directory): skip it
        }
        out = gzip ? gzip(tar) : tar;
      }
    }
    return out;
  }

  private static byte[] bytes(byte[] in, Choices c) {
    if (in.length == 0) {
      return c.bytes(64);
    }
    byte[] b = in.clone();
    int at = c.pick(b.length);
    return switch (c.pick(6)) {
      case 0 -> {
        for (int i = 0, n = 1 + c.pick(8); i < n; i++) {
          int p = c.pick(b.length);
          b[p] ^= (byte) (1 << c.pick(8));
        }
        yield b;
      }
      case 1 -> Arrays.copyOf(b, at); // truncated
      case 2 -> {
        byte[] ins = c.bytes(600);
        byte[] o = new byte[b.length + ins.length];
        System.arraycopy(b, 0, o, 0, at);
        System.arraycopy(ins, 0, o, at, ins.length);
        System.arraycopy(b, at, o, at + ins.length, b.length - at);
        yield o;
      }
      case 3 -> {
        Arrays.fill(b, at, Math.min(b.length, at + 512), (byte) 0);
        yield b;
      }
      case 4 -> {
        byte[] tail = c.bytes(2000); // garbage after the end
        byte[] o = Arrays.copyOf(b, b.length + tail.length);
        System.arraycopy(tail, 0, o, b.length, tail.length);
        yield o;
      }
      default -> {
        int len = Math.min(b.length - at, 1 + c.pick(4096)); // a range repeated
        byte[] o = Arrays.copyOf(b, b.length + len);
        System.arraycopy(b, at, o, b.length, len);
        yield o;
      }
    };
  }

  private static byte[] manifest(byte[] tar, Choices c) {
    List<ArchiveEditor.Item> items = items(tar);
    if (items == null || items.isEmpty() || !items.get(0).name().equals(Archive.MANIFEST)) {
      return tar;
    }
    try {
      JsonNode root = Archive.JSON.readTree(items.get(0).body());
      if (!(root instanceof ObjectNode)) {
        return tar;
      }
      List<ArchiveEditor.Item> edited = ArchiveEditor.editManifest(items, m -> editJson(m, c, 0));
      return ArchiveEditor.bytes(edited, false);
    } catch (IOException | RuntimeException e) {
      return tar;
    }
  }

  /** Walks to a random node and replaces, removes or adds something there. */
  private static void editJson(JsonNode node, Choices c, int depth) {
    List<String> fields = new ArrayList<>();
    node.fieldNames().forEachRemaining(fields::add);
    int size = node.isArray() ? node.size() : fields.size();
    if (size > 0 && depth < 4 && c.pick(3) > 0) {
      int i = c.pick(size);
      JsonNode child = node.isArray() ? node.get(i) : node.get(fields.get(i));
      if (child.isContainerNode() && c.pick(2) == 0) {
        editJson(child, c, depth + 1);
        return;
      }
      if (node instanceof ObjectNode o) {
        if (c.pick(5) == 0) {
          o.remove(fields.get(i));
        } else {
          o.set(fields.get(i), value(c));
        }
      } else if (node instanceof ArrayNode a) {
        switch (c.pick(3)) {
          case 0 -> a.remove(i);
          case 1 -> a.add(a.get(i).deepCopy());
          default -> a.set(i, value(c));
        }
      }
    } else if (node instanceof ObjectNode o) {
      o.set(c.pick(2) == 0 ? "extra" : "format", value(c));
    }
  }

  private static JsonNode value(Choices c) {
    var f = Archive.JSON.getNodeFactory();
    return switch (c.pick(12)) {
      case 0 -> f.nullNode();
      case 1 -> f.textNode("");
      case 2 -> f.textNode(HOSTILE_NAMES[c.pick(HOSTILE_NAMES.length)]);
      case 3 -> f.numberNode(-1);
      case 4 -> f.numberNode(Long.MAX_VALUE);
      case 5 -> f.numberNode(1.5);
      case 6 -> f.textNode("x".repeat(1 + c.pick(5000)));
      case 7 -> f.objectNode();
      case 8 -> f.arrayNode();
      case 9 -> f.booleanNode(true);
      case 10 -> f.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
      default -> f.textNode(new String(c.bytes(40), StandardCharsets.ISO_8859_1));
    };
  }

  private static byte[] entries(byte[] tar, Choices c) {
    List<ArchiveEditor.Item> items = items(tar);
    if (items == null || items.isEmpty()) {
      return tar;
    }
    List<ArchiveEditor.Item> l = new ArrayList<>(items);
    int i = c.pick(l.size());
    ArchiveEditor.Item it = l.get(i);
    switch (c.pick(6)) {
      case 0 -> l.add(c.pick(l.size() + 1), l.remove(i)); // moved
      case 1 -> l.remove(i);
      case 2 -> l.add(c.pick(l.size() + 1), it); // twice
      case 3 ->
          l.set(i, new ArchiveEditor.Item(HOSTILE_NAMES[c.pick(HOSTILE_NAMES.length)], it.body()));
      case 4 ->
          l.set(
              i,
              new ArchiveEditor.Item(
                  it.name(),
                  new byte[0],
                  c.pick(2) == 0 ? TarArchiveEntry.LF_SYMLINK : TarArchiveEntry.LF_DIR,
                  "/etc/passwd"));
      default -> {
        byte[] body = it.body().clone();
        if (body.length > 0) {
          body[c.pick(body.length)] ^= 1;
        }
        l.set(i, new ArchiveEditor.Item(it.name(), body));
      }
    }
    return ArchiveEditor.bytes(l, false);
  }

  private static byte[] sum(byte[] tar, Choices c) {
    List<ArchiveEditor.Item> items = items(tar);
    if (items == null || items.size() < 2) {
      return tar;
    }
    List<ArchiveEditor.Item> l = new ArrayList<>(items);
    String s = new String(l.get(1).body(), StandardCharsets.US_ASCII);
    String edited =
        switch (c.pick(4)) {
          case 0 -> s.toUpperCase(java.util.Locale.ROOT);
          case 1 -> " \n" + s + "\n\n";
          case 2 -> "";
          default -> s.substring(0, Math.max(0, s.length() - 1 - c.pick(10)));
        };
    l.set(1, new ArchiveEditor.Item(l.get(1).name(), edited.getBytes(StandardCharsets.US_ASCII)));
    return ArchiveEditor.bytes(l, false);
  }

  private static List<ArchiveEditor.Item> items(byte[] tar) {
    try {
      return ArchiveEditor.read(tar);
    } catch (RuntimeException e) {
      return null; // an earlier mutation broke the tar: leave the structure alone
    }
  }

  private static byte[] gunzip(byte[] gz) {
    try (GzipCompressorInputStream in =
        new GzipCompressorInputStream(new ByteArrayInputStream(gz), true)) {
      return in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] gzip(byte[] tar) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream out = new GzipCompressorOutputStream(buf)) {
      out.write(tar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }
}
