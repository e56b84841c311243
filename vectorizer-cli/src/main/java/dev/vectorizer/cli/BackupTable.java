package dev.vectorizer.cli;

import dev.vectorizer.backup.BackupCatalog;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table {@code backup list} prints: a header line, then one line per backup, columns separated
 * by two or more spaces; the last column, PROBLEM, says what is wrong with a damaged archive.
 */
final class BackupTable {
  private static final String[] HEADER = {
    "CREATED",
    "COLLECTION",
    "TYPE",
    "LSN",
    "POINTS",
    "BYTES",
    "STATUS",
    "ID",
    "PARENT",
    "FILE",
    "PROBLEM"
  };

  private BackupTable() {}

  static void print(PrintStream out, List<BackupCatalog.Entry> entries) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (BackupCatalog.Entry e : entries) {
      rows.add(
          new String[] {
            e.createdAt().truncatedTo(ChronoUnit.SECONDS).toString(),
            orDash(e.collection()),
            orDash(e.type()),
            e.lsn() < 0 ? "-" : Long.toString(e.lsn()),
            e.points() < 0 ? "-" : Long.toString(e.points()),
            e.sizeBytes() < 0 ? "-" : Long.toString(e.sizeBytes()),
            e.status().name().toLowerCase(Locale.ROOT),
            orDash(e.id()),
            orDash(e.parent()),
            e.file().toString(),
            e.problem() == null ? "" : e.problem().replace('\n', ' ')
          });
    }
    int[] width = new int[HEADER.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(r[i]);
        if (i < r.length - 1) {
          line.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }
}
