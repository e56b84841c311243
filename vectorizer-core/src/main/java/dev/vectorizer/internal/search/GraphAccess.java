package dev.vectorizer.internal.search;

/**
 * Read access to a proximity graph for {@link GraphSearcher}: an entry point and adjacency lists by
 * level. Implementations must allow concurrent readers; one instance may be shared by all searches
 * on a segment, or made per search when it holds per-search state.
 */
public interface GraphAccess {
  /**
   * The node searches start from.
   *
   * @return the entry node, or -1 when the graph is empty
   */
  int entryNode();

  /**
   * The level of the entry node (0 for a flat graph).
   *
   * @return the top level
   */
  int entryLevel();

  /**
   * An exclusive upper bound of the node ordinals.
   *
   * @return the bound
   */
  int idUpperBound();

  /**
   * Copies a node's neighbours at a level.
   *
   * @param level the level
   * @param node the node
   * @param buffer a buffer; when too small, a larger one is allocated and returned via {@link
   *     Neighbors}
   * @return the neighbours
   */
  Neighbors neighbors(int level, int node, Neighbors buffer);

  /** A reusable list of neighbour ordinals. */
  final class Neighbors {
    /** The ordinals; only the first {@link #size} are valid. */
    public int[] nodes;

    /** How many ordinals are valid. */
    public int size;

    /**
     * Creates a buffer.
     *
     * @param capacity the initial capacity
     */
    public Neighbors(int capacity) {
      nodes = new int[capacity];
    }
  }
}
