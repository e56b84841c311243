package dev.vectorizer.watch;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Containment: nothing outside the watch paths is read, whatever links, {@code ..} or mounts say. A
 * path is resolved to its real path (every link and {@code ..} followed) before anything is opened,
 * and accepted only when
 *
 * <ul>
 *   <li>with {@code follow_symlinks: false}: the real path is the lexical one (no link on the way);
 *   <li>with {@code follow_symlinks: true}: the real path is inside the real path of a watch path;
 *   <li>and no directory between that watch path and the file is a mount point (another file
 *       system, or a bind mount, which could show any folder of the machine), nor is the file on
 *       another device than its watch path.
 * </ul>
 *
 * The reader ({@link FileContent}) then opens the real path without following a final link and
 * checks after reading that the path still resolves to the same file.
 *
 * <p>Thread-safe: the mount table is replaced atomically by {@link #refreshMounts()}.
 */
final class Containment {
  /** A resolved path: its real path, or why it is skipped. */
  record Resolved(Path real, String skip) {
    boolean ok() {
      return skip == null;
    }
  }

  private final boolean follow;
  private final Map<Path, Path> realRoots = new LinkedHashMap<>();
  private final Map<Path, String> rootDevices = new HashMap<>();
  private volatile Set<Path> mounts = Set.of();

  Containment(List<Path> roots, boolean follow) {
    this.follow = follow;
    for (Path root : roots) {
      try {
        Path rr = root.toRealPath();
        realRoots.put(root, rr);
        String device = device(rr);
        if (device != null) {
          rootDevices.put(rr, device);
        }
      } catch (IOException e) {
        // a watch path that does not exist holds nothing
      }
    }
    refreshMounts();
  }

  void refreshMounts() {
    mounts = MountTable.read();
  }

  /** The real path of a watch path, or null when it does not exist. */
  Path realRoot(Path root) {
    return realRoots.get(root);
  }

  /**
   * Resolves {@code p} (a lexical path at or below {@code root}) and checks it.
   *
   * @return the real path, or the reason to skip it
   */
  Resolved resolve(Path root, Path p) {
    Path rr = realRoots.get(root);
    if (rr == null) {
      return new Resolved(null, "its watch path " + root + " does not exist");
    }
    Path real;
    try {
      real = p.toRealPath();
    } catch (NoSuchFileException e) {
      return new Resolved(null, "a dangling symlink");
    } catch (FileSystemException e) {
      return new Resolved(null, Problems.describe(e));
    } catch (IOException e) {
      return new Resolved(null, Problems.describe(e));
    }
    Path containing;
    if (follow) {
      containing = containing(real);
      if (containing == null) {
        return new Resolved(null, "a symlink to " + real + ", outside the watch paths");
      }
    } else {
      Path expected = p.equals(root) ? rr : rr.resolve(root.relativize(p).toString());
      if (!real.equals(expected)) {
        return new Resolved(null, "a symlink, or below one (follow_symlinks is false)");
      }
      containing = rr;
    }
    String mount = mountPoint(containing, real);
    return mount == null ? new Resolved(real, null) : new Resolved(null, mount);
  }

  /** The real watch path that holds a real path, or null. */
  Path containing(Path real) {
    for (Path rr : realRoots.values()) {
      if (real.startsWith(rr)) {
        return rr;
      }
    }
    return null;
  }

  /** Why a real path (a folder, usually) is on another mount than its watch path, or null. */
  String otherMount(Path real) {
    Path rr = containing(real);
    if (rr == null) {
      return "outside the watch paths";
    }
    String m = mountPoint(rr, real);
    return m != null ? m : otherDevice(rr, device(real));
  }

  /**
   * Why a file whose real path {@link #resolve} accepted is on another mount, from its device
   * number (read with its stamp), or null.
   */
  String otherMount(Path real, String device) {
    Path rr = containing(real);
    if (rr == null) {
      return "outside the watch paths";
    }
    String m = mountPoint(rr, real);
    return m != null ? m : otherDevice(rr, device);
  }

  /** Whether a folder between the watch path and {@code real}, or itself, is a mount point. */
  private String mountPoint(Path rr, Path real) {
    Set<Path> m = mounts;
    for (Path d = real; d != null && !d.equals(rr) && d.startsWith(rr); d = d.getParent()) {
      if (m.contains(d)) {
        return "on another mount (" + d + "); add it as a watch path to include it";
      }
    }
    return null;
  }

  private String otherDevice(Path rr, String device) {
    String rootDevice = rootDevices.get(rr);
    if (rootDevice != null && device != null && !rootDevice.equals(device)) {
      return "on another file system than " + rr + "; add it as a watch path to include it";
    }
    return null;
  }

  /**
   * Which folders the OS watcher may register: watch paths, and folders below them that the rules
   * do not exclude and that are not on another mount (for the rules given, captured).
   */
  java.util.function.Predicate<Path> watchable(PathRules rules) {
    return dir -> {
      Path root = rules.rootOf(dir);
      if (root == null || dir.equals(root)) {
        return root != null;
      }
      Path rr = realRoots.get(root);
      return rr != null
          && !rules.excludedDirectory(root, dir)
          && otherMount(rr.resolve(root.relativize(dir).toString())) == null;
    };
  }

  private static String device(Path p) {
    try {
      return String.valueOf(Files.getAttribute(p, "unix:dev"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }
}
