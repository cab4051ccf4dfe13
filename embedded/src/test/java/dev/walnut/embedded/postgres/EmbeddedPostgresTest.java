package dev.walnut.embedded.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

  @Test
  void aReadOnlyRoleReadsTablesMadeLaterButCannotWrite() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().build().start()) {
      pg.createReadOnlyRole("walnut_reader", "reader-secret");
      try (Connection c = pg.superuserConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE later (id text primary key)");
        s.execute("INSERT INTO later VALUES ('a')");
      }
      try (Connection c =
              DriverManager.getConnection(pg.jdbcUrl(), "walnut_reader", "reader-secret");
          Statement s = c.createStatement()) {
        try (ResultSet r = s.executeQuery("SELECT id FROM later")) {
          assertThat(r.next()).isTrue();
          assertThat(r.getString(1)).isEqualTo("a");
        }
        assertThatThrownBy(() -> s.execute("INSERT INTO later VALUES ('b')"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("read-only transaction");
        // read-only by default is only a guard against mistakes: the privileges are the fence
        c.setAutoCommit(false);
        s.execute("SET TRANSACTION READ WRITE");
        assertThatThrownBy(() -> s.execute("INSERT INTO later VALUES ('b')"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("permission denied for table later");
        c.rollback();
        s.execute("SET TRANSACTION READ WRITE");
        assertThatThrownBy(() -> s.execute("CREATE TABLE x (i int)"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("permission denied for schema public");
        c.rollback();
      }
    }
  }

  @Test
  void passwordsAreCheckedAndTheServerListensOnLoopbackOnly() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().build().start()) {
      assertThatThrownBy(
              () -> DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.SUPERUSER, "wrong"))
          .hasMessageContaining("password authentication failed");
      try (Connection c = pg.superuserConnection();
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SHOW listen_addresses")) {
        r.next();
        assertThat(r.getString(1)).isEqualTo("127.0.0.1");
      }
    }
  }

  @Test
  void aGivenDataDirectoryKeepsTablesAcrossRestartsAndCloseLeavesNothingRunning(@TempDir Path dir)
      throws Exception {
    // under root the server runs as nobody, who must reach the directory
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = dir.resolve("data");
    EmbeddedPostgres first =
        EmbeddedPostgres.builder().dataDirectory(data).superuserPassword("pw").build().start();
    long pid;
    try (Connection c = first.superuserConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (id int)");
      s.execute("INSERT INTO kept VALUES (7)");
      try (ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
        r.next();
        pid = r.getLong(1);
      }
    }
    first.close();
    assertThat(first.isRunning()).isFalse();
    assertThat(ProcessHandle.of(pid)).isEmpty();
    assertThat(Files.exists(data.resolve("postmaster.pid"))).isFalse();

    try (EmbeddedPostgres second =
            EmbeddedPostgres.builder().dataDirectory(data).superuserPassword("pw").build().start();
        Connection c = second.superuserConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT id FROM kept")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getInt(1)).isEqualTo(7);
    }
  }
}
