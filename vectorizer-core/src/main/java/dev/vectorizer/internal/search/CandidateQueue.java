package dev.vectorizer.internal.search;

import java.util.Arrays;

/**
 * A growable binary max-heap of (node, score) on primitive arrays: the frontier of a graph search,
 * best candidate first.
 *
 * <p>Not thread-safe: one per searcher, cleared between searches.
 */
final class CandidateQueue {
  private float[] scores = new float[64];
  private int[] nodes = new int[64];
  private int size;

  void clear() {
    size = 0;
  }

  boolean isEmpty() {
    return size == 0;
  }

  float topScore() {
    return scores[0];
  }

  void push(int node, float score) {
    if (size == scores.length) {
      scores = Arrays.copyOf(scores, size * 2);
      nodes = Arrays.copyOf(nodes, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (scores[parent] >= score) {
        break;
      }
      scores[i] = scores[parent];
      nodes[i] = nodes[parent];
      i = parent;
    }
    scores[i] = score;
    nodes[i] = node;
  }

  int pop() {
    int top = nodes[0];
    size--;
    if (size > 0) {
      float score = scores[size];
      int node = nodes[size];
      int i = 0;
      int half = size >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        int right = child + 1;
        if (right < size && scores[right] > scores[child]) {
          child = right;
        }
        if (score >= scores[child]) {
          break;
        }
        scores[i] = scores[child];
        nodes[i] = nodes[child];
        i = child;
      }
      scores[i] = score;
      nodes[i] = node;
    }
    return top;
  }
}
