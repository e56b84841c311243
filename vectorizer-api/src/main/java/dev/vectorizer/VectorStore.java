package dev.vectorizer;

import dev.vectorizer.spi.VectorStoreProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An embedded vector store: a set of named {@link Collection}s.
 *
 * <pre>{@code
 * try (VectorStore store = VectorStore.inMemory()) {
 *   Collection docs = store.createCollection("docs", CollectionConfig.of(384));
 *   docs.upsert(Point.of("doc-1", vector, Map.of("lang", "en")));
 *   List<Hit> hits = docs.search(SearchRequest.of(query).limit(10));
 * }
 * }</pre>
 *
 * <p><b>Thread safety:</b> a store and its collections may be used from many threads at once.
 * <b>Closing:</b> the caller that opened a store closes it; closing closes its collections, is
 * idempotent, and later calls throw {@link StoreClosedException}.
 *
 * <p>The engine is found at run time through {@link VectorStoreProvider}: add {@code
 * dev.vectorizer:vectorizer-core} to the class path.
 */
public interface VectorStore extends AutoCloseable {

  /**
   * Opens a new, empty store that keeps everything in memory and forgets it on close. Fast to open;
   * made for tests and caches.
   *
   * @return the store
   * @throws VectorizerException when no engine is on the class path
   */
  static VectorStore inMemory() {
    return provider().inMemory();
  }

  /**
   * Opens (or creates) a durable store in a directory with the default options: every write is
   * fsynced before it returns (concurrent writers share one fsync), and this process holds the
   * directory's write lock until {@link #close()}.
   *
   * @param directory the data directory
   * @return the store
   * @throws StoreLockedException when another process (or store) holds the directory's write lock
   */
  static VectorStore open(Path directory) {
    return provider().open(StoreOptions.defaults(directory));
  }

  /**
   * Starts a builder for a durable store with non-default options.
   *
   * @param directory the data directory
   * @return the builder
   */
  static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /**
   * Options for {@link VectorStore#builder(Path)}. Each setter validates its argument at once.
   *
   * <p>Not thread-safe.
   */
  final class Builder {
    private final Path directory;
    private Durability durability = Durability.FSYNC;
    private boolean readOnly;
    private int sealThreshold = StoreOptions.DEFAULT_SEAL_THRESHOLD;
    private int maxSegments = StoreOptions.DEFAULT_MAX_SEGMENTS;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * Sets when writes are acknowledged.
     *
     * @param durability {@link Durability#FSYNC} (default) or {@link Durability#NONE}
     * @return this builder
     */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /**
     * Opens without the write lock. The store sees each collection as of its first use (sealed
     * segments and every whole write-ahead-log record at that moment), never blocks a writer in
     * another process, and rejects writes with {@link UnsupportedOperationException}.
     *
     * @param readOnly whether to open read-only
     * @return this builder
     */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /**
     * Sets how many points a collection keeps in its in-memory head segment before writing it to an
     * immutable segment file (and trimming the write-ahead log).
     *
     * @param points at least 1
     * @return this builder
     */
    public Builder sealThreshold(int points) {
      if (points < 1) {
        throw new IllegalArgumentException("sealThreshold must be >= 1, got " + points);
      }
      this.sealThreshold = points;
      return this;
    }

    /**
     * Sets how many sealed segments a collection may have before they are merged.
     *
     * @param segments at least 1
     * @return this builder
     */
    public Builder maxSegments(int segments) {
      if (segments < 1) {
        throw new IllegalArgumentException("maxSegments must be >= 1, got " + segments);
      }
      this.maxSegments = segments;
      return this;
    }

    /**
     * Opens the store.
     *
     * @return the store
     * @throws StoreLockedException when another process holds the write lock (not read-only)
     * @throws VectorizerException when the directory is missing (read-only) or cannot be used
     */
    public VectorStore open() {
      return provider()
          .open(new StoreOptions(directory, durability, readOnly, sealThreshold, maxSegments));
    }
  }

  private static VectorStoreProvider provider() {
    return Providers.engine();
  }

  /**
   * Creates a collection.
   *
   * @param name 1 to 128 characters of letters, digits, '-', '_' and '.', not starting with '.'
   * @param config its settings
   * @return the new collection
   * @throws CollectionExistsException when the name is taken
   * @throws IllegalArgumentException naming a bad name
   */
  Collection createCollection(String name, CollectionConfig config);

  /**
   * Returns the collection with this name, creating it when there is none.
   *
   * @param name the name
   * @param config the settings to create it with
   * @return the collection
   * @throws IllegalArgumentException when it exists with a different dimension or metric
   */
  Collection getOrCreateCollection(String name, CollectionConfig config);

  /**
   * Returns the text collection with this name, creating it (dimension and embedder id from the
   * embedder, cosine metric) when there is none; chunks of {@value
   * TextCollection#DEFAULT_CHUNK_SIZE} characters overlapping by {@value
   * TextCollection#DEFAULT_CHUNK_OVERLAP}.
   *
   * @param name the collection's name
   * @param embedder the embedder; the caller keeps ownership and closes it after the store
   * @return the text collection
   * @throws IllegalArgumentException when the collection was made with another embedder (its id or
   *     dimension differ), naming both
   */
  default TextCollection textCollection(String name, Embedder embedder) {
    return textCollection(
        name, embedder, TextCollection.DEFAULT_CHUNK_SIZE, TextCollection.DEFAULT_CHUNK_OVERLAP);
  }

  /**
   * Like {@link #textCollection(String, Embedder)}, with a chunk size and overlap.
   *
   * @param name the collection's name
   * @param embedder the embedder
   * @param chunkSize characters per chunk, 50 to 100,000
   * @param chunkOverlap characters shared by consecutive chunks, 0 to chunkSize / 2
   * @return the text collection
   */
  TextCollection textCollection(String name, Embedder embedder, int chunkSize, int chunkOverlap);

  /**
   * Returns a collection. A durable store opens a collection on its first use.
   *
   * @param name the name
   * @return the collection
   * @throws CollectionNotFoundException when there is none
   * @throws CollectionUnavailableException when its files cannot be opened (a corrupt file: the
   *     exception names it); the rest of the store keeps working
   */
  Collection collection(String name);

  /**
   * Tells whether a collection exists.
   *
   * @param name the name
   * @return whether it exists
   */
  boolean hasCollection(String name);

  /**
   * The names of the collections, sorted.
   *
   * @return the names
   */
  List<String> listCollections();

  /**
   * Moves a collection directory (the files of a {@link CollectionSnapshot}, for example restored
   * from a backup) into the store under a name, atomically: the directory is verified first (every
   * file's checksum), and only then swapped in. A failed import leaves the store as it was.
   *
   * @param name the collection's name in this store
   * @param directory a directory on the same file system holding {@code MANIFEST} and the files it
   *     names; it is moved, not copied
   * @param replace whether to replace an existing collection of that name
   * @return the imported collection
   * @throws CollectionExistsException when the name is taken and {@code replace} is false
   * @throws CorruptedDataException naming a file that fails its checks
   * @throws UnsupportedOperationException for an in-memory or read-only store
   */
  Collection importCollection(String name, Path directory, boolean replace);

  /**
   * Deletes a collection and its points; its {@link Collection} object is closed.
   *
   * @param name the name
   * @return whether there was such a collection
   */
  boolean dropCollection(String name);

  /**
   * The data directory of a durable store, for modules that keep their own files beside the
   * collections (the backup catalog, the watcher's state). Files under {@code collections/} and
   * {@code LOCK} are the engine's: never touch them.
   *
   * @return the directory given to {@link #open(Path)} or {@link #builder(Path)}; empty for an
   *     in-memory store
   */
  default Optional<Path> directory() {
    return Optional.empty();
  }

  /**
   * The store's counters. Opens every collection that is not open yet (a durable store opens
   * collections on first use); collections that cannot be opened are listed as unavailable.
   *
   * @return a snapshot of the counters
   */
  StoreStats stats();

  /**
   * Verifies every file of every collection without loading them: checksums (streamed), the files
   * each manifest names and their headers, the write-ahead log's records and continuity, and
   * leftovers of interrupted writes. Safe while this store writes; reads each file once.
   *
   * @return what was found; {@link CheckReport#clean()} when every file passed
   * @throws UnsupportedOperationException when the store keeps no files of its own
   */
  default CheckReport check() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no files to check");
  }

  /**
   * Repairs a collection's files as far as that is safe, and says what it did: removes leftovers of
   * interrupted writes; cuts torn write-ahead-log tails, and cuts the log at damage (writes logged
   * after the damage are lost), keeping a copy of every byte cut next to the file; drops the
   * manifest's references to missing segment files (their points are lost). A corrupt segment,
   * deletion file or manifest cannot be repaired: restore the collection from a backup or drop it.
   * When the collection is open it is closed first; get it again with {@link #collection(String)}.
   *
   * @param name the collection
   * @return what was found, each finding's {@code repair} saying what was done (null: nothing could
   *     be)
   * @throws CollectionNotFoundException when there is no such collection
   * @throws UnsupportedOperationException for an in-memory or read-only store
   */
  default CheckReport repair(String name) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no files to repair");
  }

  /**
   * Makes everything written so far durable and compact: writes each collection's in-memory head
   * segment to an immutable segment file, persists deletions, replaces the manifest, and trims the
   * write-ahead log. A no-op for in-memory stores.
   *
   * @throws UnsupportedOperationException on a read-only store
   */
  void checkpoint();

  /** Closes the store and its collections. Idempotent. */
  @Override
  void close();
}
