package dev.vectorizer.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vectorizer.Embedder;
import dev.vectorizer.VectorStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bind mount of an outside folder inside the tree is not entered: the indexer runs in a child
 * process in its own mount namespace ({@code unshare --mount}), so the mount disappears with it.
 * Skipped where the user may not create mount namespaces (not root).
 */
class BindMountTest {
  @TempDir Path tmp;

  @Test
  void aBindMountInsideTheTreeIsNotEntered() throws Exception {
    Path tree = Files.createDirectories(tmp.resolve("tree")).toRealPath();
    Path etc = Files.createDirectories(tmp.resolve("etc")).toRealPath();
    Files.writeString(etc.resolve("shadow"), "root:*:19000 secret");
    Files.writeString(tree.resolve("inside.txt"), "a note inside");
    Path mnt = Files.createDirectories(tree.resolve("mnt"));
    Path data = tmp.resolve("data");
    List<String> cmd = new ArrayList<>();
    cmd.add("unshare");
    cmd.add("--mount");
    cmd.add("sh");
    cmd.add("-c");
    cmd.add("mount --bind \"$1\" \"$2\" || exit 77; shift 2; exec \"$@\"");
    cmd.add("sh");
    cmd.add(etc.toString());
    cmd.add(mnt.toString());
    cmd.addAll(ChildJvm.command(IndexChild.class, data.toString(), tree.toString()));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      assumeTrue(false, "no unshare command: " + e.getMessage());
      return;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    if (!out.contains("DONE")) {
      assumeTrue(
          p.exitValue() != 77 && !out.startsWith("unshare:"),
          "cannot make a mount namespace here (needs root): " + out);
      throw new AssertionError("the child failed (exit " + p.exitValue() + "): " + out);
    }
    assertTrue(out.contains("SKIPPED " + mnt + ": on another mount"), out);
    assertTrue(Files.list(mnt).findAny().isEmpty(), "the mount ended with the child");
    try (VectorStore store = VectorStore.open(data)) {
      assertEquals(
          Set.of(tree.resolve("inside.txt").toString()),
          store.textCollection("files", Embedder.byName("hashing")).sources().keySet());
    }
  }
}
