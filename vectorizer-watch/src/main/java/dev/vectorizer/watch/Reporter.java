package dev.vectorizer.watch;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the indexer's outcomes go: the counters and the listeners' events. A listener that throws
 * is logged and does not stop the indexer.
 *
 * <p>Thread-safe: listeners may be added and counters read from any thread.
 */
final class Reporter {
  private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);

  final Tally tally = new Tally();
  private final List<WatchListener> listeners = new CopyOnWriteArrayList<>();

  void add(WatchListener l) {
    listeners.add(l);
  }

  void indexed(Path p, String collection, int chunks) {
    tally.indexed.incrementAndGet();
    tally.chunks.addAndGet(chunks);
    emit(new WatchEvent(WatchEvent.Type.INDEXED, p, collection, chunks, null));
  }

  void unchanged() {
    tally.unchanged.incrementAndGet();
  }

  void removed(String id, String collection, String why) {
    tally.removed.incrementAndGet();
    emit(new WatchEvent(WatchEvent.Type.REMOVED, Path.of(id), collection, 0, why));
  }

  void skipped(Path p, String reason, Tally.Skip kind) {
    tally.skipped(kind);
    emit(new WatchEvent(WatchEvent.Type.SKIPPED, p, null, 0, reason));
  }

  void error(Path p, String message) {
    tally.errors.incrementAndGet();
    emit(new WatchEvent(WatchEvent.Type.ERROR, p, null, 0, message));
  }

  void progress(int done, int total) {
    for (WatchListener l : listeners) {
      try {
        l.onProgress(done, total);
      } catch (RuntimeException ex) {
        LOG.warn("a watch listener failed on progress: {}", Problems.describe(ex));
      }
    }
  }

  private void emit(WatchEvent e) {
    for (WatchListener l : listeners) {
      try {
        l.onEvent(e);
      } catch (RuntimeException ex) {
        LOG.warn("a watch listener failed on {}: {}", e, Problems.describe(ex));
      }
    }
  }
}
