package dev.vectorizer.internal.engine;

import dev.vectorizer.internal.kernels.MappedVectors;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where the vectors of a sealed segment live once its file is opened: mapped from the file
 * (ADR 0016) or read onto the heap (ADR 0018).
 *
 * <p>Why not always mapped: a graph search reads a few hundred vectors at scattered addresses per
 * query, and with 4 KB pages nearly every one costs a TLB miss (a page walk). The file's mapping
 * uses 4 KB pages; the heap uses 2 MB pages when the JVM runs with {@code
 * -XX:+UseTransparentHugePages} (or {@code -XX:+UseLargePages}, or the kernel's transparent huge
 * pages are {@code always}). Measured on real 384-d embeddings, heap vectors on huge pages answer
 * about a quarter more queries per second than mapped ones (docs/benchmarks.md). So when the heap
 * has huge pages and the segment's vectors fit a budget (a quarter of the maximum heap, for all
 * segments placed so together), they are read onto the heap; otherwise they are mapped.
 *
 * <p>Quantized collections (ADR 0017) are always mapped in auto mode: their traversal reads codes,
 * the float vectors serve only the rerank, and keeping them off the heap is the point.
 *
 * <p>{@code -Dvectorizer.mapSegments=true} always maps, {@code false} always reads onto the heap,
 * {@code auto} (the default) decides as above. Java 21 cannot map (no foreign memory API): heap.
 *
 * <p>Thread-safe: the budget is an atomic counter, given back when a segment's vectors are garbage
 * collected.
 */
final class VectorPlacement {
  private static final Logger LOG = LoggerFactory.getLogger(VectorPlacement.class);
  private static final Cleaner CLEANER = Cleaner.create();
  static final AtomicLong ON_HEAP = new AtomicLong();
  private static volatile Boolean hugePageHeap;

  private VectorPlacement() {}

  /** A decision: map the vectors, or read them onto the heap under a reservation. */
  record Decision(boolean map, long reservedBytes) {
    /**
     * Gives the reservation back when {@code owner} (the segment's vectors) becomes unreachable.
     *
     * @param owner the object holding the heap vectors
     */
    void releaseWhenCollected(Object owner) {
      if (reservedBytes > 0) {
        long bytes = reservedBytes;
        CLEANER.register(owner, () -> ON_HEAP.addAndGet(-bytes));
      }
    }
  }

  /**
   * Where to put a segment's vectors.
   *
   * @param vectorBytes the size of its vector section
   * @param quantized whether the collection searches compressed codes (its float vectors serve only
   *     the rerank, and keeping them off the heap is the point of quantizing: auto maps them)
   * @return the decision; when it reads onto the heap under a reservation, the caller registers the
   *     vectors with {@link Decision#releaseWhenCollected}
   */
  static Decision decide(long vectorBytes, boolean quantized) {
    return decide(
        vectorBytes,
        MappedVectors.available(),
        () -> !quantized && hugePageHeap(),
        Runtime.getRuntime().maxMemory());
  }

  /**
   * {@link #decide(long)} with the JVM's facts given (for tests).
   *
   * @param vectorBytes the size of the segment's vector section
   * @param canMap whether this JVM can map vectors
   * @param hugePages whether the heap has huge pages (asked only in auto mode)
   * @param maxHeap the maximum heap in bytes
   * @return the decision
   */
  static Decision decide(
      long vectorBytes,
      boolean canMap,
      java.util.function.BooleanSupplier hugePages,
      long maxHeap) {
    if (!canMap) {
      return new Decision(false, 0);
    }
    String mode =
        System.getProperty("vectorizer.mapSegments", "auto").toLowerCase(java.util.Locale.ROOT);
    switch (mode) {
      case "true" -> {
        return new Decision(true, 0);
      }
      case "false" -> {
        return new Decision(false, 0);
      }
      case "auto" -> {
        // decided below
      }
      default ->
          throw new IllegalArgumentException(
              "vectorizer.mapSegments is '" + mode + "': use true, false or auto");
    }
    if (!hugePages.getAsBoolean()) {
      return new Decision(true, 0);
    }
    long budget = maxHeap / 4;
    for (long used = ON_HEAP.get(); used + vectorBytes <= budget; used = ON_HEAP.get()) {
      if (ON_HEAP.compareAndSet(used, used + vectorBytes)) {
        return new Decision(false, vectorBytes);
      }
    }
    return new Decision(true, 0);
  }

  /**
   * Whether the Java heap is backed by huge pages: the JVM was started with transparent or explicit
   * large pages, or the kernel gives them to every large anonymous mapping. Computed once.
   *
   * @return whether heap vectors avoid most TLB misses
   */
  static boolean hugePageHeap() {
    Boolean h = hugePageHeap;
    if (h == null) {
      h = jvmOption("UseTransparentHugePages") || jvmOption("UseLargePages") || kernelAlways();
      hugePageHeap = h;
      LOG.info(
          "Vectorizer sealed segments: {}",
          h
              ? "the heap has huge pages: vectors are read onto it, up to a quarter of the heap"
              : "vectors are mapped from their files (no huge pages on the heap)");
    }
    return h;
  }

  private static boolean jvmOption(String name) {
    try {
      return Boolean.parseBoolean(
          java.lang.management.ManagementFactory.getPlatformMXBean(
                  com.sun.management.HotSpotDiagnosticMXBean.class)
              .getVMOption(name)
              .getValue());
    } catch (RuntimeException | LinkageError e) {
      return false; // not HotSpot, or jdk.management absent: assume no huge pages
    }
  }

  private static boolean kernelAlways() {
    try {
      return Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"))
          .contains("[always]");
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }
}
