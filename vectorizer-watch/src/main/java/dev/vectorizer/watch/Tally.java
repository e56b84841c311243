package dev.vectorizer.watch;

import java.util.concurrent.atomic.AtomicLong;

/** The indexer's counters: written by its thread, read from any (a snapshot per call). */
final class Tally {
  /** What kind of skip, for the counters. */
  enum Skip {
    EXCLUDED,
    BINARY,
    TOO_LARGE,
    LINK,
    OTHER
  }

  final AtomicLong indexed = new AtomicLong();
  final AtomicLong chunks = new AtomicLong();
  final AtomicLong removed = new AtomicLong();
  final AtomicLong unchanged = new AtomicLong();
  final AtomicLong skipped = new AtomicLong();
  final AtomicLong binary = new AtomicLong();
  final AtomicLong tooLarge = new AtomicLong();
  final AtomicLong links = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  final AtomicLong scans = new AtomicLong();

  void skipped(Skip kind) {
    skipped.incrementAndGet();
    switch (kind) {
      case BINARY -> binary.incrementAndGet();
      case TOO_LARGE -> tooLarge.incrementAndGet();
      case LINK -> links.incrementAndGet();
      default -> {}
    }
  }

  WatchCounters snapshot() {
    return new WatchCounters(
        indexed.get(),
        chunks.get(),
        removed.get(),
        unchanged.get(),
        skipped.get(),
        binary.get(),
        tooLarge.get(),
        links.get(),
        errors.get(),
        scans.get());
  }
}
