package dev.vectorizer.internal.search;

/**
 * The best {@code k} (ordinal, score) pairs seen so far, higher score is better: a bounded binary
 * min-heap on primitive arrays, so the worst kept score is at the root.
 *
 * <p>Not thread-safe: one per search.
 */
public final class TopK {
  private final int capacity;
  private final float[] scores;
  private final int[] nodes;
  private int size;

  /**
   * Creates an empty collector.
   *
   * @param capacity how many pairs to keep, {@code >= 1}
   */
  public TopK(int capacity) {
    this.capacity = capacity;
    this.scores = new float[capacity];
    this.nodes = new int[capacity];
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
    return scores[0];
  }

  /**
   * Offers a pair; kept when there is room or it beats the worst kept score.
   *
   * @param node the ordinal
   * @param score the score
   * @return whether it was kept
   */
  public boolean offer(int node, float score) {
    if (size < capacity) {
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (scores[parent] <= score) {
          break;
        }
        scores[i] = scores[parent];
        nodes[i] = nodes[parent];
        i = parent;
      }
      scores[i] = score;
      nodes[i] = node;
      return true;
    }
    if (score <= scores[0]) {
      return false;
    }
    siftDownFromRoot(node, score);
    return true;
  }

  private void siftDownFromRoot(int node, float score) {
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && scores[right] < scores[child]) {
        child = right;
      }
      if (score <= scores[child]) {
        break;
      }
      scores[i] = scores[child];
      nodes[i] = nodes[child];
      i = child;
    }
    scores[i] = score;
    nodes[i] = node;
  }

  /**
   * Removes and returns the worst pair's node; its score is {@link #worst()} before the call.
   *
   * @return the ordinal with the lowest kept score
   */
  public int pollWorst() {
    int node = nodes[0];
    int lastNode = nodes[size - 1];
    float lastScore = scores[size - 1];
    size--;
    if (size > 0) {
      siftDownFromRoot(lastNode, lastScore);
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
      outScores[i] = scores[0];
      outNodes[i] = pollWorst();
    }
    return n;
  }
}
