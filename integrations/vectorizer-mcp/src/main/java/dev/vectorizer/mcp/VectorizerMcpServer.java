package dev.vectorizer.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorizer.VectorStore;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * A Model Context Protocol server over a {@link VectorStore}, on the official MCP Java SDK: tools
 * to list, create, inspect and drop collections, index and query texts, search vectors, delete
 * points, and create, list, verify and restore backups. Tools that destroy data ({@code
 * drop_collection}, {@code delete_points}, {@code backup_restore} with {@code replace}) need {@code
 * "confirm": true}. Bad arguments give an MCP error result ({@code isError: true}) naming the
 * problem; they are checked before anything is written.
 *
 * <pre>{@code
 * try (VectorStore store = VectorStore.open(dir);
 *     VectorizerMcpServer server = VectorizerMcpServer.stdio(store, backups, System.in, System.out)) {
 *   server.awaitClientGone();
 * }
 * }</pre>
 *
 * <p><b>Thread safety:</b> the SDK may call tools from several threads; the store is thread-safe.
 * <b>Closing:</b> {@link #close()} stops the server and closes the embedders it loaded; the caller
 * owns and closes the store. Nothing but protocol messages is written to the output stream: log
 * through SLF4J to stderr.
 */
public final class VectorizerMcpServer implements AutoCloseable {
  /** The server name reported to clients. */
  public static final String NAME = "vectorizer";

  private final McpSyncServer server;
  private final Embedders embedders;
  private final CountDownLatch inputClosed;

  private VectorizerMcpServer(
      McpSyncServer server, Embedders embedders, CountDownLatch inputClosed) {
    this.server = server;
    this.embedders = embedders;
    this.inputClosed = inputClosed;
  }

  /**
   * Starts a server speaking MCP over a pair of streams (stdio: {@code System.in}, {@code
   * System.out}).
   *
   * @param store the store the tools work on; the caller closes it after the server
   * @param backupDirectory where the backup tools write and read archives
   * @param in the client's requests
   * @param out the server's responses; nothing else is written to it
   * @param version the version reported to clients
   * @return the running server
   */
  public static VectorizerMcpServer stdio(
      VectorStore store, Path backupDirectory, InputStream in, OutputStream out, String version) {
    Objects.requireNonNull(store, "store");
    CountDownLatch inputClosed = new CountDownLatch(1);
    InputStream watched =
        new FilterInputStream(in) {
          @Override
          public int read() throws IOException {
            return eof(super.read());
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return eof(super.read(b, off, len));
          }

          private int eof(int n) {
            if (n < 0) {
              inputClosed.countDown();
            }
            return n;
          }
        };
    Embedders embedders = new Embedders();
    List<SyncToolSpecification> tools = new ArrayList<>();
    tools.addAll(new StoreTools(store, embedders).specifications());
    tools.addAll(new BackupTools(store, backupDirectory, Clock.systemUTC()).specifications());
    JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
    McpSyncServer server =
        McpServer.sync(new StdioServerTransportProvider(json, watched, out))
            .serverInfo(NAME, version)
            .instructions(
                "Vectorizer: an embedded vector store. Text collections are searched with"
                    + " query_text; destructive tools need confirm: true.")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            .tools(tools)
            .build();
    return new VectorizerMcpServer(server, embedders, inputClosed);
  }

  /**
   * Blocks until the client closes the input stream (it disconnected, or the parent process ended).
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public void awaitClientGone() throws InterruptedException {
    inputClosed.await();
  }

  /** Stops the server and closes the embedders it loaded. Idempotent. */
  @Override
  public void close() {
    try {
      server.closeGracefully();
    } finally {
      embedders.close();
    }
  }
}
