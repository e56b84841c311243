package dev.vectorizer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Draws recall (x) against QPS (y, log scale) for every engine as an SVG. */
final class Plot {
  private static final String[] COLOURS = {
    "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f",
    "#17becf"
  };

  private Plot() {}

  static void svg(Path out, List<AnnHarness.EngineResult> results, int k) throws IOException {
    int w = 720;
    int h = 480;
    int left = 70;
    int right = 150;
    int top = 30;
    int bottom = 50;
    double minRecall = 1.0;
    double minQps = Double.MAX_VALUE;
    double maxQps = 0;
    for (AnnHarness.EngineResult r : results) {
      for (AnnHarness.Point p : r.points()) {
        minRecall = Math.min(minRecall, p.recall());
        minQps = Math.min(minQps, p.qps());
        maxQps = Math.max(maxQps, p.qps());
      }
    }
    minRecall = Math.max(0, Math.floor(minRecall * 20) / 20);
    double lo = Math.log10(Math.max(1, minQps * 0.8));
    double hi = Math.log10(maxQps * 1.2);
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d'"
                + " font-family='sans-serif' font-size='12'>%n"
                + "<rect width='100%%' height='100%%' fill='white'/>%n",
            w,
            h));
    int pw = w - left - right;
    int ph = h - top - bottom;
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#444'/>%n",
            left,
            top,
            pw,
            ph));
    for (int i = 0; i <= 5; i++) {
      double r = minRecall + (1 - minRecall) * i / 5;
      double x = left + pw * (r - minRecall) / (1 - minRecall);
      s.append(
          String.format(
              Locale.ROOT,
              "<text x='%.1f' y='%d' text-anchor='middle'>%.2f</text>%n",
              x,
              h - bottom + 18,
              r));
    }
    for (double e = Math.ceil(lo); e <= hi; e += 0.5) {
      double y = top + ph * (1 - (e - lo) / (hi - lo));
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#ddd'/>"
                  + "<text x='%d' y='%.1f' text-anchor='end'>%.0f</text>%n",
              left,
              left + pw,
              y,
              y,
              left - 6,
              y + 4,
              Math.pow(10, e)));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x='%d' y='%d' text-anchor='middle'>recall@%d</text>%n"
                + "<text x='16' y='%d' transform='rotate(-90 16 %d)' text-anchor='middle'>"
                + "queries/s (median of repetitions, log scale)</text>%n",
            left + pw / 2,
            h - 10,
            k,
            top + ph / 2,
            top + ph / 2));
    for (int i = 0; i < results.size(); i++) {
      AnnHarness.EngineResult r = results.get(i);
      String colour = COLOURS[i % COLOURS.length];
      StringBuilder path = new StringBuilder();
      for (AnnHarness.Point p : r.points()) {
        double x = left + pw * (p.recall() - minRecall) / (1 - minRecall + 1e-9);
        double y = top + ph * (1 - (Math.log10(p.qps()) - lo) / (hi - lo));
        path.append(path.length() == 0 ? "M" : " L")
            .append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
        s.append(
            String.format(
                Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>%n", x, y, colour));
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<path d='%s' fill='none' stroke='%s' stroke-width='2'/>%n"
                  + "<text x='%d' y='%d' fill='%s'>%s</text>%n",
              path,
              colour,
              left + pw + 12,
              top + 20 + 18 * i,
              colour,
              r.name()));
    }
    s.append("</svg>\n");
    Files.writeString(out, s.toString());
    System.out.println("wrote " + out);
  }
}
