package dev.walnut.designer.store;

import dev.walnut.designer.http.ApiException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The designer's database: scenarios with their versions, deployments and users. An embedded H2
 * file database by default, PostgreSQL when configured with its JDBC URL; the schema is created and
 * upgraded by Flyway migrations ({@code db/migration}). One connection, used by one request at a
 * time: a designer's load is a handful of analysts.
 */
public final class DesignerDatabase implements AutoCloseable {
  private final Connection connection;

  private DesignerDatabase(Connection connection) {
    this.connection = connection;
  }

  /** Opens (creating and migrating when needed) the database at {@code jdbcUrl}. */
  public static DesignerDatabase open(String jdbcUrl, String user, String password) {
    try {
      Flyway.configure()
          .dataSource(jdbcUrl, user, password)
          .locations("classpath:db/migration")
          .load()
          .migrate();
      Connection c = DriverManager.getConnection(jdbcUrl, user, password);
      c.setAutoCommit(false);
      return new DesignerDatabase(c);
    } catch (SQLException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot open the designer database " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ scenarios

  /** Creates a scenario with its first version; 409 when the name is taken. */
  public synchronized ScenarioVersion create(
      String name, String json, String comment, String author) {
    return tx(
        () -> {
          if (exists(name)) {
            throw ApiException.conflict(
                "a scenario named `" + name + "` exists already; choose another name");
          }
          Instant now = Instant.now();
          try (PreparedStatement s =
              connection.prepareStatement(
                  "INSERT INTO scenarios (name, created_at, archived) VALUES (?, ?, FALSE)")) {
            s.setString(1, name);
            s.setTimestamp(2, Timestamp.from(now));
            s.executeUpdate();
          }
          return insertVersion(name, 1, json, comment, author, now);
        });
  }

  /**
   * Saves {@code json} as the version after {@code baseVersion}; 409 when someone saved a newer
   * version since {@code baseVersion} was loaded (the caller must reload and merge).
   */
  public synchronized ScenarioVersion save(
      String name, int baseVersion, String json, String comment, String author) {
    return tx(
        () -> {
          int latest = latestVersion(name);
          if (baseVersion != latest) {
            throw ApiException.conflict(
                "scenario `"
                    + name
                    + "` is at version "
                    + latest
                    + ", but this save is based on version "
                    + baseVersion
                    + "; reload the scenario and apply your changes again");
          }
          return insertVersion(name, latest + 1, json, comment, author, Instant.now());
        });
  }

  public synchronized List<ScenarioSummary> list(boolean includeArchived) {
    return tx(
        () -> {
          List<ScenarioSummary> out = new ArrayList<>();
          try (PreparedStatement s =
                  connection.prepareStatement(
                      "SELECT s.name, s.archived, s.created_at, MAX(v.version), MAX(v.created_at)"
                          + " FROM scenarios s JOIN scenario_versions v ON v.name = s.name"
                          + " GROUP BY s.name, s.archived, s.created_at ORDER BY s.name");
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              boolean archived = r.getBoolean(2);
              if (archived && !includeArchived) {
                continue;
              }
              out.add(
                  new ScenarioSummary(
                      r.getString(1),
                      r.getInt(4),
                      archived,
                      r.getTimestamp(3).toInstant(),
                      r.getTimestamp(5).toInstant()));
            }
          }
          return out;
        });
  }

  /** A version, or the latest when {@code version} is empty; 404 when there is none. */
  public synchronized ScenarioVersion get(String name, Optional<Integer> version) {
    return tx(
        () -> {
          int v = version.orElseGet(() -> latestVersionUnchecked(name));
          try (PreparedStatement s =
              connection.prepareStatement(
                  "SELECT json, comment, author, created_at FROM scenario_versions"
                      + " WHERE name = ? AND version = ?")) {
            s.setString(1, name);
            s.setInt(2, v);
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                latestVersion(name); // 404 for an unknown scenario first
                throw ApiException.notFound("scenario `" + name + "` has no version " + v);
              }
              return new ScenarioVersion(
                  name,
                  v,
                  r.getString(1),
                  r.getString(2),
                  r.getString(3),
                  r.getTimestamp(4).toInstant());
            }
          }
        });
  }

  /** Every version, newest first, without their JSON. */
  public synchronized List<ScenarioVersion> history(String name) {
    return tx(
        () -> {
          latestVersion(name);
          List<ScenarioVersion> out = new ArrayList<>();
          try (PreparedStatement s =
              connection.prepareStatement(
                  "SELECT version, comment, author, created_at FROM scenario_versions"
                      + " WHERE name = ? ORDER BY version DESC")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                out.add(
                    new ScenarioVersion(
                        name,
                        r.getInt(1),
                        null,
                        r.getString(2),
                        r.getString(3),
                        r.getTimestamp(4).toInstant()));
              }
            }
          }
          return out;
        });
  }

  public synchronized void setArchived(String name, boolean archived) {
    tx(
        () -> {
          try (PreparedStatement s =
              connection.prepareStatement("UPDATE scenarios SET archived = ? WHERE name = ?")) {
            s.setBoolean(1, archived);
            s.setString(2, name);
            if (s.executeUpdate() == 0) {
              throw unknown(name);
            }
          }
          return null;
        });
  }

  public synchronized boolean isArchived(String name) {
    return tx(
        () -> {
          try (PreparedStatement s =
              connection.prepareStatement("SELECT archived FROM scenarios WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                throw unknown(name);
              }
              return r.getBoolean(1);
            }
          }
        });
  }

  // ------------------------------------------------------------------ deployments

  public synchronized void recordDeployment(DeploymentRecord d) {
    tx(
        () -> {
          try (PreparedStatement s =
              connection.prepareStatement(
                  "INSERT INTO deployments (name, version, action, job_id, author, at)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, d.name());
            s.setInt(2, d.version());
            s.setString(3, d.action());
            s.setString(4, d.jobId());
            s.setString(5, d.author());
            s.setTimestamp(6, Timestamp.from(d.at()));
            s.executeUpdate();
          }
          return null;
        });
  }

  /** The deploys and cancels of a scenario, newest first. */
  public synchronized List<DeploymentRecord> deployments(String name) {
    return tx(
        () -> {
          List<DeploymentRecord> out = new ArrayList<>();
          try (PreparedStatement s =
              connection.prepareStatement(
                  "SELECT version, action, job_id, author, at FROM deployments WHERE name = ?"
                      + " ORDER BY id DESC")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                out.add(
                    new DeploymentRecord(
                        name,
                        r.getInt(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getTimestamp(5).toInstant()));
              }
            }
          }
          return out;
        });
  }

  // ------------------------------------------------------------------ users

  public synchronized void putUser(String name, String passwordHash) {
    tx(
        () -> {
          try (PreparedStatement u =
              connection.prepareStatement("UPDATE users SET password_hash = ? WHERE name = ?")) {
            u.setString(1, passwordHash);
            u.setString(2, name);
            if (u.executeUpdate() == 0) {
              try (PreparedStatement i =
                  connection.prepareStatement(
                      "INSERT INTO users (name, password_hash) VALUES (?, ?)")) {
                i.setString(1, name);
                i.setString(2, passwordHash);
                i.executeUpdate();
              }
            }
          }
          return null;
        });
  }

  public synchronized Optional<String> passwordHash(String name) {
    return tx(
        () -> {
          try (PreparedStatement s =
              connection.prepareStatement("SELECT password_hash FROM users WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
              return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
          }
        });
  }

  // ------------------------------------------------------------------ helpers

  private ScenarioVersion insertVersion(
      String name, int version, String json, String comment, String author, Instant at)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO scenario_versions (name, version, json, comment, author, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, name);
      s.setInt(2, version);
      s.setString(3, json);
      s.setString(4, comment);
      s.setString(5, author);
      s.setTimestamp(6, Timestamp.from(at));
      s.executeUpdate();
    }
    return new ScenarioVersion(name, version, json, comment, author, at);
  }

  private boolean exists(String name) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement("SELECT 1 FROM scenarios WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private int latestVersion(String name) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement("SELECT MAX(version) FROM scenario_versions WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        int v = r.getInt(1);
        if (r.wasNull()) {
          throw unknown(name);
        }
        return v;
      }
    }
  }

  private int latestVersionUnchecked(String name) {
    try {
      return latestVersion(name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiException unknown(String name) {
    return ApiException.notFound("there is no scenario named `" + name + "`");
  }

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  private <T> T tx(Work<T> work) {
    try {
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("database error: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      rollback();
      throw e;
    }
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close the designer database", e);
    }
  }
}
