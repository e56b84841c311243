package dev.vectorizer.watch;

import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryWatcher;
import io.methvin.watcher.visitor.FileTreeVisitor;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The operating system's change notifications (through io.methvin directory-watcher), reduced to
 * "this path may have changed" and "events were lost". Folders the predicate refuses (excluded
 * ones, mount points) are not registered, so their contents are never listed; links are never
 * followed for registration.
 *
 * <p>Thread-safe; callbacks arrive on the library's thread. Close stops it.
 */
final class OsEvents implements AutoCloseable {
  private final DirectoryWatcher watcher;

  private OsEvents(DirectoryWatcher watcher) {
    this.watcher = watcher;
  }

  static OsEvents start(
      List<Path> roots, Predicate<Path> enter, Consumer<Path> changed, Runnable overflow)
      throws IOException {
    DirectoryWatcher w =
        DirectoryWatcher.builder()
            .paths(roots)
            .fileHashing(false)
            .logger(org.slf4j.helpers.NOPLogger.NOP_LOGGER)
            .fileTreeVisitor(visitor(enter))
            .listener(
                e -> {
                  if (e.eventType() == DirectoryChangeEvent.EventType.OVERFLOW) {
                    overflow.run(); // events were lost: reconcile, never lose silently
                  } else if (e.path() != null) {
                    changed.accept(e.path().toAbsolutePath().normalize());
                  }
                })
            .build();
    w.watchAsync();
    return new OsEvents(w);
  }

  private static FileTreeVisitor visitor(Predicate<Path> enter) {
    return (start, onDirectory, onFile) ->
        Files.walkFileTree(
            start,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                  throws IOException {
                if (!enter.test(dir.toAbsolutePath().normalize())) {
                  return FileVisitResult.SKIP_SUBTREE;
                }
                onDirectory.call(dir);
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                  throws IOException {
                onFile.call(file);
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // vanished or unreadable: the scan reports it
              }
            });
  }

  @Override
  public void close() {
    try {
      watcher.close();
    } catch (IOException e) {
      // the watch service is gone either way
    }
  }
}
