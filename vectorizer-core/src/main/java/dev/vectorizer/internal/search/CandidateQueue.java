package dev.vectorizer.internal.search;

import java.util.Arrays;

/**
 * A growable binary max-heap of packed (node, score) keys ({@link NodeScores}): the frontier of a
 * graph search, best candidate first.
 *
 * <p>Not thread-safe: one per searcher, cleared between searches.
 */
final class CandidateQueue {
  private long[] heap = new long[64];
  private int size;

  void clear() {
    size = 0;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The best key; only when not empty. */
  long peek() {
    return heap[0];
  }

  void push(int node, float score) {
    long key = NodeScores.pack(node, score);
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] >= key) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = key;
  }

  /** Removes the best key; only when not empty. */
  void pop() {
    size--;
    if (size > 0) {
      long key = heap[size];
      int i = 0;
      int half = size >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        int right = child + 1;
        if (right < size && heap[right] > heap[child]) {
          child = right;
        }
        if (key >= heap[child]) {
          break;
        }
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = key;
    }
  }
}
