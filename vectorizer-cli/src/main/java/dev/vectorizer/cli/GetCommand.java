package dev.vectorizer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vectorizer get NAME ID}: the point as one JSON line. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Print a point as JSON.")
final class GetCommand implements Runnable {
  @ParentCommand VectorizerCommand root;

  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Parameters(index = "1", paramLabel = "ID")
  String id;

  @Override
  public void run() {
    try (VectorStore store = root.openForReading()) {
      Point p =
          store
              .collection(name)
              .get(id)
              .orElseThrow(
                  () -> new Main.Failure("no point '" + id + "' in collection '" + name + "'"));
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode n = mapper.createObjectNode();
      n.put("id", p.id());
      ArrayNode v = n.putArray("vector");
      for (float f : p.vector()) {
        v.add(f);
      }
      n.set("payload", mapper.valueToTree(p.payload()));
      root.out.println(mapper.writeValueAsString(n));
    } catch (JsonProcessingException e) {
      throw new Main.Failure(e.getMessage());
    }
  }
}
