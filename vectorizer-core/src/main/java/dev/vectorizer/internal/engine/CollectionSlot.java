package dev.vectorizer.internal.engine;

import dev.vectorizer.CollectionUnavailableException;
import dev.vectorizer.CorruptedDataException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One name in a store's catalog: a collection that is loaded on first use, or the reason it cannot
 * be. A collection whose files fail their checks is <em>unavailable</em>: using it throws {@link
 * CollectionUnavailableException} naming the file and the reason, while the rest of the store goes
 * on working; it can still be dropped, replaced by an import, or repaired.
 *
 * <p>Thread-safe: loading happens once, under this object's monitor; a failure is remembered (a
 * corrupt file does not heal by itself) until {@link #reset} after a repair.
 */
final class CollectionSlot {
  /** Loads the collection's files. */
  @FunctionalInterface
  interface Loader {
    /**
     * Loads the collection.
     *
     * @return the collection, or null when its directory disappeared meanwhile
     * @throws IOException on failure
     */
    SegmentedCollection load() throws IOException;
  }

  private final String name;
  private final Loader loader;
  private SegmentedCollection collection;
  private CollectionUnavailableException failure;

  private CollectionSlot(String name, Loader loader, SegmentedCollection loaded) {
    this.name = name;
    this.loader = loader;
    this.collection = loaded;
  }

  /** A slot for a collection that is loaded already (created, imported, or in memory). */
  static CollectionSlot loaded(String name, SegmentedCollection c, Loader loader) {
    return new CollectionSlot(name, loader, c);
  }

  /** A slot that loads its collection on first use. */
  static CollectionSlot lazy(String name, Loader loader) {
    return new CollectionSlot(name, loader, null);
  }

  /**
   * The collection, loaded now if it was not.
   *
   * @return the collection
   * @throws CollectionUnavailableException when its files cannot be loaded
   */
  synchronized SegmentedCollection get() {
    if (collection != null) {
      return collection;
    }
    if (failure != null) {
      throw failure;
    }
    try {
      collection = loader.load();
      if (collection == null) {
        throw new CollectionUnavailableException(name, null, "its directory disappeared", null);
      }
      return collection;
    } catch (CorruptedDataException e) {
      failure = new CollectionUnavailableException(name, e.file(), e.getMessage(), e);
    } catch (IOException e) {
      failure = new CollectionUnavailableException(name, null, e.toString(), e);
    } catch (RuntimeException e) {
      failure = new CollectionUnavailableException(name, null, e.toString(), e);
    }
    throw failure;
  }

  /**
   * The collection when it is loaded, without loading it.
   *
   * @return the collection, or null
   */
  synchronized SegmentedCollection loadedOrNull() {
    return collection;
  }

  /**
   * Why the collection could not be loaded, when a load failed.
   *
   * @return the failure, or null
   */
  synchronized CollectionUnavailableException failure() {
    return failure;
  }

  /** Forgets a loaded collection (closed by the caller) or a failure, so the next use loads. */
  synchronized void reset() {
    collection = null;
    failure = null;
  }

  String name() {
    return name;
  }

  /** For messages: the file a failure names, or null. */
  synchronized Path failedFile() {
    return failure == null ? null : failure.file();
  }
}
