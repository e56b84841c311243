package dev.vectorizer.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The mount points of this process, from {@code /proc/self/mountinfo} (Linux), so that the watcher
 * does not cross into another mount, a bind mount of a folder outside the watch paths included
 * (bind mounts of the same file system share a device number, so only this table shows them). Where
 * the file does not exist the set is empty and the device-number check stands alone.
 */
final class MountTable {
  static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private MountTable() {}

  /** The current mount points; empty where the system has no mountinfo file. */
  static Set<Path> read() {
    if (!Files.isReadable(MOUNTINFO)) {
      return Set.of();
    }
    try {
      return parse(Files.readAllLines(MOUNTINFO));
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
  }

  /**
   * Parses mountinfo lines ({@code id parent major:minor root mount-point options ... - type source
   * super-options}): the fifth field, with the kernel's octal escapes ({@code \040} for a space)
   * decoded. Lines with fewer fields or a mount point that is not an absolute path are ignored.
   */
  static Set<Path> parse(List<String> lines) {
    Set<Path> out = new HashSet<>();
    for (String line : lines) {
      String[] f = line.trim().split(" +");
      if (f.length < 5 || !f[4].startsWith("/")) {
        continue;
      }
      try {
        out.add(Path.of(unescape(f[4])).normalize());
      } catch (IllegalArgumentException e) {
        // not a path we could ever be asked about
      }
    }
    return out;
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
