package dev.walnut.designer.store;

import dev.walnut.designer.auth.Role;
import dev.walnut.designer.http.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;

/**
 * The designer's database: scenarios with their versions, deployments and users. An embedded H2
 * file database by default, PostgreSQL when configured with its JDBC URL; the schema is created and
 * upgraded by Flyway migrations ({@code db/migration}). Requests run concurrently on a pool of
 * connections ({@link ConnectionPool}); writes that number versions take one lock, so two saves
 * based on the same version cannot both succeed.
 */
public final class DesignerDatabase implements AutoCloseable {
  /** Connections when none is said. */
  public static final int DEFAULT_POOL_SIZE = 8;

  private final ConnectionPool pool;
  private final ReentrantLock writes = new ReentrantLock();

  private DesignerDatabase(ConnectionPool pool) {
    this.pool = pool;
  }

  /** Opens (creating and migrating when needed) the database at {@code jdbcUrl}. */
  public static DesignerDatabase open(String jdbcUrl, String user, String password) {
    return open(jdbcUrl, user, password, DEFAULT_POOL_SIZE);
  }

  /** The same, with at most {@code poolSize} connections open at once. */
  public static DesignerDatabase open(String jdbcUrl, String user, String password, int poolSize) {
    try {
      Flyway.configure()
          .dataSource(jdbcUrl, user, password)
          .locations("classpath:db/migration")
          .load()
          .migrate();
      ConnectionPool pool =
          new ConnectionPool(jdbcUrl, user, password, poolSize, java.time.Duration.ofSeconds(30));
      // fail now, not on the first request, when the database cannot be reached
      Connection first = pool.acquire();
      pool.release(first, false);
      return new DesignerDatabase(pool);
    } catch (SQLException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot open the designer database " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ scenarios

  /** Creates a scenario with its first version; 409 when the name is taken. */
  public ScenarioVersion create(String name, String json, String comment, String author) {
    return write(
        connection -> {
          if (exists(connection, name)) {
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
          return insertVersion(connection, name, 1, json, comment, author, now);
        });
  }

  /**
   * Saves {@code json} as the version after {@code baseVersion}; 409 when someone saved a newer
   * version since {@code baseVersion} was loaded (the caller must reload and merge).
   */
  public ScenarioVersion save(
      String name, int baseVersion, String json, String comment, String author) {
    return write(
        connection -> {
          int latest = latestVersion(connection, name);
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
          return insertVersion(connection, name, latest + 1, json, comment, author, Instant.now());
        });
  }

  public List<ScenarioSummary> list(boolean includeArchived) {
    return tx(
        connection -> {
          List<ScenarioSummary> out = new ArrayList<>();
          Map<String, List<String>> labels = labels(connection);
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
                      r.getTimestamp(5).toInstant(),
                      labels.getOrDefault(r.getString(1), List.of())));
            }
          }
          return out;
        });
  }

  /** Replaces a scenario's labels; 404 for an unknown scenario. */
  public void setLabels(String name, Collection<String> labels) {
    write(
        connection -> {
          if (!exists(connection, name)) {
            throw unknown(name);
          }
          try (PreparedStatement d =
              connection.prepareStatement("DELETE FROM scenario_labels WHERE name = ?")) {
            d.setString(1, name);
            d.executeUpdate();
          }
          try (PreparedStatement i =
              connection.prepareStatement(
                  "INSERT INTO scenario_labels (name, label) VALUES (?, ?)")) {
            for (String label : new TreeSet<>(labels)) {
              i.setString(1, name);
              i.setString(2, label);
              i.executeUpdate();
            }
          }
          return null;
        });
  }

  private static Map<String, List<String>> labels(Connection connection) throws SQLException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (PreparedStatement s =
            connection.prepareStatement(
                "SELECT name, label FROM scenario_labels ORDER BY name, label");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
      }
    }
    return out;
  }

  /** A version, or the latest when {@code version} is empty; 404 when there is none. */
  public ScenarioVersion get(String name, Optional<Integer> version) {
    return tx(
        connection -> {
          int v = version.orElseGet(() -> latestVersionUnchecked(connection, name));
          try (PreparedStatement s =
              connection.prepareStatement(
                  "SELECT json, comment, author, created_at FROM scenario_versions"
                      + " WHERE name = ? AND version = ?")) {
            s.setString(1, name);
            s.setInt(2, v);
            try (ResultSet r = s.executeQuery()) {
              if (!r.next()) {
                latestVersion(connection, name); // 404 for an unknown scenario first
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
  public List<ScenarioVersion> history(String name) {
    return tx(
        connection -> {
          latestVersion(connection, name);
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

  public void setArchived(String name, boolean archived) {
    tx(
        connection -> {
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

  public boolean isArchived(String name) {
    return tx(
        connection -> {
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

  public void recordDeployment(DeploymentRecord d) {
    tx(
        connection -> {
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
  public List<DeploymentRecord> deployments(String name) {
    return tx(
        connection -> {
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

  /**
   * Creates a user or updates its roles and, when {@code passwordHash} is not null, its password.
   *
   * @throws ApiException 400 when a new user gets no password
   */
  public void putUser(String name, String passwordHash, Set<Role> roles) {
    tx(
        connection -> {
          int updated;
          try (PreparedStatement u =
              connection.prepareStatement(
                  passwordHash == null
                      ? "UPDATE users SET roles = ? WHERE name = ?"
                      : "UPDATE users SET roles = ?, password_hash = ? WHERE name = ?")) {
            u.setString(1, Role.format(roles));
            if (passwordHash != null) {
              u.setString(2, passwordHash);
            }
            u.setString(passwordHash == null ? 2 : 3, name);
            updated = u.executeUpdate();
          }
          if (updated == 0) {
            if (passwordHash == null) {
              throw ApiException.badRequest("user `" + name + "` is new: give a `password`");
            }
            try (PreparedStatement i =
                connection.prepareStatement(
                    "INSERT INTO users (name, password_hash, roles) VALUES (?, ?, ?)")) {
              i.setString(1, name);
              i.setString(2, passwordHash);
              i.setString(3, Role.format(roles));
              i.executeUpdate();
            }
          }
          return null;
        });
  }

  /** The roles of a user; empty for an unknown one. */
  public Set<Role> roles(String name) {
    return tx(
        connection -> {
          try (PreparedStatement s =
              connection.prepareStatement("SELECT roles FROM users WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
              return r.next() ? Role.parse(r.getString(1)) : Set.of();
            }
          }
        });
  }

  /** Every user with its roles, by name. */
  public Map<String, Set<Role>> users() {
    return tx(
        connection -> {
          Map<String, Set<Role>> out = new LinkedHashMap<>();
          try (PreparedStatement s =
                  connection.prepareStatement("SELECT name, roles FROM users ORDER BY name");
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              out.put(r.getString(1), Role.parse(r.getString(2)));
            }
          }
          return out;
        });
  }

  // ------------------------------------------------------------------ audit log

  public void audit(AuditEntry e) {
    tx(
        connection -> {
          try (PreparedStatement s =
              connection.prepareStatement(
                  "INSERT INTO audit_log (at, user_name, action, scenario, version, detail)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setTimestamp(1, Timestamp.from(e.at()));
            s.setString(2, e.user());
            s.setString(3, e.action());
            s.setString(4, e.scenario());
            if (e.version() == null) {
              s.setNull(5, java.sql.Types.INTEGER);
            } else {
              s.setInt(5, e.version());
            }
            String detail = e.detail();
            s.setString(
                6, detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000));
            s.executeUpdate();
          }
          return null;
        });
  }

  /** The newest {@code limit} entries, newest first, of one scenario or of all. */
  public List<AuditEntry> auditLog(Optional<String> scenario, int limit) {
    return tx(
        connection -> {
          List<AuditEntry> out = new ArrayList<>();
          try (PreparedStatement s =
              connection.prepareStatement(
                  "SELECT at, user_name, action, scenario, version, detail FROM audit_log"
                      + (scenario.isPresent() ? " WHERE scenario = ?" : "")
                      + " ORDER BY id DESC")) {
            if (scenario.isPresent()) {
              s.setString(1, scenario.get());
            }
            s.setMaxRows(limit);
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                int v = r.getInt(5);
                Integer version = r.wasNull() ? null : v;
                out.add(
                    new AuditEntry(
                        r.getTimestamp(1).toInstant(),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        version,
                        r.getString(6)));
              }
            }
          }
          return out;
        });
  }

  public Optional<String> passwordHash(String name) {
    return tx(
        connection -> {
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

  private static ScenarioVersion insertVersion(
      Connection connection,
      String name,
      int version,
      String json,
      String comment,
      String author,
      Instant at)
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

  private static boolean exists(Connection connection, String name) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement("SELECT 1 FROM scenarios WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private static int latestVersion(Connection connection, String name) throws SQLException {
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

  private static int latestVersionUnchecked(Connection connection, String name) {
    try {
      return latestVersion(connection, name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiException unknown(String name) {
    return ApiException.notFound("there is no scenario named `" + name + "`");
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** A transaction that numbers versions: one at a time. */
  private <T> T write(Work<T> work) {
    writes.lock();
    try {
      return tx(work);
    } finally {
      writes.unlock();
    }
  }

  /** One transaction on a pooled connection: committed when {@code work} returns. */
  private <T> T tx(Work<T> work) {
    Connection connection;
    try {
      connection = pool.acquire();
    } catch (SQLException e) {
      throw new IllegalStateException("database unavailable: " + e.getMessage(), e);
    }
    boolean broken = false;
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException e) {
      broken = true;
      throw new IllegalStateException("database error: " + e.getMessage(), e);
    } finally {
      // release rolls back whatever was not committed (an ApiException mid-transaction, say)
      pool.release(connection, broken);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
