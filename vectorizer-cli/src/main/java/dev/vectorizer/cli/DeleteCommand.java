package dev.vectorizer.cli;

import dev.vectorizer.Durability;
import dev.vectorizer.VectorStore;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vectorizer delete NAME ID...}. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete points by id.")
final class DeleteCommand implements Runnable {
  @ParentCommand VectorizerCommand root;

  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "ID")
  List<String> ids;

  @Override
  public void run() {
    try (VectorStore store = root.openForWriting(Durability.FSYNC)) {
      int deleted = store.collection(name).delete(ids);
      root.out.println("deleted " + deleted + " of " + ids.size());
    }
  }
}
