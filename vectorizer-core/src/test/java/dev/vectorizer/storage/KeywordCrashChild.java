package dev.vectorizer.storage;

import dev.vectorizer.Embedder;
import dev.vectorizer.TextCollection;
import dev.vectorizer.VectorStore;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link KeywordCrashRecoveryTest}: replaces and deletes short texts of a text
 * collection (so keyword postings are written, sealed, merged), printing {@code A <index>} after
 * each operation returns, until it is killed. Every version of a text carries a marker word that no
 * other version has.
 */
public final class KeywordCrashChild {
  static final int SOURCES = 60;

  private KeywordCrashChild() {}

  /** One operation: a text (upsert) or null (delete) for a source. */
  record Op(String source, String text, String marker) {}

  static Op op(long seed, long index) {
    Random r = new Random(seed * 7_000_003 + index);
    String source = "doc" + r.nextInt(SOURCES);
    if (r.nextInt(10) < 2) {
      return new Op(source, null, null);
    }
    String marker = "mark" + index + "q";
    return new Op(
        source,
        "Version " + marker + " of " + source + " about crash recovery and --keyword-postings.",
        marker);
  }

  static VectorStore open(Path dir) {
    return VectorStore.builder(dir).sealThreshold(25).maxSegments(3).open();
  }

  static TextCollection texts(VectorStore store) {
    return store.textCollection("texts", Embedder.byName("hashing"));
  }

  /**
   * Runs the child.
   *
   * @param args data directory, seed, first operation index, acknowledgement file
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    long index = Long.parseLong(args[2]);
    PrintStream acks = new PrintStream(new FileOutputStream(args[3], true), true);
    PrintStream out = new PrintStream(System.out, true);
    VectorStore store = open(dir);
    TextCollection texts = texts(store);
    out.println("READY");
    while (true) {
      Op op = op(seed, index);
      if (op.text() == null) {
        texts.delete(op.source());
      } else {
        texts.upsert(op.source(), op.text(), Map.of("op", index));
      }
      acks.println("A " + index);
      index++;
    }
  }
}
