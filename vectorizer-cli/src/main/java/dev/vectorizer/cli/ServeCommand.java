package dev.vectorizer.cli;

import dev.vectorizer.server.VectorizerService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vectorizer --data DIR serve [--port 15002] [--host 127.0.0.1] [--config vectorizer.yaml]}:
 * the REST server (docs/server.md) until SIGTERM or SIGINT, which drain requests in flight, close
 * the store and exit 0.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve the store over HTTP (REST API, /health, /ready, /metrics) until stopped.")
final class ServeCommand implements Runnable {
  @ParentCommand VectorizerCommand root;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port (default: server.port of --config, else 15002; 0 picks a free one).")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "Address to bind (default: server.host of --config, else 127.0.0.1).")
  String host;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "vectorizer.yaml: server:, backup: and file_watcher: sections.")
  Path config;

  @Override
  public void run() {
    if (port != null && (port < 0 || port > 65535)) {
      throw new Main.UsageError("--port must be between 0 and 65535, got " + port);
    }
    if (config != null && !java.nio.file.Files.isRegularFile(config)) {
      throw new Main.UsageError("no configuration file at " + config);
    }
    CountDownLatch stop = new CountDownLatch(1);
    Signals.onTermination(stop::countDown);
    VectorizerService service;
    try {
      service = VectorizerService.start(root.data, config, host, port);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    } catch (IOException e) {
      throw new Main.Failure(e.getMessage());
    }
    try {
      for (String notice : service.notices()) {
        root.err.println("vectorizer: " + notice);
      }
      root.out.println(
          "vectorizer serving " + root.data.toAbsolutePath() + " on " + service.server().uri());
      root.out.flush();
      stop.await();
      root.out.println("stopping: draining requests in flight");
      root.out.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      service.close();
    }
    root.out.println("stopped");
    root.out.flush();
  }
}
