package dev.vectorizer.watch;

/**
 * The counters of an indexer or watcher since it started. Immutable.
 *
 * @param indexed files (re)indexed
 * @param chunks chunks those files were split into
 * @param removed texts removed (files deleted, renamed away, newly excluded or skipped)
 * @param unchanged files examined and found unchanged (not embedded again)
 * @param skipped files skipped, for any reason (the next three, and excluded by the patterns or not
 *     regular files)
 * @param binary files skipped as binary (a NUL byte in the first 8 KiB)
 * @param tooLarge files skipped as larger than {@code max_file_size}
 * @param links symlinks and mount points not followed (not following links, a link leading out of
 *     the watch paths, a loop, another mount)
 * @param errors changes that failed (reported as {@link WatchEvent.Type#ERROR} events)
 * @param scans full scans of the watch paths
 */
public record WatchCounters(
    long indexed,
    long chunks,
    long removed,
    long unchanged,
    long skipped,
    long binary,
    long tooLarge,
    long links,
    long errors,
    long scans) {}
