package dev.walnut.components.table;

import dev.walnut.api.DataType;
import dev.walnut.api.json.JsonValues;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The PostgreSQL column types the {@code table} sink declares. A value travels from the record to
 * the sink as text ({@link #toText}), so the stream between them needs no Kryo, and is bound to the
 * statement with its JDBC type ({@link #bind}).
 */
enum SqlType {
  TEXT("text", "text", Types.VARCHAR),
  BIGINT("bigint", "bigint", Types.BIGINT),
  DOUBLE("double precision", "double precision", Types.DOUBLE),
  BOOLEAN("boolean", "boolean", Types.BOOLEAN),
  TIMESTAMPTZ("timestamptz", "timestamp with time zone", Types.TIMESTAMP_WITH_TIMEZONE),
  JSONB("jsonb", "jsonb", Types.OTHER);

  /** How the sink writes the type in DDL and in `Column types`. */
  final String ddl;

  /** How {@code information_schema.columns.data_type} reports it. */
  final String reported;

  private final int jdbcType;

  SqlType(String ddl, String reported, int jdbcType) {
    this.ddl = ddl;
    this.reported = reported;
    this.jdbcType = jdbcType;
  }

  static String names() {
    return Arrays.stream(values()).map(t -> "'" + t.ddl + "'").collect(Collectors.joining(", "));
  }

  /** The type a `Column types` entry names. */
  static Optional<SqlType> named(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(t -> t.ddl.equals(n) || t.reported.equals(n)).findFirst();
  }

  /** The column type of an expression's static type; empty when it is not known. */
  static Optional<SqlType> of(DataType type) {
    return switch (type.kind()) {
      case STRING -> Optional.of(TEXT);
      case LONG -> Optional.of(BIGINT);
      case DOUBLE -> Optional.of(DOUBLE);
      case BOOLEAN -> Optional.of(BOOLEAN);
      case INSTANT -> Optional.of(TIMESTAMPTZ);
      case LIST, MAP, RECORD -> Optional.of(JSONB);
      default -> Optional.empty();
    };
  }

  /**
   * The value as the text the sink carries, or null for SQL NULL.
   *
   * @throws IllegalArgumentException saying why the value does not fit the column
   */
  String toText(String column, Object value) {
    if (value == null) {
      return null;
    }
    return switch (this) {
      case TEXT -> value instanceof CharSequence ? value.toString() : JsonValues.write(value);
      case BIGINT -> {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
          yield value.toString();
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
          yield Long.toString(n.longValue());
        }
        try {
          yield Long.toString(Long.parseLong(value.toString().trim()));
        } catch (NumberFormatException e) {
          throw misfit(column, value);
        }
      }
      case DOUBLE -> {
        if (value instanceof Number n) {
          yield Double.toString(n.doubleValue());
        }
        try {
          yield Double.toString(Double.parseDouble(value.toString().trim()));
        } catch (NumberFormatException e) {
          throw misfit(column, value);
        }
      }
      case BOOLEAN -> {
        if (value instanceof Boolean b) {
          yield b.toString();
        }
        String s = value.toString().trim().toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
          throw misfit(column, value);
        }
        yield s;
      }
      case TIMESTAMPTZ -> {
        if (value instanceof Instant i) {
          yield i.toString();
        }
        if (value instanceof Long millis) {
          yield Instant.ofEpochMilli(millis).toString();
        }
        try {
          yield Instant.parse(value.toString().trim()).toString();
        } catch (java.time.format.DateTimeParseException e) {
          throw misfit(column, value);
        }
      }
      case JSONB -> JsonValues.write(value);
    };
  }

  private IllegalArgumentException misfit(String column, Object value) {
    String shown = String.valueOf(value);
    return new IllegalArgumentException(
        "column `"
            + column
            + "` is "
            + ddl
            + ", the record's value `"
            + (shown.length() > 80 ? shown.substring(0, 80) + "…" : shown)
            + "` is not");
  }

  void bind(PreparedStatement statement, int index, String text) throws SQLException {
    if (text == null) {
      statement.setNull(index, jdbcType);
      return;
    }
    switch (this) {
      case TEXT -> statement.setString(index, text);
      case BIGINT -> statement.setLong(index, Long.parseLong(text));
      case DOUBLE -> statement.setDouble(index, Double.parseDouble(text));
      case BOOLEAN -> statement.setBoolean(index, Boolean.parseBoolean(text));
      case TIMESTAMPTZ ->
          statement.setObject(
              index, OffsetDateTime.ofInstant(Instant.parse(text), ZoneOffset.UTC), jdbcType);
      // Types.OTHER: the server reads the text as the column's type, jsonb
      case JSONB -> statement.setObject(index, text, jdbcType);
    }
  }
}
