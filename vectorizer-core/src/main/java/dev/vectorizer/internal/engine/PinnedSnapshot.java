package dev.vectorizer.internal.engine;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionSnapshot;
import dev.vectorizer.internal.storage.CollectionStorage;
import dev.vectorizer.internal.storage.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CollectionSnapshot}: the files of a committed state, pinned in the collection's storage
 * so no checkpoint or merge deletes them, plus a copy of the manifest as of the cut (a file named
 * {@code .snapshot-*.manifest} in the collection directory; a writable open removes copies a crash
 * left behind).
 *
 * <p>Thread-safe; closing is idempotent.
 */
final class PinnedSnapshot implements CollectionSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(PinnedSnapshot.class);

  private final String collection;
  private final CollectionConfig config;
  private final CollectionStorage storage;
  private final List<String> names;
  private final Path manifestCopy;
  private final long lsn;
  private final long points;
  private final AtomicBoolean closed = new AtomicBoolean();

  PinnedSnapshot(
      String collection,
      CollectionConfig config,
      CollectionStorage storage,
      List<String> names,
      byte[] manifest,
      long lsn,
      long points)
      throws IOException {
    this.collection = collection;
    this.config = config;
    this.storage = storage;
    this.names = List.copyOf(names);
    this.lsn = lsn;
    this.points = points;
    this.manifestCopy =
        Files.createTempFile(storage.directory(), CollectionStorage.SNAPSHOT_PREFIX, ".manifest");
    try {
      Files.write(manifestCopy, manifest);
    } catch (IOException e) {
      Files.deleteIfExists(manifestCopy);
      throw e;
    }
  }

  @Override
  public String collection() {
    return collection;
  }

  @Override
  public CollectionConfig config() {
    return config;
  }

  @Override
  public long lsn() {
    return lsn;
  }

  @Override
  public long points() {
    return points;
  }

  @Override
  public Map<String, Path> files() {
    Map<String, Path> files = new LinkedHashMap<>();
    files.put(Manifest.FILE, manifestCopy);
    for (String n : names) {
      files.put(n, storage.directory().resolve(n));
    }
    return files;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      storage.unpin(names);
      try {
        Files.deleteIfExists(manifestCopy);
      } catch (IOException e) {
        LOG.warn("could not delete {}", manifestCopy, e);
      }
    }
  }
}
