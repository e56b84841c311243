package dev.vectorizer.watch;

/** Receives the watcher's events, on the watcher's thread: return quickly. */
public interface WatchListener {
  /**
   * An applied change.
   *
   * @param event the event
   */
  void onEvent(WatchEvent event);

  /**
   * Progress of a scan (the initial one, after an overflow, or after a configuration change).
   *
   * @param done files examined
   * @param total files found
   */
  default void onProgress(int done, int total) {}
}
