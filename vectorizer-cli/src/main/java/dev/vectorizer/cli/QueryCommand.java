package dev.vectorizer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorizer.Embedder;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.VectorStore;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vectorizer query NAME "some text" --k 5 [--json]}: the best chunks with their source,
 * score and a snippet. Opens the store read-only and uses the embedder the collection records.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = "Search a text collection with a text query.")
final class QueryCommand implements Runnable {
  @ParentCommand VectorizerCommand root;

  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Parameters(index = "1", paramLabel = "TEXT")
  String text;

  @Option(names = "--k", defaultValue = "5", description = "Chunks to show.")
  int k;

  @Option(names = "--json", description = "One JSON object per hit.")
  boolean json;

  @Override
  public void run() {
    if (text.isBlank()) {
      throw new Main.UsageError("the query text is blank");
    }
    if (k < 1 || k > 10_000) {
      throw new Main.UsageError("--k must be between 1 and 10000, got " + k);
    }
    try (VectorStore store = root.openForReading()) {
      String recorded = store.collection(name).config().embedder();
      Embedder embedder = VectorizerCommand.embedderFor(name, recorded);
      TextCollection texts = store.textCollection(name, embedder);
      List<TextHit> hits = texts.search(text, k);
      ObjectMapper mapper = new ObjectMapper();
      for (TextHit h : hits) {
        if (json) {
          ObjectNode n = mapper.createObjectNode();
          n.put("source", h.sourceId());
          n.put("chunk", h.chunk());
          n.put("start", h.start());
          n.put("end", h.end());
          n.put("score", h.score());
          n.put("text", h.text());
          root.out.println(n.toString());
        } else {
          root.out.printf(
              "%.3f  %s  [chunk %d, characters %d-%d]%n       %s%n",
              h.score(), h.sourceId(), h.chunk(), h.start(), h.end(), snippet(h.text()));
        }
      }
    }
  }

  static String snippet(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= 160 ? flat : flat.substring(0, 157) + "...";
  }
}
