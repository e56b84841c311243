package dev.vectorizer.cassandra.internal;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.WriteFailureException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import dev.vectorizer.VectorizerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * A session with the store's settings: read and write consistency, the request timeout, a cache of
 * prepared statements, and one translation of driver failures into {@link VectorizerException}s
 * that say what was being done, where, and at which consistency.
 *
 * <p>Thread-safe (the driver's session is).
 *
 * @param session the driver's session; the store closes it
 * @param keyspace the keyspace
 * @param contactPoints the contact points as the user gave them, for messages
 * @param read the consistency of reads
 * @param write the consistency of writes
 * @param timeout the request timeout
 * @param prepared prepared statements by CQL text
 */
public record Cql(
    CqlSession session,
    String keyspace,
    String contactPoints,
    ConsistencyLevel read,
    ConsistencyLevel write,
    Duration timeout,
    ConcurrentHashMap<String, PreparedStatement> prepared) {

  /** Writes in flight at once per bulk call. */
  static final int MAX_IN_FLIGHT = 32;

  /** How many times a failed write is retried. */
  static final int RETRIES = 4;

  /**
   * Binds a prepared statement (prepared once per text).
   *
   * @param cql the statement text
   * @param values the bind values
   * @return the bound statement, without consistency set
   */
  public BoundStatement bind(String cql, Object... values) {
    PreparedStatement p = prepared.get(cql);
    if (p == null) {
      try {
        p = session.prepare(cql);
      } catch (DriverException e) {
        throw failure("preparing " + cql, e, null);
      }
      prepared.put(cql, p);
    }
    return p.bind(values);
  }

  /**
   * Runs a read.
   *
   * @param statement the statement
   * @param what what is being done, for messages ("search in collection 'docs'")
   * @return the result
   */
  public ResultSet read(Statement<?> statement, String what) {
    return run(statement.setConsistencyLevel(read).setTimeout(timeout), what, read);
  }

  /**
   * Runs a write.
   *
   * @param statement the statement
   * @param what what is being done
   * @return the result
   */
  public ResultSet write(Statement<?> statement, String what) {
    return run(statement.setConsistencyLevel(write).setTimeout(timeout), what, write);
  }

  /**
   * Runs a schema change (with the driver's wait for schema agreement).
   *
   * @param cql the statement
   * @param what what is being done
   */
  public void ddl(String cql, String what) {
    run(SimpleStatement.newInstance(cql).setTimeout(timeout.multipliedBy(3)), what, null);
  }

  /**
   * Runs many writes, at most {@value #MAX_IN_FLIGHT} at a time, and waits for all of them. A write
   * the coordinator reports as failed ({@link WriteFailureException}, {@link
   * WriteTimeoutException}) is retried up to {@value #RETRIES} times: our writes are idempotent,
   * and Cassandra 5.0 fails concurrent inserts into a vector index when more of them run at once
   * than the node has cores plus one (CASSANDRA-21644).
   *
   * @param statements the writes
   * @param what what is being done
   */
  public void writeAll(List<? extends Statement<?>> statements, String what) {
    List<Statement<?>> todo = new ArrayList<>(statements);
    for (int attempt = 0; ; attempt++) {
      List<Statement<?>> failed = new ArrayList<>();
      DriverException last = runAll(todo, failed, what);
      if (failed.isEmpty()) {
        return;
      }
      if (attempt == RETRIES) {
        throw failure(
            what + " (" + failed.size() + " writes failed, retried " + RETRIES + " times)",
            last,
            write);
      }
      try {
        Thread.sleep(50L << attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VectorizerException(what + " was interrupted", e);
      }
      todo = failed;
    }
  }

  private DriverException runAll(
      List<Statement<?>> statements, List<Statement<?>> failed, String what) {
    Semaphore permits = new Semaphore(MAX_IN_FLIGHT);
    List<CompletableFuture<AsyncResultSet>> pending = new ArrayList<>(statements.size());
    DriverException last = null;
    try {
      for (Statement<?> s : statements) {
        permits.acquire();
        CompletableFuture<AsyncResultSet> f =
            session
                .executeAsync(s.setConsistencyLevel(write).setTimeout(timeout))
                .toCompletableFuture();
        f.whenComplete((r, e) -> permits.release());
        pending.add(f);
      }
      for (int i = 0; i < pending.size(); i++) {
        try {
          pending.get(i).get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof WriteFailureException || cause instanceof WriteTimeoutException) {
            failed.add(statements.get(i));
            last = (DriverException) cause;
          } else if (cause instanceof DriverException d) {
            throw failure(what, d, write);
          } else {
            throw new VectorizerException(what + " failed: " + cause, cause);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VectorizerException(what + " was interrupted", e);
    }
    return last;
  }

  private ResultSet run(Statement<?> statement, String what, ConsistencyLevel cl) {
    try {
      return session.execute(statement);
    } catch (DriverException e) {
      throw failure(what, e, cl);
    }
  }

  /**
   * Translates a driver failure.
   *
   * @param what what was being done
   * @param e the failure
   * @param cl the consistency level used, or null
   * @return the exception to throw
   */
  public VectorizerException failure(String what, DriverException e, ConsistencyLevel cl) {
    String at = cl == null ? "" : " at consistency " + cl.name();
    if (e instanceof AllNodesFailedException || e instanceof DriverTimeoutException) {
      return new VectorizerException(
          what
              + " failed: no answer from Cassandra at "
              + contactPoints
              + " within "
              + timeout.toMillis()
              + " ms"
              + at
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
    return new VectorizerException(
        what + " failed" + at + " (keyspace " + keyspace + "): " + e.getMessage(), e);
  }
}
