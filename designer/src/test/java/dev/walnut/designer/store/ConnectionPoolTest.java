package dev.walnut.designer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The designer's pool on a real (in-memory H2) database. */
class ConnectionPoolTest {
  private static ConnectionPool pool(String name, int size) {
    return new ConnectionPool(
        "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", size, Duration.ofMillis(300));
  }

  @Test
  void atMostSizeConnectionsAreLentAndAWaitEndsWithAClearError() throws Exception {
    try (ConnectionPool pool = pool("bounded", 2)) {
      Connection a = pool.acquire();
      Connection b = pool.acquire();
      assertThat(a).isNotSameAs(b);
      assertThatThrownBy(pool::acquire)
          .isInstanceOf(SQLException.class)
          .hasMessage("no database connection became free within 0 s");
      pool.release(a, false);
      assertThat(pool.acquire()).as("reused").isSameAs(a);
    }
  }

  @Test
  void aClosedConnectionIsReplacedAndUncommittedWorkRolledBack() throws Exception {
    try (ConnectionPool pool = pool("replaced", 1)) {
      Connection c = pool.acquire();
      c.createStatement().execute("CREATE TABLE t (x INT)");
      c.commit();
      c.createStatement().execute("INSERT INTO t VALUES (1)");
      pool.release(c, false); // not committed: rolled back

      Connection again = pool.acquire();
      try (ResultSet r = again.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
        r.next();
        assertThat(r.getInt(1)).isZero();
      }
      again.close(); // the database dropped it, say
      pool.release(again, false);

      Connection fresh = pool.acquire();
      assertThat(fresh.isClosed()).isFalse();
      assertThat(fresh).isNotSameAs(again);
      pool.release(fresh, false);
    }
  }
}
