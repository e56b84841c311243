package dev.vectorizer.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on stderr, redrawn at most ten times a second, shown only when stderr is
 * a terminal (the launcher passes {@code -Dvectorizer.progress=true} then).
 *
 * <p>Not thread-safe.
 */
final class Progress {
  private final PrintStream err;
  private final boolean enabled;
  private final long total;
  private final long start = System.nanoTime();
  private long lastDraw;

  Progress(PrintStream err, long total) {
    this.err = err;
    this.total = total;
    this.enabled = Boolean.getBoolean("vectorizer.progress");
  }

  void update(long done, long units) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L && done < total) {
      return;
    }
    lastDraw = now;
    double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
    int width = 30;
    int filled = (int) (fraction * width);
    double seconds = (now - start) / 1e9;
    err.printf(
        "\r[%s%s] %3d%% %d %.0f/s ",
        "#".repeat(filled),
        " ".repeat(width - filled),
        (int) (fraction * 100),
        units,
        seconds > 0 ? units / seconds : 0.0);
    err.flush();
  }

  void finish() {
    if (enabled) {
      err.print("\r" + " ".repeat(70) + "\r");
      err.flush();
    }
  }
}
