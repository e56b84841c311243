package dev.vectorizer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.CollectionStats;
import dev.vectorizer.Durability;
import dev.vectorizer.Metric;
import dev.vectorizer.Quantization;
import dev.vectorizer.VectorStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vectorizer collections create|list|info|drop}. */
@Command(
    name = "collections",
    mixinStandardHelpOptions = true,
    description = "Create, list, describe and drop collections.",
    subcommands = {
      CollectionsCommand.Create.class,
      CollectionsCommand.ListCollections.class,
      CollectionsCommand.Info.class,
      CollectionsCommand.Drop.class
    })
final class CollectionsCommand implements Runnable {
  @ParentCommand VectorizerCommand root;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(root.out);
  }

  static Metric metric(String name) {
    try {
      return Metric.parse(name);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
  }

  /** The name {@code --metric} takes for a metric: cosine, dot or euclidean. */
  static String metricName(Metric metric) {
    return switch (metric) {
      case COSINE -> "cosine";
      case DOT_PRODUCT -> "dot";
      case EUCLIDEAN -> "euclidean";
    };
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a collection.")
  static final class Create implements Runnable {
    @ParentCommand CollectionsCommand parent;

    @Parameters(paramLabel = "NAME", description = "The collection's name.")
    String name;

    @Option(names = "--dim", required = true, description = "Vector dimension.")
    int dim;

    @Option(
        names = "--metric",
        defaultValue = "cosine",
        description = "cosine, dot or euclidean (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--max-degree", description = "Graph degree (default 32).")
    Integer maxDegree;

    @Option(names = "--beam-width", description = "Construction beam width (default 64).")
    Integer beamWidth;

    @Option(
        names = "--quantization",
        defaultValue = "none",
        description =
            "none, pq, nvq, binary or int8: compress sealed segments for graph traversal, results"
                + " reranked at full precision (default: ${DEFAULT-VALUE}).")
    String quantization;

    @Override
    public void run() {
      CollectionConfig.Builder b;
      try {
        b = CollectionConfig.builder(dim).metric(metric(metric));
        if (maxDegree != null) {
          b.maxDegree(maxDegree);
        }
        if (beamWidth != null) {
          b.beamWidth(beamWidth);
        }
        b.quantization(Quantization.parse(quantization));
      } catch (IllegalArgumentException e) {
        throw new Main.UsageError(e.getMessage());
      }
      try (VectorStore store = parent.root.openForWriting(Durability.FSYNC)) {
        store.createCollection(name, b.build());
      }
      parent.root.out.println(
          "created collection '"
              + name
              + "' (dimension "
              + dim
              + ", "
              + metricName(metric(metric))
              + (b.build().quantization() == Quantization.NONE
                  ? ""
                  : ", " + quantization.trim().toLowerCase(java.util.Locale.ROOT) + " quantization")
              + ")");
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List collections; one whose files fail their checks is marked UNAVAILABLE with the file"
              + " and the reason (the checks read each file once, loading nothing).")
  static final class ListCollections implements Runnable {
    @ParentCommand CollectionsCommand parent;

    @Override
    public void run() {
      try (VectorStore store = parent.root.openForReading()) {
        java.util.Map<String, String> unavailable = new java.util.TreeMap<>();
        for (dev.vectorizer.CheckReport.Finding f : store.check().findings()) {
          if (f.severity() == dev.vectorizer.CheckReport.Severity.ERROR) {
            unavailable.putIfAbsent(
                f.collection(), (f.file() == null ? "" : f.file() + ": ") + f.problem());
          }
        }
        for (String name : store.listCollections()) {
          String why = unavailable.get(name);
          parent.root.out.println(why == null ? name : name + "  UNAVAILABLE " + why);
        }
      }
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true, description = "Describe a collection.")
  static final class Info implements Runnable {
    @ParentCommand CollectionsCommand parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public void run() {
      try (VectorStore store = parent.root.openForReading()) {
        Collection c = store.collection(name);
        CollectionConfig cfg = c.config();
        CollectionStats st = c.stats();
        if (json) {
          ObjectMapper m = new ObjectMapper();
          ObjectNode n = m.createObjectNode();
          n.put("name", name);
          n.put("dimension", cfg.dimension());
          n.put("metric", metricName(cfg.metric()));
          n.put("maxDegree", cfg.maxDegree());
          n.put("beamWidth", cfg.beamWidth());
          n.put("neighborOverflow", cfg.neighborOverflow());
          n.put("alpha", cfg.alpha());
          n.put("searchBeamWidth", cfg.searchBeamWidth());
          n.put("exactSearchThreshold", cfg.exactSearchThreshold());
          n.put("quantization", cfg.quantization().name().toLowerCase(java.util.Locale.ROOT));
          n.put("points", st.points());
          n.put("deletedPoints", st.deletedPoints());
          n.put("segments", st.segments());
          n.put("kernels", st.kernels());
          parent.root.out.println(n.toString());
        } else {
          PrintLines p = new PrintLines(parent.root.out);
          p.line("name", name);
          p.line("dimension", cfg.dimension());
          p.line("metric", metricName(cfg.metric()));
          p.line("points", st.points());
          p.line("deleted points", st.deletedPoints());
          p.line("segments", st.segments());
          p.line("graph degree", cfg.maxDegree());
          p.line("beam width", cfg.beamWidth());
          p.line("neighbor overflow", cfg.neighborOverflow());
          p.line("alpha", cfg.alpha());
          p.line("search beam width", cfg.searchBeamWidth());
          p.line("exact search threshold", cfg.exactSearchThreshold());
          p.line("quantization", cfg.quantization().name().toLowerCase(java.util.Locale.ROOT));
          p.line("kernels", st.kernels());
        }
      }
    }
  }

  @Command(name = "drop", mixinStandardHelpOptions = true, description = "Drop a collection.")
  static final class Drop implements Runnable {
    @ParentCommand CollectionsCommand parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public void run() {
      try (VectorStore store = parent.root.openForWriting(Durability.FSYNC)) {
        if (!store.dropCollection(name)) {
          throw new Main.Failure("no collection named '" + name + "'");
        }
      }
      parent.root.out.println("dropped collection '" + name + "'");
    }
  }

  /** Aligned "key: value" lines. */
  private record PrintLines(java.io.PrintStream out) {
    void line(String key, Object value) {
      out.printf("%-24s %s%n", key + ":", value);
    }
  }
}
