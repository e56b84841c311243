package dev.vectorizer.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a query set against an engine on one or more threads and times it. One thread runs on the
 * caller; more threads come from a fixed pool that lives as long as the runner, so per-thread state
 * in the engines (searchers, scratch buffers) is made once and stays warm.
 *
 * <p>Besides wall time, each run records the CPU time of its query threads: on a machine shared
 * with other work, queries per CPU-second compare engines without the noise of time slicing (it
 * cannot show how threads scale, which only wall time does).
 *
 * <p>Work is handed out one query at a time from a shared counter, so a slow query on one thread
 * does not leave the other idle; each thread writes only its own slots of the result arrays.
 *
 * <p>Not thread-safe: one measurement at a time. Close it to stop the pool.
 */
final class QueryRunner implements AutoCloseable {
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private final ExecutorService pool;
  private final int maxThreads;

  /**
   * The results of one timed run.
   *
   * @param firstPass each query's result rows, from the first pass over the queries
   * @param seconds wall time from the start of the first query to the end of the last
   * @param latencyNanos every query's latency, unsorted
   * @param cpuSeconds CPU time the query threads used, summed
   * @param distances each query's distance computations in the first pass (-1: not reported)
   */
  record Sample(
      int[][] firstPass, double seconds, long[] latencyNanos, double cpuSeconds, long[] distances) {
    /** Mean distance computations per query of the first pass, or -1 when not reported. */
    double meanDistances() {
      long sum = 0;
      for (long d : distances) {
        if (d < 0) {
          return -1;
        }
        sum += d;
      }
      return (double) sum / distances.length;
    }

    double qps() {
      return latencyNanos.length / seconds;
    }

    /** Queries per CPU-second: what one thread would do with a core to itself. */
    double cpuQps() {
      return latencyNanos.length / cpuSeconds;
    }
  }

  QueryRunner(int maxThreads) {
    this.maxThreads = maxThreads;
    this.pool = maxThreads > 1 ? Executors.newFixedThreadPool(maxThreads) : null;
  }

  /**
   * Runs every query {@code passes} times.
   *
   * @param engine the engine; must allow concurrent searches when {@code threads > 1}
   * @param queries the queries
   * @param k hits per query
   * @param beam the search beam width
   * @param passes how many times to run the whole set
   * @param threads how many query threads, at most the runner's maximum
   * @return the sample
   */
  Sample run(AnnEngine engine, float[][] queries, int k, int beam, int passes, int threads)
      throws IOException {
    if (threads > maxThreads) {
      throw new IllegalArgumentException(threads + " threads, the runner has " + maxThreads);
    }
    int total = queries.length * passes;
    int[][] first = new int[queries.length][];
    long[] distances = new long[queries.length];
    long[] latency = new long[total];
    AtomicInteger next = new AtomicInteger();
    java.util.concurrent.atomic.AtomicLong cpuNanos = new java.util.concurrent.atomic.AtomicLong();
    Runnable worker =
        () -> {
          long cpu0 = THREADS.getCurrentThreadCpuTime();
          try {
            for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
              int q = i % queries.length;
              long t0 = System.nanoTime();
              int[] got = engine.search(queries[q], k, beam);
              latency[i] = System.nanoTime() - t0;
              if (i < queries.length) {
                first[q] = got;
                distances[q] = engine.lastDistanceCount();
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } finally {
            cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
          }
        };
    long start = System.nanoTime();
    if (threads == 1) {
      worker.run();
    } else {
      List<Future<?>> running = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        running.add(pool.submit(worker));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while measuring", e);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UncheckedIOException u) {
            throw u.getCause();
          }
          throw new IllegalStateException("a query thread failed: " + e.getCause(), e.getCause());
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Sample(first, seconds, latency, cpuNanos.get() / 1e9, distances);
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
