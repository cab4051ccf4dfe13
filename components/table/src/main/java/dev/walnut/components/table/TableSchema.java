package dev.walnut.components.table;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.connector.jdbc.postgres.database.dialect.PostgresDialect;

/**
 * What the {@code table} sink declares: the table, its columns with their types (in order) and its
 * primary key. It makes the statements: the table's DDL, the migration of an existing table, and
 * the upsert, which is the connector's own PostgreSQL dialect's ({@code INSERT … ON CONFLICT (key)
 * DO UPDATE SET …}).
 */
final class TableSchema implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Unquoted PostgreSQL identifiers: they then mean the same quoted or not. */
  static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private static final Pattern NAMED_PLACEHOLDER = Pattern.compile(":([a-z_][a-z0-9_]*)");

  private final String table;
  private final LinkedHashMap<String, SqlType> columns;
  private final List<String> key;

  private TableSchema(String table, LinkedHashMap<String, SqlType> columns, List<String> key) {
    this.table = table;
    this.columns = columns;
    this.key = key;
  }

  /**
   * Checks the declaration.
   *
   * @throws IllegalArgumentException saying which name or key to fix
   */
  static TableSchema of(String table, Map<String, SqlType> columns, List<String> key) {
    if (table == null || !IDENTIFIER.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "`Table` must be a lowercase identifier like `shopper_recommendations`, got `"
              + table
              + "`");
    }
    for (String column : columns.keySet()) {
      if (!IDENTIFIER.matcher(column).matches()) {
        throw new IllegalArgumentException(
            "column names must be lowercase identifiers like `model_version`, got `"
                + column
                + "`");
      }
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("`Columns` must name at least one column");
    }
    if (key.isEmpty()) {
      throw new IllegalArgumentException("`Key` must name at least one column");
    }
    for (String k : key) {
      if (!columns.containsKey(k)) {
        throw new IllegalArgumentException(
            "the key column `" + k + "` is not one of the columns " + columns.keySet());
      }
    }
    if (key.stream().distinct().count() != key.size()) {
      throw new IllegalArgumentException("`Key` names a column twice: " + key);
    }
    return new TableSchema(table, new LinkedHashMap<>(columns), List.copyOf(key));
  }

  String table() {
    return table;
  }

  List<String> columnNames() {
    return List.copyOf(columns.keySet());
  }

  List<SqlType> columnTypes() {
    return List.copyOf(columns.values());
  }

  List<String> key() {
    return key;
  }

  /** The indexes of the key columns among the columns. */
  int[] keyIndexes() {
    List<String> names = columnNames();
    return key.stream().mapToInt(names::indexOf).toArray();
  }

  String createStatement() {
    return "CREATE TABLE IF NOT EXISTS "
        + table
        + " ("
        + columns.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue().ddl)
            .collect(Collectors.joining(", "))
        + ", PRIMARY KEY ("
        + String.join(", ", key)
        + "))";
  }

  /**
   * The dialect's upsert with positional parameters: the dialect writes named ones ({@code :col}),
   * which only the connector's table runtime understands; the DataStream sink takes {@code ?}.
   */
  String upsertStatement() {
    String[] names = columnNames().toArray(String[]::new);
    String named =
        new PostgresDialect()
            .getUpsertStatement(table, names, key.toArray(String[]::new))
            .orElseThrow(() -> new IllegalStateException("the PostgreSQL dialect has no upsert"));
    List<String> order = new ArrayList<>();
    Matcher m = NAMED_PLACEHOLDER.matcher(named);
    StringBuilder positional = new StringBuilder();
    while (m.find()) {
      order.add(m.group(1));
      m.appendReplacement(positional, "?");
    }
    m.appendTail(positional);
    if (!order.equals(columnNames())) {
      throw new IllegalStateException(
          "the dialect's upsert has parameters " + order + ", expected " + columnNames());
    }
    return positional.toString();
  }

  /**
   * Creates the table, or adds the declared columns an existing one lacks; one subtask at a time
   * (an advisory lock), so parallel sink subtasks starting together do not race.
   *
   * @throws SQLException with what to change when an existing column's type or the primary key
   *     differs from the declaration
   */
  void migrate(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      try (PreparedStatement lock =
          connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
        lock.setString(1, "walnut.table." + table);
        lock.execute();
      }
      s.execute(createStatement());
      Map<String, String> existing = existingColumns(connection);
      List<String> problems = new ArrayList<>();
      for (Map.Entry<String, SqlType> c : columns.entrySet()) {
        String actual = existing.get(c.getKey());
        if (actual == null) {
          if (key.contains(c.getKey())) {
            problems.add(
                "key column `" + c.getKey() + "` is missing and cannot be added to a filled table");
          } else {
            s.execute(
                "ALTER TABLE " + table + " ADD COLUMN " + c.getKey() + " " + c.getValue().ddl);
          }
        } else if (!actual.equals(c.getValue().reported)) {
          problems.add(
              "column `"
                  + c.getKey()
                  + "` is "
                  + actual
                  + " in the database but declared "
                  + c.getValue().ddl
                  + " (change its entry in `Column types` to '"
                  + SqlType.named(actual).map(t -> t.ddl).orElse(actual)
                  + "', or migrate it: ALTER TABLE "
                  + table
                  + " ALTER COLUMN "
                  + c.getKey()
                  + " TYPE "
                  + c.getValue().ddl
                  + ")");
        }
      }
      List<String> primaryKey = primaryKey(connection);
      if (problems.isEmpty() && !primaryKey.equals(key)) {
        problems.add(
            "its primary key is "
                + primaryKey
                + " but `Key` is "
                + key
                + " (upserts need exactly that key)");
      }
      if (!problems.isEmpty()) {
        connection.rollback();
        throw new SQLException(
            "table `" + table + "` does not match the sink: " + String.join("; ", problems));
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private Map<String, String> existingColumns(Connection connection) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (PreparedStatement q =
        connection.prepareStatement(
            "SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ?")) {
      q.setString(1, table);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.put(r.getString(1), r.getString(2));
        }
      }
    }
    return out;
  }

  private List<String> primaryKey(Connection connection) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement q =
        connection.prepareStatement(
            "SELECT a.attname FROM pg_index i"
                + " JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indrelid = to_regclass(?) AND i.indisprimary ORDER BY k.n")) {
      q.setString(1, table);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
    }
    return out;
  }
}
