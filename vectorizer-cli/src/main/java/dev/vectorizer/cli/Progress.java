package dev.vectorizer.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on stderr ({@code [##### ] 45% 450000/1000000 12345/s}), redrawn at most
 * ten times a second, shown only when stderr is a terminal.
 *
 * <p>Whether it is: {@code bin/vectorizer} tests stderr itself and passes {@code
 * -Dvectorizer.progress=true|false}; without that property (for example {@code java -jar}), the bar
 * is shown when {@code System.console() != null}, which tells whether stdin and stdout are a
 * terminal, the closest Java gets.
 *
 * <p>Not thread-safe.
 */
final class Progress {
  private static final int WIDTH = 30;

  private final PrintStream err;
  private final boolean enabled;
  private final long total;
  private final long start = System.nanoTime();
  private long lastDraw;
  private int lastLength;

  /**
   * Creates a progress bar.
   *
   * @param err where to draw it
   * @param total the number of units expected (rows), or 0 when unknown
   */
  Progress(PrintStream err, long total) {
    this(err, total, enabledByDefault());
  }

  Progress(PrintStream err, long total, boolean enabled) {
    this.err = err;
    this.total = total;
    this.enabled = enabled;
  }

  static boolean enabledByDefault() {
    String property = System.getProperty("vectorizer.progress");
    return property != null ? Boolean.parseBoolean(property) : System.console() != null;
  }

  void update(long done) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L && done < total) {
      return;
    }
    lastDraw = now;
    String line = render(done, total, (now - start) / 1e9);
    err.print("\r" + line);
    lastLength = line.length();
    err.flush();
  }

  void finish() {
    if (enabled && lastLength > 0) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
      err.flush();
    }
  }

  /** The bar for {@code done} of {@code total} units after {@code seconds}. */
  static String render(long done, long total, double seconds) {
    double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
    int filled = (int) (fraction * WIDTH);
    return String.format(
        java.util.Locale.ROOT,
        "[%s%s] %3d%% %d/%d %.0f/s",
        "#".repeat(filled),
        " ".repeat(WIDTH - filled),
        (int) (fraction * 100),
        done,
        total,
        seconds > 0 ? done / seconds : 0.0);
  }
}
