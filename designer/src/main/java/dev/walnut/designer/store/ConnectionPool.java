package dev.walnut.designer.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small fixed-size JDBC connection pool: at most {@code size} connections, opened when first
 * needed, checked before reuse (a connection the database dropped is replaced) and rolled back when
 * returned, so no transaction leaks from one request into another. A request waits at most {@code
 * waitTimeout} for a free connection.
 */
final class ConnectionPool implements AutoCloseable {
  private final String url;
  private final String user;
  private final String password;
  private final Duration waitTimeout;
  private final Semaphore permits;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  ConnectionPool(String url, String user, String password, int size, Duration waitTimeout) {
    if (size < 1) {
      throw new IllegalArgumentException("a connection pool needs at least 1 connection");
    }
    this.url = url;
    this.user = user;
    this.password = password;
    this.waitTimeout = waitTimeout;
    this.permits = new Semaphore(size, true);
  }

  /** A connection for one transaction (auto-commit off); give it back with {@link #release}. */
  Connection acquire() throws SQLException {
    try {
      if (!permits.tryAcquire(waitTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new SQLException(
            "no database connection became free within " + waitTimeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a database connection", e);
    }
    try {
      while (true) {
        Connection c;
        synchronized (this) {
          if (closed) {
            throw new SQLException("the connection pool is closed");
          }
          c = idle.pollFirst();
        }
        if (c == null) {
          c = DriverManager.getConnection(url, user, password);
          c.setAutoCommit(false);
          return c;
        }
        if (c.isValid(2)) {
          return c;
        }
        closeQuietly(c);
      }
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  /** Returns a connection; one that failed is closed instead of reused. */
  void release(Connection c, boolean broken) {
    try {
      boolean keep = !broken;
      if (keep) {
        try {
          c.rollback(); // nothing uncommitted survives into the next borrower's transaction
        } catch (SQLException e) {
          keep = false;
        }
      }
      synchronized (this) {
        if (keep && !closed) {
          idle.addFirst(c);
          return;
        }
      }
      closeQuietly(c);
    } finally {
      permits.release();
    }
  }

  @Override
  public void close() {
    Deque<Connection> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayDeque<>(idle);
      idle.clear();
    }
    toClose.forEach(ConnectionPool::closeQuietly);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // a connection that cannot even close is gone either way
    }
  }
}
