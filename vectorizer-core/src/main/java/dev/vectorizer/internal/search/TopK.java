package dev.vectorizer.internal.search;

/**
 * The best {@code k} (ordinal, score) pairs seen so far, higher score is better: a bounded binary
 * min-heap of packed keys ({@link NodeScores}), so the worst kept pair is at the root.
 *
 * <p>Not thread-safe: one per search.
 */
public final class TopK {
  private final int capacity;
  private final long[] heap;
  private int size;

  /**
   * Creates an empty collector.
   *
   * @param capacity how many pairs to keep, {@code >= 1}
   */
  public TopK(int capacity) {
    this.capacity = capacity;
    this.heap = new long[capacity];
  }

  /**
   * The number of pairs kept.
   *
   * @return the size
   */
  public int size() {
    return size;
  }

  /**
   * Whether {@code capacity} pairs are kept.
   *
   * @return whether full
   */
  public boolean full() {
    return size == capacity;
  }

  /**
   * The worst kept score; only meaningful when not empty.
   *
   * @return the minimum kept score
   */
  public float worst() {
    return NodeScores.score(heap[0]);
  }

  /**
   * Offers a pair; kept when there is room or it beats the worst kept score.
   *
   * @param node the ordinal
   * @param score the score
   * @return whether it was kept
   */
  public boolean offer(int node, float score) {
    long key = NodeScores.pack(node, score);
    if (size < capacity) {
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (heap[parent] <= key) {
          break;
        }
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = key;
      return true;
    }
    if (score <= NodeScores.score(heap[0])) {
      return false;
    }
    siftDownFromRoot(key);
    return true;
  }

  private void siftDownFromRoot(long key) {
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && heap[right] < heap[child]) {
        child = right;
      }
      if (key <= heap[child]) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = key;
  }

  /**
   * Removes and returns the worst pair's node; its score is {@link #worst()} before the call.
   *
   * @return the ordinal with the lowest kept score
   */
  public int pollWorst() {
    int node = NodeScores.node(heap[0]);
    long last = heap[--size];
    if (size > 0) {
      siftDownFromRoot(last);
    }
    return node;
  }

  /**
   * Empties the collector into arrays sorted best first.
   *
   * @param outNodes receives the ordinals, length {@code >= size()}
   * @param outScores receives the scores
   * @return the number of pairs written
   */
  public int drainBestFirst(int[] outNodes, float[] outScores) {
    int n = size;
    for (int i = n - 1; i >= 0; i--) {
      outScores[i] = worst();
      outNodes[i] = pollWorst();
    }
    return n;
  }
}
