package dev.vectorizer.cli;

import dev.vectorizer.Durability;
import dev.vectorizer.VectorStore;
import dev.vectorizer.mcp.VectorizerMcpServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vectorizer --data DIR mcp}: serves the store to an AI assistant over the Model Context
 * Protocol on stdin/stdout until stdin closes. Holds the store's write lock meanwhile. Logs go to
 * stderr; stdout carries protocol messages only.
 */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    description =
        "Serve the store over MCP (stdio) to an AI assistant, until stdin closes. Tools:"
            + " collections, texts, vectors, deletes (confirm: true), backups.")
final class McpCommand implements Callable<Integer> {
  @ParentCommand VectorizerCommand root;

  @Option(
      names = "--backup-dir",
      paramLabel = "DIR",
      description = "Where the backup tools keep archives (default: <data>-backups).")
  Path backupDir;

  @Override
  public Integer call() throws InterruptedException {
    Path backups =
        backupDir != null
            ? backupDir
            : root.data.toAbsolutePath().resolveSibling(root.data.getFileName() + "-backups");
    String version = Main.class.getPackage().getImplementationVersion();
    try (VectorStore store = root.openForWriting(Durability.FSYNC);
        VectorizerMcpServer server =
            VectorizerMcpServer.stdio(
                store, backups, System.in, root.out, version == null ? "development" : version)) {
      server.awaitClientGone();
    }
    return 0;
  }
}
