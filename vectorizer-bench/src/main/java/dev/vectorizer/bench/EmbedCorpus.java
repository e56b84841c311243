package dev.vectorizer.bench;

import dev.vectorizer.Embedder;
import dev.vectorizer.internal.text.TextChunker;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Embeds a folder of text files into fvecs with a real model, so that the benchmarks run on real
 * embeddings: every file is chunked, every chunk embedded (batches of 64), and written as one row;
 * {@code FILE.txt} beside the output holds each row's text. With {@code --queries N}, N random
 * chunks are held out and written as queries instead.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar vectorizer-bench/target/vectorizer-bench.jar \
 *   embed --dir /usr/share/doc --out corpus.fvecs --embedder minilm --queries 200 \
 *   --query-out corpus-q.fvecs [--limit 100000] [--chunk-size 500]
 * </pre>
 */
final class EmbedCorpus {
  private EmbedCorpus() {}

  static void run(Args a) throws IOException {
    Path dir = Path.of(a.required("dir"));
    Path out = Path.of(a.required("out"));
    Embedder embedder = Embedder.byName(a.get("embedder", "minilm"));
    TextChunker chunker = new TextChunker(a.integer("chunk-size", 500), a.integer("overlap", 0));
    java.util.Set<String> texts = new java.util.LinkedHashSet<>();
    int files = 0;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        byte[] head;
        try (var in = Files.newInputStream(f)) {
          head = in.readNBytes(8192);
        } catch (IOException e) {
          continue; // unreadable: skip
        }
        boolean binary = false;
        for (byte b : head) {
          binary |= b == 0;
        }
        if (binary || Files.size(f) > 5_000_000) {
          continue;
        }
        files++;
        try (Reader r =
            new InputStreamReader(
                Files.newInputStream(f),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE))) {
          chunker.chunk(r, c -> texts.add(c.text().replaceAll("\\s+", " ")));
        }
      }
    }
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("no text files under " + dir);
    }
    int queries = a.integer("queries", 0);
    int limit = a.integer("limit", Integer.MAX_VALUE);
    List<String> rows = new ArrayList<>(texts);
    List<String> queryTexts = new ArrayList<>();
    if (queries > 0 || limit < rows.size()) {
      Collections.shuffle(rows, new Random(42));
    }
    if (queries > 0) {
      queryTexts.addAll(rows.subList(0, Math.min(queries, rows.size() / 10)));
      rows.subList(0, queryTexts.size()).clear();
    }
    if (limit < rows.size()) {
      rows.subList(limit, rows.size()).clear();
    }
    System.out.printf(
        "%d distinct chunks in %d files; embedding %d rows and %d queries%n",
        texts.size(), files, rows.size(), queryTexts.size());
    long t0 = System.nanoTime();
    writeEmbedded(embedder, rows, out);
    if (!queryTexts.isEmpty()) {
      writeEmbedded(embedder, queryTexts, Path.of(a.required("query-out")));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "embedded %d chunks of %d files with %s in %.1f s (%.0f chunks/s) into %s%n",
        rows.size() + queryTexts.size(),
        files,
        embedder.id(),
        seconds,
        (rows.size() + queryTexts.size()) / seconds,
        out);
  }

  private static void writeEmbedded(Embedder embedder, List<String> texts, Path out)
      throws IOException {
    float[][] rows = new float[texts.size()][];
    for (int i = 0; i < texts.size(); i += 64) {
      List<float[]> batch = embedder.embedAll(texts.subList(i, Math.min(texts.size(), i + 64)));
      for (int j = 0; j < batch.size(); j++) {
        rows[i + j] = batch.get(j);
      }
    }
    VectorFiles.writeFvecs(out, rows);
    Files.write(out.resolveSibling(out.getFileName() + ".txt"), texts);
  }
}
