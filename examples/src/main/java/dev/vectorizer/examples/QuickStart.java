package dev.vectorizer.examples;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Filter;
import dev.vectorizer.Hit;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The quick start: loads 1,000 real sentence embeddings (lines of Debian changelogs and man pages,
 * embedded with all-MiniLM-L6-v2) into an in-memory store and prints the nearest sentences for a
 * few queries, with and without a payload filter.
 *
 * <p>Run it with {@code mvn -B -q -pl examples -am compile exec:exec}.
 */
public final class QuickStart {
  private QuickStart() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    List<String[]> sentences = readTsv("/sample/sentences.tsv");
    List<float[]> vectors = readFvecs("/sample/sentences.fvecs");
    List<String[]> queries = readTsv("/sample/queries.tsv");
    List<float[]> queryVectors = readFvecs("/sample/queries.fvecs");

    try (VectorStore store = VectorStore.inMemory()) {
      Collection docs =
          store.createCollection(
              "sentences", CollectionConfig.builder(384).metric(Metric.COSINE).build());
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < sentences.size(); i++) {
        String text = sentences.get(i)[1];
        points.add(
            Point.of(
                sentences.get(i)[0],
                vectors.get(i),
                Map.of("text", text, "length", text.length())));
      }
      docs.upsert(points);
      System.out.printf(
          "Loaded %d sentences into collection '%s' (kernels: %s)%n%n",
          docs.count(), docs.name(), store.stats().kernels());

      for (int q = 0; q < queries.size(); q++) {
        System.out.println("Query: " + queries.get(q)[1]);
        List<Hit> hits = docs.search(SearchRequest.of(queryVectors.get(q)).limit(3));
        for (Hit hit : hits) {
          System.out.printf("  %.3f  #%-4s %s%n", hit.score(), hit.id(), snippet(hit));
        }
        List<Hit> shortOnes =
            docs.search(
                SearchRequest.of(queryVectors.get(q))
                    .limit(1)
                    .filter(Filter.range("length").lt(100)));
        for (Hit hit : shortOnes) {
          System.out.printf(
              "  best under 100 characters: %.3f  #%s %s%n", hit.score(), hit.id(), snippet(hit));
        }
        System.out.println();
      }
    }
  }

  private static String snippet(Hit hit) {
    String text = (String) hit.payload().get("text");
    return text.length() <= 90 ? text : text.substring(0, 87) + "...";
  }

  private static InputStream open(String resource) {
    InputStream in = QuickStart.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing resource " + resource);
    }
    return in;
  }

  private static List<String[]> readTsv(String resource) {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(open(resource), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          rows.add(line.split("\t", 2));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static List<float[]> readFvecs(String resource) {
    List<float[]> rows = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(open(resource))) {
      byte[] four = new byte[4];
      while (in.read(four, 0, 1) == 1) {
        in.readFully(four, 1, 3);
        int dim = ByteBuffer.wrap(four).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] body = new byte[dim * 4];
        in.readFully(body);
        float[] v = new float[dim];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        rows.add(v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
