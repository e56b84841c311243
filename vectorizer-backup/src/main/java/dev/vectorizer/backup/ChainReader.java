package dev.vectorizer.backup;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one code path that verify and restore share: resolves a backup's parent chain, checks every
 * archive of it entry by entry ({@link Archive#verify}), and checks that the chain holds every file
 * of the final state with the checksum the state names. Restore passes a directory to extract the
 * final state's files into; verify passes none. So an archive that verify accepts is one that
 * restore accepts, and the other way round.
 */
final class ChainReader {
  private static final int MAX_CHAIN = 1000;

  /** Finds the archive of a backup by id. */
  @FunctionalInterface
  interface Parents {
    /**
     * The archive holding backup {@code id}, the parent of {@code child}, or null.
     *
     * @param id the parent's id
     * @param child the archive that names it
     */
    Path find(String id, Path child);
  }

  /** An archive of a chain and its manifest. */
  record Link(Path file, BackupManifest manifest) {}

  private ChainReader() {}

  /**
   * The archives needed to restore {@code archive}, full backup first, with their manifests.
   *
   * @throws BackupException when a parent is missing, of another collection, or the chain loops
   */
  static List<Link> chain(Path archive, Parents parents) {
    Deque<Link> chain = new ArrayDeque<>();
    BackupManifest m = Archive.readManifest(archive);
    chain.addFirst(new Link(archive, m));
    Set<String> seen = new HashSet<>();
    seen.add(m.id());
    Path child = archive;
    while (m.parent() != null) {
      String parentId = m.parent();
      Path parent = parents.find(parentId, child);
      if (parent == null) {
        throw new BackupException(
            archive,
            null,
            "its parent backup "
                + parentId
                + " is neither in the store's backup catalog nor in "
                + child.toAbsolutePath().getParent());
      }
      BackupManifest pm;
      try {
        pm = Archive.readManifest(parent);
      } catch (BackupException e) {
        throw brokenChain(archive, e);
      }
      if (!pm.id().equals(parentId)) {
        throw brokenChain(
            archive,
            new BackupException(parent, null, "holds backup " + pm.id() + ", not " + parentId));
      }
      if (!pm.collection().equals(m.collection())) {
        throw brokenChain(
            archive,
            new BackupException(
                parent,
                null,
                "is a backup of '" + pm.collection() + "', not of '" + m.collection() + "'"));
      }
      if (!seen.add(pm.id()) || chain.size() >= MAX_CHAIN) {
        throw new BackupException(archive, null, "its parent chain loops or is too long");
      }
      chain.addFirst(new Link(parent, pm));
      m = pm;
      child = parent;
    }
    return new ArrayList<>(chain);
  }

  private static BackupException brokenChain(Path archive, BackupException cause) {
    return new BackupException(
        archive, null, "its parent chain is broken: " + cause.getMessage(), cause);
  }

  /**
   * Verifies a chain and, with {@code into}, extracts the files of its final state.
   *
   * @param chain the chain, full backup first (from {@link #chain})
   * @param into where to extract the final state, or null to only check
   * @param output how extracted files are opened
   * @throws BackupException at the first problem, naming the archive and the entry
   */
  static void read(List<Link> chain, Path into, Archive.Output output) {
    Link last = chain.get(chain.size() - 1);
    Map<String, Map<String, BackupManifest.StateFile>> byHolder = new HashMap<>();
    for (Link l : chain) {
      byHolder.put(l.manifest().id(), new LinkedHashMap<>());
    }
    for (BackupManifest.StateFile f : last.manifest().state().values()) {
      Map<String, BackupManifest.StateFile> holder = byHolder.get(f.in());
      if (holder == null) {
        throw new BackupException(
            last.file(),
            "files/" + f.name(),
            "is held by backup " + f.in() + ", which is not in the chain");
      }
      holder.put(f.name(), f);
    }
    for (Link l : chain) {
      Map<String, BackupManifest.StateFile> keep = byHolder.get(l.manifest().id());
      for (BackupManifest.StateFile f : keep.values()) {
        if (!l.manifest().entries().containsKey(f.name())) {
          throw new BackupException(
              l.file(),
              "files/" + f.name(),
              "is missing from every backup of the chain (backup "
                  + l.manifest().id()
                  + " should hold it)");
        }
      }
      try {
        Archive.verify(l.file(), l.manifest(), keep, into, output);
      } catch (BackupException e) {
        throw l == last ? e : brokenChain(last.file(), e);
      }
    }
  }
}
