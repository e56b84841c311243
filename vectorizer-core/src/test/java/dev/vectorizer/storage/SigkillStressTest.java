package dev.vectorizer.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.Metric;
import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.ExpectedState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a writing child JVM ({@link StressChild}) at random moments of imports, upserts,
 * deletes, deletes by filter, checkpoints, seals, merges, head rebuilds and snapshots; after each
 * kill the store is reopened and checked against the acknowledged operations: none lost, nothing
 * half-applied (the one operation in flight is there whole or not at all), and searches return only
 * live points with their true scores ({@link ExpectedState#verify}).
 *
 * <p>{@code -Dvectorizer.sigkill.kills=N} sets the number of kills (24 by default, 1,000 with
 * {@code -Pstress}); {@code -Dvectorizer.sigkill.seed=S} replays another sequence.
 */
class SigkillStressTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 4, unit = TimeUnit.HOURS)
  void acknowledgedWritesSurviveKillsAtRandomMoments() throws Exception {
    int kills = Integer.getInteger("vectorizer.sigkill.kills", 24);
    long seed = Long.getLong("vectorizer.sigkill.seed", 20261203L);
    long started = System.nanoTime();
    Random timing = new Random(seed);
    ExpectedState model = new ExpectedState(Metric.EUCLIDEAN);
    List<String> universe = IntStream.range(0, StressChild.IDS).mapToObj(i -> "k" + i).toList();
    Path data = dir.resolve("data");
    long next = 0;
    long maxCompactions = 0;
    int[] inFlightApplied = new int[2];
    for (int cycle = 0; cycle < kills; cycle++) {
      String mode = timing.nextInt(3) == 0 ? "compact" : "merge";
      String when = "seed " + seed + ", kill " + (cycle + 1) + " (" + mode + ")";
      Path acks = dir.resolve("acks-" + cycle);
      Process child = start(data, seed, next, acks, mode, dir.resolve("child.jsa"));
      try {
        if (timing.nextInt(5) == 0) {
          // Anywhere from JVM start-up through recovery (replay, leftovers removed) to writing.
          Thread.sleep(timing.nextInt(1500));
        } else {
          BufferedReader out =
              new BufferedReader(
                  new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
          String ready = out.readLine();
          if (!"READY".equals(ready)) {
            throw new AssertionError(when + ": the child did not start: " + ready);
          }
          awaitFirstAcknowledgement(acks, child); // so that most cycles make progress
          Thread.sleep(timing.nextInt(400));
        }
      } finally {
        child.destroyForcibly(); // SIGKILL
        child.waitFor();
      }
      long acked = next - 1;
      // Whole lines only: a line the kill cut is not an acknowledgement.
      String text = Files.exists(acks) ? Files.readString(acks) : "";
      for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
        if (line.startsWith("A ")) {
          String[] f = line.split(" ");
          acked = Long.parseLong(f[1]);
          maxCompactions = Math.max(maxCompactions, Long.parseLong(f[2]));
        }
      }
      for (long s = next; s <= acked; s++) {
        apply(model, StressChild.op(seed, s, mode));
      }
      try (VectorStore store = StressChild.open(data, mode)) {
        if (store.hasCollection(StressChild.COLLECTION)) {
          Collection c = store.collection(StressChild.COLLECTION);
          StressChild.Op inFlight = StressChild.op(seed, acked + 1, mode);
          boolean applied = resolve(c, model, inFlight, when);
          inFlightApplied[applied ? 1 : 0]++;
          model.verify(c, universe, seed + cycle, when);
        } else {
          assertTrue(acked < 0, when + ": the collection is gone after " + acked + " steps");
        }
      }
      next = acked + 2; // the in-flight step is resolved: never run it again
    }
    // Each kill skips the step in flight; the rest were acknowledged.
    assertTrue(next > kills, "the children acknowledged nothing in " + kills + " runs");
    System.out.printf(
        "SigkillStressTest: %d kills, %d steps, in-flight operation applied %d times and not"
            + " %d times, up to %d compactions in one child, %d s (seed %d)%n",
        kills,
        next,
        inFlightApplied[1],
        inFlightApplied[0],
        maxCompactions,
        (System.nanoTime() - started) / 1_000_000_000,
        seed);
  }

  private static void awaitFirstAcknowledgement(Path acks, Process child) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while ((!Files.exists(acks) || Files.size(acks) == 0) && child.isAlive()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the child acknowledged nothing in 60 s");
      }
      Thread.sleep(2);
    }
  }

  private static void apply(ExpectedState model, StressChild.Op op) {
    switch (op.kind()) {
      case IMPORT, UPSERT -> {
        for (int i = 0; i < op.ids().size(); i++) {
          model.put(op.ids().get(i), op.vectors().get(i), op.step());
        }
      }
      case DELETE_BATCH, DELETE -> op.ids().forEach(model::remove);
      case DELETE_WHERE -> model.idsOfBatch(op.batch()).forEach(model::remove);
      default -> {
        // checkpoints and snapshots change no point
      }
    }
  }

  /**
   * Learns whether the operation the kill interrupted was applied, and fails when it was applied in
   * part: each id it touches must show either its state before or its state after, the same for all
   * of them.
   */
  private static boolean resolve(
      Collection c, ExpectedState model, StressChild.Op op, String when) {
    List<String> ids = new ArrayList<>();
    List<ExpectedState.Entry> before = new ArrayList<>();
    List<ExpectedState.Entry> post = new ArrayList<>();
    switch (op.kind()) {
      case IMPORT, UPSERT -> {
        for (int i = 0; i < op.ids().size(); i++) {
          ids.add(op.ids().get(i));
          before.add(model.get(op.ids().get(i)));
          post.add(new ExpectedState.Entry(op.vectors().get(i), op.step()));
        }
      }
      case DELETE_BATCH, DELETE, DELETE_WHERE -> {
        for (String id :
            op.kind() == StressChild.Kind.DELETE_WHERE ? model.idsOfBatch(op.batch()) : op.ids()) {
          ids.add(id);
          before.add(model.get(id));
          post.add(null);
        }
      }
      default -> {
        return false; // changes no point
      }
    }
    int asBefore = 0;
    int asAfter = 0;
    for (int i = 0; i < ids.size(); i++) {
      var actual = c.get(ids.get(i));
      boolean isBefore = ExpectedState.same(actual, before.get(i));
      boolean isAfter = ExpectedState.same(actual, post.get(i));
      if (!isBefore && !isAfter) {
        throw new AssertionError(
            when + ": " + ids.get(i) + " is neither before nor after step " + op.step());
      }
      if (isBefore && !isAfter) {
        asBefore++;
      } else if (isAfter && !isBefore) {
        asAfter++;
      }
    }
    if (asBefore > 0 && asAfter > 0) {
      throw new AssertionError(
          when
              + ": step "
              + op.step()
              + " ("
              + op.kind()
              + ") was applied in part: "
              + asAfter
              + " ids after it, "
              + asBefore
              + " before");
    }
    if (asAfter > 0) {
      apply(model, op);
      return true;
    }
    return false;
  }

  private static Process start(
      Path data, long seed, long step, Path acks, String mode, Path classArchive) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        List.of(
            java,
            "--add-modules",
            "jdk.incubator.vector",
            "-Xmx256m",
            // The first child writes a class-data archive that later ones start from, faster.
            "-XX:+AutoCreateSharedArchive",
            "-XX:SharedArchiveFile=" + classArchive,
            "-XX:TieredStopAtLevel=1",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp",
            System.getProperty("java.class.path"),
            StressChild.class.getName(),
            data.toString(),
            Long.toString(seed),
            Long.toString(step),
            acks.toString(),
            mode);
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
