package dev.vectorizer.watch;

import dev.vectorizer.VectorStore;
import java.nio.file.Path;
import java.util.List;

/**
 * The watcher in a child process, for {@link WatchCrashTest}: watches a tree into collection {@code
 * files} of a data directory, prints {@code READY} once watching, and runs until killed.
 */
public final class WatchChild {
  private WatchChild() {}

  /**
   * Runs.
   *
   * @param args data directory, tree, debounce in milliseconds
   * @throws Exception when the store or the tree cannot be opened
   */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    VectorStore store = VectorStore.open(data);
    WatchConfig c =
        WatchConfig.of(List.of(Path.of(args[1])), "files")
            .withDebounceMs(Integer.parseInt(args[2]));
    FileSync sync = new FileSync(store, c, data.resolve("watch/files.json"), null);
    sync.start();
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE); // until SIGKILL
  }
}
