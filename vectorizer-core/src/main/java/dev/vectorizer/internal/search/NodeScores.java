package dev.vectorizer.internal.search;

/**
 * A (node, score) pair packed in one {@code long} whose natural order is the score's order: the
 * score's bits, made sortable as a signed int, in the high half, the node in the low half. Heaps of
 * such keys move one array element instead of two and compare with one instruction; equal scores
 * order by node, which keeps searches deterministic.
 */
final class NodeScores {
  private NodeScores() {}

  static long pack(int node, float score) {
    return ((long) sortable(score) << 32) | (node & 0xFFFFFFFFL);
  }

  static int node(long key) {
    return (int) key;
  }

  static float score(long key) {
    return unsortable((int) (key >> 32));
  }

  /** Float bits as an int with the same order as the floats (NaN aside). */
  static int sortable(float score) {
    int bits = Float.floatToIntBits(score);
    return bits ^ ((bits >> 31) & 0x7FFFFFFF);
  }

  static float unsortable(int sortable) {
    return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7FFFFFFF));
  }
}
