package dev.vectorizer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorizer.Collection;
import dev.vectorizer.Hit;
import dev.vectorizer.SearchRequest;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vectorizer search NAME --fvecs QUERIES --k 10 [--json]}: one line per query. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = "Search with each vector of an fvecs file; prints one line per query.")
final class SearchCommand implements Runnable {
  @ParentCommand VectorizerCommand root;

  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--fvecs", required = true, paramLabel = "QUERIES")
  Path fvecs;

  @Option(names = "--k", defaultValue = "10", description = "Hits per query.")
  int k;

  @Option(names = "--beam", description = "Search beam width (default: the collection's).")
  Integer beam;

  @Option(names = "--json", description = "JSON lines with ids and scores.")
  boolean json;

  @Override
  public void run() {
    if (k < 1 || k > SearchRequest.MAX_LIMIT) {
      throw new Main.UsageError(
          "--k must be between 1 and " + SearchRequest.MAX_LIMIT + ", got " + k);
    }
    if (beam != null && (beam < 1 || beam > SearchRequest.MAX_BEAM_WIDTH)) {
      throw new Main.UsageError(
          "--beam must be between 1 and " + SearchRequest.MAX_BEAM_WIDTH + ", got " + beam);
    }
    ObjectMapper mapper = new ObjectMapper();
    try (VectorStore store = root.openForReading();
        FvecsReader reader = new FvecsReader(fvecs)) {
      Collection c = store.collection(name);
      int q = 0;
      for (float[] v = reader.next(); v != null; v = reader.next(), q++) {
        SearchRequest r = SearchRequest.of(v).limit(k).includePayload(false);
        if (beam != null) {
          r = r.beamWidth(beam);
        }
        List<Hit> hits = c.search(r);
        if (json) {
          ObjectNode line = mapper.createObjectNode();
          line.put("query", q);
          ArrayNode arr = line.putArray("hits");
          for (Hit h : hits) {
            arr.addObject().put("id", h.id()).put("score", h.score());
          }
          root.out.println(line.toString());
        } else {
          root.out.println(hits.stream().map(Hit::id).collect(Collectors.joining(" ")));
        }
      }
    } catch (IOException e) {
      throw new Main.Failure("cannot read " + fvecs + ": " + e.getMessage());
    }
  }
}
