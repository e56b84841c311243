package dev.vectorizer.watch;

/**
 * The watcher's counters since it started.
 *
 * @param indexed files (re)indexed
 * @param removed files removed
 * @param unchanged files examined and found unchanged (not embedded again)
 * @param skipped files skipped (binary, too large, excluded, symlinks)
 * @param errors changes that failed
 * @param scans full reconcile scans
 * @param files files currently tracked
 */
public record WatchCounters(
    long indexed,
    long removed,
    long unchanged,
    long skipped,
    long errors,
    long scans,
    long files) {}
