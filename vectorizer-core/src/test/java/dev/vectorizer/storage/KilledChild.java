package dev.vectorizer.storage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a writing child JVM of the crash tests until a SIGKILL: the child prints {@code READY}, then
 * appends {@code A <index>} to an acknowledgement file after each operation returns; the parent
 * kills it after a while and reads back the last acknowledged index.
 */
final class KilledChild {
  private KilledChild() {}

  /**
   * Starts the child, lets it write for a while, kills it.
   *
   * @param main the child's main class; its arguments are {@code args} then the ack file
   * @param acks the acknowledgement file
   * @param firstOp the index of the child's first operation
   * @param millis how long it writes after {@code READY}
   * @param args the child's first arguments
   * @return the last acknowledged index ({@code firstOp - 1} when none)
   * @throws Exception when the child does not start
   */
  static long run(Class<?> main, Path acks, long firstOp, long millis, String... args)
      throws Exception {
    return run(main, List.of(), acks, firstOp, millis, args);
  }

  /**
   * Starts the child with extra JVM options ({@code -Dname=value}), lets it write, kills it.
   *
   * @param main the child's main class; its arguments are {@code args} then the ack file
   * @param jvmOptions options for the child's JVM, before its class path
   * @param acks the acknowledgement file
   * @param firstOp the index of the child's first operation
   * @param millis how long it writes after {@code READY}
   * @param args the child's first arguments
   * @return the last acknowledged index ({@code firstOp - 1} when none)
   * @throws Exception when the child does not start
   */
  static long run(
      Class<?> main, List<String> jvmOptions, Path acks, long firstOp, long millis, String... args)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("-Xshare:auto");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    cmd.add(acks.toString());
    Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String ready = lines.readLine();
    if (!"READY".equals(ready)) {
      child.destroyForcibly();
      throw new AssertionError("child did not start: " + ready + " (exit " + child.waitFor() + ")");
    }
    Thread.sleep(millis);
    child.destroyForcibly(); // SIGKILL on Unix
    child.waitFor();
    long acked = firstOp - 1;
    for (String line : Files.readAllLines(acks)) {
      if (line.startsWith("A ")) {
        acked = Long.parseLong(line.substring(2));
      }
    }
    return acked;
  }
}
