package dev.vectorizer.internal.storage;

import java.util.Map;

/**
 * One logged operation: an upsert (id, vector, payload) or a delete (id).
 *
 * @param lsn the log sequence number, assigned when appended
 * @param op {@link #UPSERT} or {@link #DELETE}
 * @param id the point's id
 * @param vector the vector (upserts only)
 * @param payload the payload (upserts only)
 */
public record WalRecord(long lsn, int op, String id, float[] vector, Map<String, Object> payload) {
  /** Operation code of an upsert. */
  public static final int UPSERT = 1;

  /** Operation code of a delete. */
  public static final int DELETE = 2;

  /**
   * An upsert to append.
   *
   * @param id the id
   * @param vector the vector
   * @param payload the payload
   * @return the record (LSN not yet assigned)
   */
  public static WalRecord upsert(String id, float[] vector, Map<String, Object> payload) {
    return new WalRecord(0, UPSERT, id, vector, payload);
  }

  /**
   * A delete to append.
   *
   * @param id the id
   * @return the record (LSN not yet assigned)
   */
  public static WalRecord delete(String id) {
    return new WalRecord(0, DELETE, id, null, null);
  }
}
