package dev.vectorizer.cassandra;

import dev.vectorizer.VectorStore;
import dev.vectorizer.testing.VectorStoreContract;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the store contract that the in-memory and durable stores run against a real Cassandra node,
 * one fresh keyspace per test.
 */
class CassandraContractIT extends VectorStoreContract {
  private static final AtomicInteger KEYSPACES = new AtomicInteger();

  @Override
  protected VectorStore newStore() {
    return CassandraVectorStore.open(
        CassandraNode.shared().uri("contract_" + KEYSPACES.incrementAndGet()));
  }
}
