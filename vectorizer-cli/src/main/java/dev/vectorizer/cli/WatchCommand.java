package dev.vectorizer.cli;

import dev.vectorizer.Durability;
import dev.vectorizer.VectorStore;
import dev.vectorizer.watch.FileSync;
import dev.vectorizer.watch.WatchConfig;
import dev.vectorizer.watch.WatchEvent;
import dev.vectorizer.watch.WatchListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vectorizer watch PATH... --collection NAME [--config FILE] [--embedder NAME]}: keeps a
 * collection in sync with folders until interrupted; one line per applied change; on SIGINT or
 * SIGTERM the pending batch is applied and the hash cache saved before the store closes. The
 * indexing is {@code index}'s ({@link dev.vectorizer.watch.DocumentIndexer}).
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = "Keep a text collection in sync with folders until interrupted.")
final class WatchCommand implements Runnable {
  @ParentCommand VectorizerCommand root;

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Folders (or watch_paths).")
  List<Path> paths = new ArrayList<>();

  @Mixin WatchOptions options;

  @Override
  public void run() {
    WatchConfig c = options.resolve(paths);
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    try (VectorStore store = root.openForWriting(Durability.FSYNC)) {
      FileSync sync = new FileSync(store, c, WatchOptions.hashCache(root.data, c), options.config);
      sync.addListener(
          new WatchListener() {
            @Override
            public void onEvent(WatchEvent e) {
              switch (e.type()) {
                case INDEXED -> root.out.printf("indexed  %s (%d chunks)%n", e.path(), e.chunks());
                case REMOVED -> root.out.printf("removed  %s%n", e.path());
                case SKIPPED -> root.out.printf("skipped  %s: %s%n", e.path(), e.reason());
                case ERROR ->
                    root.err.println(
                        "error    " + (e.path() == null ? "" : e.path() + ": ") + e.reason());
              }
              root.out.flush();
            }
          });
      Thread hook =
          new Thread(
              () -> {
                stop.countDown();
                try {
                  stopped.await();
                } catch (InterruptedException ignored) {
                  Thread.currentThread().interrupt();
                }
              });
      Runtime.getRuntime().addShutdownHook(hook);
      sync.start();
      root.err.println(
          "watching " + c.watchPaths() + " into '" + c.collection() + "' (Ctrl-C to stop)");
      stop.await();
      sync.close(); // applies the pending batch and saves the hash cache
      root.out.println("stopped: " + sync.counters());
    } catch (IOException e) {
      throw new Main.Failure(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }
}
