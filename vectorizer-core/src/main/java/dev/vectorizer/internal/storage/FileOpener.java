package dev.vectorizer.internal.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Opens files for reading. {@link #DIRECT} opens on demand; {@link #snapshot(Path)} opens every
 * file of a collection at once, so that a read-only open in another process reads one consistent
 * set of files even when the writer's checkpoint deletes some of them a moment later (on POSIX an
 * open file stays readable after it is deleted). The caller closes the channels it takes.
 */
public interface FileOpener extends AutoCloseable {
  /**
   * Opens a file for reading; the caller owns the channel.
   *
   * @param path the file
   * @return the channel
   * @throws IOException when it cannot be opened
   */
  FileChannel open(Path path) throws IOException;

  /**
   * The regular files of a directory: as listed now, or, for a snapshot, as listed when the
   * snapshot was taken (files created later are not part of the state it read).
   *
   * @param dir the directory
   * @return the files, sorted
   * @throws IOException when the directory cannot be listed
   */
  default java.util.List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return java.util.List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Override
  default void close() throws IOException {}

  /** Opens files when asked. */
  FileOpener DIRECT = path -> FileChannel.open(path, StandardOpenOption.READ);

  /**
   * Opens every file of a collection directory and its {@code wal/} now.
   *
   * @param dir the collection directory
   * @return the opener, which hands each pre-opened channel out once
   * @throws IOException on failure
   */
  static FileOpener snapshot(Path dir) throws IOException {
    Map<Path, FileChannel> open = new HashMap<>();
    // The log first, then the manifest and segments: a writer's checkpoint renames the new
    // manifest into place before it deletes the log files that manifest covers, so a manifest
    // opened after the log was listed never needs a log file the listing missed. (The other order
    // could pair an old manifest with a log already trimmed by a newer one: acknowledged writes
    // between the two would be missing from the read-only view.)
    for (Path d : new Path[] {dir.resolve("wal"), dir}) {
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> s = Files.list(d)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          try {
            open.put(p.toAbsolutePath(), FileChannel.open(p, StandardOpenOption.READ));
          } catch (NoSuchFileException e) {
            // deleted between the listing and the open: not part of any state we can read
          }
        }
      }
    }
    java.util.Map<Path, java.util.List<Path>> listed = new java.util.HashMap<>();
    for (Path p : open.keySet()) {
      listed.computeIfAbsent(p.getParent(), k -> new java.util.ArrayList<>()).add(p);
    }
    listed.values().forEach(l -> l.sort(null));
    return new FileOpener() {
      @Override
      public java.util.List<Path> list(Path dir) {
        return listed.getOrDefault(dir.toAbsolutePath(), java.util.List.of());
      }

      @Override
      public FileChannel open(Path path) throws IOException {
        FileChannel ch = open.remove(path.toAbsolutePath());
        return ch != null ? ch : DIRECT.open(path);
      }

      @Override
      public void close() throws IOException {
        for (FileChannel ch : open.values()) {
          ch.close();
        }
        open.clear();
      }
    };
  }
}
