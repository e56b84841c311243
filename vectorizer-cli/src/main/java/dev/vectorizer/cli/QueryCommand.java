package dev.vectorizer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorizer.Embedder;
import dev.vectorizer.Fusion;
import dev.vectorizer.SearchMode;
import dev.vectorizer.TextCollection;
import dev.vectorizer.TextHit;
import dev.vectorizer.TextQuery;
import dev.vectorizer.VectorStore;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vectorizer query NAME "some text" [--mode dense|keyword|hybrid] [--fusion
 * rrf|dbsf|weighted] [--weights 0.7,0.3] [--rank-constant 60] [--expand] --k 5 [--json]}: the best
 * chunks with their source, score and a snippet. Opens the store read-only and uses the embedder
 * the collection records; writes nothing.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = "Search a text collection with a text query (dense, keyword or hybrid).")
final class QueryCommand implements Runnable {
  @ParentCommand VectorizerCommand root;

  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Parameters(index = "1", paramLabel = "TEXT")
  String text;

  @Option(names = "--k", defaultValue = "5", description = "Chunks to show.")
  int k;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description =
          "dense, keyword or hybrid (default: hybrid when the collection has a keyword"
              + " index, else dense).")
  String mode;

  @Option(
      names = "--fusion",
      defaultValue = "weighted",
      paramLabel = "METHOD",
      description = "How hybrid mode fuses its branches: weighted (default), rrf or dbsf.")
  String fusion;

  @Option(
      names = "--weights",
      paramLabel = "DENSE,KEYWORD",
      description =
          "Weights of the dense and keyword branches, e.g. 0.7,0.3 (default: equal, or 0.3,0.7"
              + " for a query naming an identifier the collection holds).")
  String weights;

  @Option(
      names = "--rank-constant",
      defaultValue = "60",
      paramLabel = "K",
      description = "The rank constant of rrf (default 60).")
  int rankConstant;

  @Option(names = "--expand", description = "Expand the query with its first results' terms.")
  boolean expand;

  @Option(names = "--json", description = "One JSON object per hit.")
  boolean json;

  @Override
  public void run() {
    TextQuery query = parse();
    try (VectorStore store = root.openForReading()) {
      String recorded = store.collection(name).config().embedder();
      Embedder embedder = VectorizerCommand.embedderFor(name, recorded);
      TextCollection texts = store.textCollection(name, embedder);
      List<TextHit> hits = texts.search(query);
      ObjectMapper mapper = new ObjectMapper();
      for (TextHit h : hits) {
        if (json) {
          ObjectNode n = mapper.createObjectNode();
          n.put("source", h.sourceId());
          n.put("chunk", h.chunk());
          n.put("start", h.start());
          n.put("end", h.end());
          n.put("score", h.score());
          branch(n, "dense", h.dense());
          branch(n, "keyword", h.keyword());
          n.put("text", h.text());
          root.out.println(n.toString());
        } else {
          root.out.printf(
              "%.3f  %s  [chunk %d, characters %d-%d%s]%n       %s%n",
              h.score(), h.sourceId(), h.chunk(), h.start(), h.end(), ranks(h), snippet(h.text()));
        }
      }
    }
  }

  /** Checks every option before the store is opened (usage errors exit with 2). */
  private TextQuery parse() {
    if (text.isBlank()) {
      throw new Main.UsageError("the query text is blank: give some words to search for");
    }
    if (k < 1 || k > 10_000) {
      throw new Main.UsageError("--k must be between 1 and 10000, got " + k);
    }
    try {
      Fusion f = Fusion.parse(fusion);
      if (f.method() == Fusion.Method.RRF) {
        f = Fusion.rrf(rankConstant);
      }
      if (weights != null) {
        String[] parts = weights.split(",", -1);
        if (parts.length != 2) {
          throw new Main.UsageError(
              "--weights takes two numbers, dense and keyword (e.g. 0.7,0.3), got '"
                  + weights
                  + "'");
        }
        double[] w = new double[2];
        for (int i = 0; i < 2; i++) {
          try {
            w[i] = Double.parseDouble(parts[i].strip());
          } catch (NumberFormatException e) {
            throw new Main.UsageError(
                "--weights: '" + parts[i].strip() + "' is not a number (in '" + weights + "')");
          }
        }
        f = f.withWeights(w);
      }
      return TextQuery.of(text)
          .limit(k)
          .mode(mode == null ? null : SearchMode.parse(mode))
          .fusion(f)
          .expand(expand);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
  }

  private static void branch(ObjectNode n, String name, TextHit.Branch b) {
    if (b == null) {
      n.putNull(name);
    } else {
      ObjectNode o = n.putObject(name);
      o.put("rank", b.rank());
      o.put("score", b.score());
    }
  }

  private static String ranks(TextHit h) {
    if (h.dense() == null && h.keyword() == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    if (h.dense() != null) {
      sb.append(", dense #").append(h.dense().rank());
    }
    if (h.keyword() != null) {
      sb.append(", keyword #")
          .append(h.keyword().rank())
          .append(String.format(Locale.ROOT, " (bm25 %.2f)", h.keyword().score()));
    }
    return sb.toString();
  }

  static String snippet(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= 160 ? flat : flat.substring(0, 157) + "...";
  }
}
