package dev.vectorizer;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link VectorStore#check()} found in a store's files, or what {@link
 * VectorStore#repair(String)} did: one {@link Finding} per problem, none when every file passed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param findings the problems, by collection
 */
public record CheckReport(List<Finding> findings) {
  /** Copies the list. */
  public CheckReport {
    findings = List.copyOf(findings);
  }

  /**
   * Whether there is nothing to report.
   *
   * @return whether there are no findings
   */
  public boolean clean() {
    return findings.isEmpty();
  }

  /**
   * Whether a collection cannot be used as its files are.
   *
   * @return whether some finding is an {@link Severity#ERROR}
   */
  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
  }

  /** How bad a finding is. */
  public enum Severity {
    /**
     * Harmless as it is: opening copes (a torn write-ahead-log tail is ignored, leftovers of an
     * interrupted write are removed by the next writer); repair tidies it.
     */
    WARNING,
    /** The collection is unavailable until it is repaired, restored from a backup or dropped. */
    ERROR
  }

  /**
   * One problem.
   *
   * @param collection the collection's name
   * @param file the file concerned, or null
   * @param severity how bad it is
   * @param problem what is wrong
   * @param repair what {@link VectorStore#repair(String)} does about it (in a repair's report: what
   *     it did), or null when repair cannot fix it (then restore the collection from a backup or
   *     drop it)
   */
  public record Finding(
      String collection, Path file, Severity severity, String problem, String repair) {
    /** Checks the required fields. */
    public Finding {
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(problem, "problem");
    }
  }
}
