package dev.vectorizer.watch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists the files under a watch path (or under a folder in it) that the indexer should look at, as
 * lexical paths, each with its real path when the scan saw it as a regular file in a folder it
 * resolved (so the indexer need not resolve it again), else null. It never opens a directory {@link
 * Containment} rejects: symlinks are followed only with {@code follow_symlinks} and only to real
 * paths inside the watch paths; a link back to a folder it is already in is a loop and is skipped;
 * mount points are not entered; excluded directories are pruned silently. What it skips besides
 * those is reported to a {@link Skips}. Files it lists may still be skipped by the indexer
 * (patterns, size, binary).
 *
 * <p>Not thread-safe; cheap to create.
 */
final class TreeScanner {
  /** Receives what the scan skipped. */
  interface Skips {
    void skip(Path path, String reason, boolean link);
  }

  private final PathRules rules;
  private final Containment containment;
  private final boolean follow;

  TreeScanner(PathRules rules, Containment containment) {
    this.rules = rules;
    this.containment = containment;
    this.follow = rules.config().followSymlinks();
  }

  /** Every file under all watch paths, lexical path to real path (or null). */
  Map<Path, Path> scanAll(Skips skips) {
    Map<Path, Path> out = new LinkedHashMap<>();
    for (Path root : rules.roots()) {
      scan(root, root, skips, out);
    }
    return out;
  }

  /**
   * The files at or below {@code start}, a lexical path at or below {@code root}.
   *
   * @param out receives the files
   */
  void scan(Path root, Path start, Skips skips, Map<Path, Path> out) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(start, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return; // gone
    }
    if (a.isRegularFile()) {
      out.put(start, null);
      return;
    }
    if (!a.isDirectory() && !a.isSymbolicLink()) {
      skips.skip(start, "not a regular file", false);
      return;
    }
    if (rules.excludedDirectory(root, start) || rules.insideExcludedDirectory(root, start)) {
      return;
    }
    Containment.Resolved r = containment.resolve(root, start);
    if (!r.ok() || !Files.isDirectory(r.real())) {
      if (r.ok() || a.isSymbolicLink() || start.equals(root)) {
        out.put(start, null); // the indexer checks links (and file roots) and reports them
      } else {
        skips.skip(start, r.skip(), true);
      }
      return;
    }
    String mount = containment.otherMount(r.real());
    if (mount != null) {
      skips.skip(start, mount, true);
      return;
    }
    Set<Path> onPath = new HashSet<>();
    Path rr = containment.containing(r.real());
    for (Path d = r.real().getParent(); d != null && rr != null && d.startsWith(rr); ) {
      onPath.add(d);
      d = d.getParent();
    }
    if (a.isSymbolicLink() && loops(onPath, r.real())) {
      skips.skip(start, "a symlink loop (to " + r.real() + ")", true);
      return;
    }
    walk(root, start, r.real(), onPath, skips, out);
  }

  private static boolean loops(Set<Path> onPath, Path target) {
    for (Path p : onPath) {
      if (p.startsWith(target)) {
        return true;
      }
    }
    return false;
  }

  private void walk(
      Path root, Path dir, Path realDir, Set<Path> onPath, Skips skips, Map<Path, Path> out) {
    if (!rules.config().recursive() && !dir.equals(root)) {
      return;
    }
    onPath.add(realDir);
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(entries::add);
    } catch (IOException e) {
      skips.skip(dir, "cannot list it: " + Problems.describe(e), false);
      onPath.remove(realDir);
      return;
    }
    entries.sort(null);
    for (Path entry : entries) {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        continue; // vanished meanwhile
      }
      if (a.isRegularFile()) {
        out.put(entry, realDir.resolve(entry.getFileName().toString()));
      } else if (a.isDirectory()) {
        if (rules.excludedDirectory(root, entry)) {
          continue;
        }
        Path real = realDir.resolve(entry.getFileName().toString());
        String mount = containment.otherMount(real);
        if (mount != null) {
          skips.skip(entry, mount, true);
          continue;
        }
        walk(root, entry, real, onPath, skips, out);
      } else if (a.isSymbolicLink()) {
        link(root, entry, onPath, skips, out);
      } else {
        skips.skip(entry, "not a regular file", false);
      }
    }
    onPath.remove(realDir);
  }

  private void link(Path root, Path entry, Set<Path> onPath, Skips skips, Map<Path, Path> out) {
    if (!follow) {
      out.put(entry, null); // reported (and its old chunks removed) by the indexer
      return;
    }
    Containment.Resolved r = containment.resolve(root, entry);
    if (!r.ok() || !Files.isDirectory(r.real())) {
      out.put(entry, null); // a link to a file, or a bad link: the indexer checks and reports it
      return;
    }
    String mount = containment.otherMount(r.real());
    if (mount != null) {
      skips.skip(entry, mount, true);
      return;
    }
    if (loops(onPath, r.real())) {
      skips.skip(entry, "a symlink loop (to " + r.real() + ")", true);
      return;
    }
    if (!rules.excludedDirectory(root, entry)) {
      walk(root, entry, r.real(), onPath, skips, out);
    }
  }
}
