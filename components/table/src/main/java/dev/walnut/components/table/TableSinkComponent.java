package dev.walnut.components.table;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.api.Editor;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.SecretReference;
import dev.walnut.api.SinkComponent;
import dev.walnut.api.Variables;
import dev.walnut.api.errors.RecordFunction;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * {@code table}: upserts each record's columns into a PostgreSQL table by its key, through Flink's
 * own JDBC sink and its PostgreSQL dialect ({@code INSERT … ON CONFLICT (key) DO UPDATE}). Rows are
 * flushed in batches, on an interval and on every checkpoint (at-least-once); since every write is
 * an upsert of a whole row and one key's rows are written in order by one subtask, a replay after a
 * failure leaves the table as a run without failure would. The table is created, and declared
 * columns it lacks added, when the job starts.
 */
public final class TableSinkComponent implements SinkComponent {
  private static final long serialVersionUID = 1L;

  static final String TABLE = "Table";
  static final String KEY = "Key";
  static final String COLUMNS = "Columns";
  static final String COLUMN_TYPES = "Column types";
  static final String DATABASE = "Database";
  static final String USER = "User";
  static final String PASSWORD = "Password";
  static final String BATCH_SIZE = "Batch size";
  static final String FLUSH_INTERVAL = "Flush interval";
  static final String MAX_RETRIES = "Max retries";

  /** Scenario properties used when the node leaves `Database`, `User`, `Password` empty. */
  static final String URL_PROPERTY = "table.jdbc.url";

  static final String USER_PROPERTY = "table.jdbc.user";
  static final String PASSWORD_PROPERTY = "table.jdbc.password";

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("table", ComponentKind.SINK)
          .icon("table")
          .docs(
              "Upserts each record's columns into a PostgreSQL table by its key (`INSERT … ON"
                  + " CONFLICT (key) DO UPDATE`, Flink's JDBC sink with its PostgreSQL dialect)."
                  + " Batched, flushed on an interval and on every checkpoint: at-least-once, and"
                  + " since rows are whole-row upserts written in order per key, a replay after a"
                  + " failure leaves the table equal to a run without one. At job start the table"
                  + " is created from the declared columns and missing columns are added; a column"
                  + " whose type differs fails the job with what to change. Lists, maps and"
                  + " records are stored as jsonb.")
          .parameter(
              Parameter.once(TABLE, DataType.STRING)
                  .validator(ParameterValidator.notBlank())
                  .validator(
                      ParameterValidator.matches(
                          TableSchema.IDENTIFIER.pattern(),
                          "a lowercase identifier like shopper_recommendations"))
                  .docs("The table, in the connection's current schema (usually `public`).")
                  .build())
          .parameter(
              Parameter.once(KEY, DataType.listOf(DataType.STRING))
                  .docs(
                      "The primary key's columns, e.g. `{'shopper'}` or `{'url',"
                          + " 'recommendation'}` (a comma-separated string works too). Rows with"
                          + " the same key replace each other.")
                  .build())
          .parameter(
              Parameter.perEvent(COLUMNS, DataType.mapOf(DataType.UNKNOWN))
                  .docs(
                      "Per record: the row, column name → value, e.g. `{shopper: #shopperKey,"
                          + " products: #recs.products, updated_at: #meta.now}`. Each column's"
                          + " type comes from its expression's type (String → text, Long → bigint,"
                          + " Double → double precision, Boolean → boolean, Instant → timestamptz,"
                          + " List/Map/Record → jsonb); columns whose type is not known need an"
                          + " entry in `Column types`.")
                  .build())
          .parameter(
              Parameter.once(COLUMN_TYPES, DataType.mapOf(DataType.STRING))
                  .optional()
                  .docs(
                      "Column types that override or complete those derived from `Columns`, e.g."
                          + " `{frequency: 'bigint', url: 'text'}`. One of: "
                          + SqlType.names()
                          + ".")
                  .build())
          .parameter(
              Parameter.once(DATABASE, DataType.STRING)
                  .optional()
                  .validator(
                      new ParameterValidator.Named(
                          "a jdbc:postgresql:// URL without credentials",
                          (name, value) -> urlRefusal(String.valueOf(value))))
                  .docs(
                      "The JDBC URL, e.g. `jdbc:postgresql://127.0.0.1:5432/postgres`, without"
                          + " user or password (those are `User` and `Password`). Empty: the"
                          + " scenario property `"
                          + URL_PROPERTY
                          + "`.")
                  .build())
          .parameter(
              Parameter.once(USER, DataType.STRING)
                  .optional()
                  .editor(Editor.SECRET)
                  .validator(ParameterValidator.secretReference("${env:WALNUT_SECRET_PG_USER}"))
                  .docs(
                      "The database user, as a secret reference (`${env:NAME}`, `${sys:name}`,"
                          + " `${file:/path}`) resolved where the job runs. Empty: the scenario"
                          + " property `"
                          + USER_PROPERTY
                          + "`, else none.")
                  .build())
          .parameter(
              Parameter.once(PASSWORD, DataType.STRING)
                  .optional()
                  .editor(Editor.SECRET)
                  .validator(ParameterValidator.secretReference("${env:WALNUT_SECRET_PG_PASSWORD}"))
                  .docs(
                      "The database password, as a secret reference. Empty: the scenario property"
                          + " `"
                          + PASSWORD_PROPERTY
                          + "`, else none.")
                  .build())
          .parameter(
              Parameter.once(BATCH_SIZE, DataType.LONG)
                  .defaultExpression("500")
                  .validator(ParameterValidator.between(1, 100_000))
                  .docs("Rows per batch: a subtask writes when it has this many.")
                  .build())
          .parameter(
              Parameter.once(FLUSH_INTERVAL, DataType.DURATION)
                  .defaultExpression("'PT1S'")
                  .docs(
                      "The longest a row waits before it is written (checkpoints write everything"
                          + " at once); 0 seconds: only full batches and checkpoints.")
                  .build())
          .parameter(
              Parameter.once(MAX_RETRIES, DataType.LONG)
                  .defaultExpression("3")
                  .validator(ParameterValidator.between(0, 20))
                  .docs(
                      "How often a failed batch is retried before the job fails (and restarts"
                          + " from its last checkpoint).")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void createSink(NodeContext ctx, DataStream<Variables> input) {
    ParameterValues p = ctx.params();
    TableSchema schema = schema(p);
    Map<String, String> properties = ctx.scenarioProperties();
    String url =
        p.optionalValue(DATABASE, String.class)
            .filter(u -> !u.isBlank())
            .or(() -> Optional.ofNullable(properties.get(URL_PROPERTY)))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "node `"
                            + ctx.nodeId()
                            + "`: give `Database` (a jdbc:postgresql:// URL) or the scenario"
                            + " property "
                            + URL_PROPERTY));
    urlRefusal(url)
        .ifPresent(
            reason -> {
              throw new IllegalArgumentException("node `" + ctx.nodeId() + "`: " + reason);
            });
    String user = secret(p, USER, properties.get(USER_PROPERTY), "the database user");
    String password =
        secret(p, PASSWORD, properties.get(PASSWORD_PROPERTY), "the database password");
    Duration interval = p.value(FLUSH_INTERVAL, Duration.class);
    JdbcSink<String[]> sink =
        JdbcSink.<String[]>builder()
            .withQueryStatement(schema.upsertStatement(), new RowBinder(schema.columnTypes()))
            .withExecutionOptions(
                JdbcExecutionOptions.builder()
                    .withBatchSize(p.value(BATCH_SIZE, Long.class).intValue())
                    .withBatchIntervalMs(interval.toMillis())
                    .withMaxRetries(p.value(MAX_RETRIES, Long.class).intValue())
                    .build())
            .buildAtLeastOnce(new TableConnectionProvider(url, user, password, schema));
    ctx.guarded(
            "row",
            input,
            new ToRow(p.lazy(COLUMNS), schema),
            BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO)
        // one subtask per key: a key's rows are written in the order they came
        .keyBy(new RowKey(schema.keyIndexes()))
        .sinkTo(sink)
        .name(ctx.nodeId())
        .uid(ctx.nodeId());
  }

  @Override
  public LazyParameter<Object> testOutput(NodeContext ctx) {
    ParameterValues p = ctx.params();
    return new TestOutput(p.lazy(COLUMNS), schema(p));
  }

  /** The declared table: columns from the `Columns` type, completed by `Column types`. */
  static TableSchema schema(ParameterValues p) {
    String table = p.value(TABLE, String.class);
    DataType rowType = p.typeOf(COLUMNS);
    Map<String, SqlType> columns = new LinkedHashMap<>();
    Map<String, String> unknown = new LinkedHashMap<>();
    rowType
        .fields()
        .forEach(
            (name, type) ->
                SqlType.of(type)
                    .ifPresentOrElse(
                        t -> columns.put(name, t), () -> unknown.put(name, type.display())));
    Object given = p.optionalValue(COLUMN_TYPES, Object.class).orElse(Map.of());
    if (!(given instanceof Map<?, ?> overrides)) {
      throw new IllegalArgumentException(
          "`Column types` must be a map like {frequency: 'bigint'}, got " + given);
    }
    overrides.forEach(
        (name, typeName) -> {
          SqlType type =
              SqlType.named(String.valueOf(typeName))
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "`Column types`: column `"
                                  + name
                                  + "` has type `"
                                  + typeName
                                  + "`; use one of "
                                  + SqlType.names()));
          columns.put(String.valueOf(name), type);
          unknown.remove(String.valueOf(name));
        });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "the type of column(s) "
              + unknown
              + " is not known from `Columns`: give it in `Column types`, e.g. {"
              + unknown.keySet().iterator().next()
              + ": 'text'} (one of "
              + SqlType.names()
              + ")");
    }
    if (columns.isEmpty() && rowType.kind() != DataType.Kind.RECORD) {
      throw new IllegalArgumentException(
          "`Columns` is "
              + rowType.display()
              + ": its columns are not known, declare them all in"
              + " `Column types`, or write `Columns` as a record like {shopper: #shopperKey}");
    }
    return TableSchema.of(table, columns, keyOf(p.value(KEY, Object.class)));
  }

  private static List<String> keyOf(Object key) {
    if (key instanceof List<?> list) {
      return list.stream().map(String::valueOf).map(String::trim).toList();
    }
    if (key instanceof String s) {
      return Arrays.stream(s.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    }
    throw new IllegalArgumentException(
        "`Key` must be a list of column names like {'url', 'recommendation'}, got " + key);
  }

  private static String secret(ParameterValues p, String name, String property, String what) {
    String ref = p.optionalValue(name, String.class).filter(v -> !v.isBlank()).orElse(property);
    if (ref == null || ref.isBlank()) {
      return null;
    }
    // parse here, so a literal secret fails the deployment rather than travelling in the graph
    return SecretReference.parse(ref, what).toString();
  }

  static Optional<String> urlRefusal(String url) {
    if (!url.startsWith("jdbc:postgresql://")) {
      return Optional.of(
          "`Database` must be a PostgreSQL JDBC URL starting with jdbc:postgresql://, got `"
              + url.replaceAll("(?i)(password=)[^&]*", "$1***")
              + "`");
    }
    String query = url.contains("?") ? url.substring(url.indexOf('?') + 1).toLowerCase() : "";
    for (String part : query.split("&")) {
      if (part.startsWith("user=") || part.startsWith("password=")) {
        return Optional.of(
            "`Database` must not carry credentials: give them as secret references in `User`"
                + " and `Password`");
      }
    }
    return Optional.empty();
  }

  /** The record's row as text per declared column (see {@link SqlType#toText}). */
  static String[] row(Variables record, LazyParameter<Object> columns, TableSchema schema) {
    Object value = columns.evaluate(record);
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          "`Columns` must give a map of column → value, got " + DataType.ofValue(value).display());
    }
    List<String> names = schema.columnNames();
    for (Object name : map.keySet()) {
      if (!names.contains(String.valueOf(name))) {
        throw new IllegalArgumentException(
            "`Columns` gave column `"
                + name
                + "`, which is not declared (declared: "
                + names
                + ")");
      }
    }
    List<SqlType> types = schema.columnTypes();
    String[] row = new String[names.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = types.get(i).toText(names.get(i), map.get(names.get(i)));
    }
    for (int k : schema.keyIndexes()) {
      if (row[k] == null) {
        throw new IllegalArgumentException("key column `" + names.get(k) + "` is null");
      }
    }
    return row;
  }

  private record ToRow(LazyParameter<Object> columns, TableSchema schema)
      implements RecordFunction<String[]> {
    @Override
    public String[] apply(Variables record) {
      return row(record, columns, schema);
    }
  }

  private record RowKey(int[] keyIndexes) implements KeySelector<String[], String> {
    @Override
    public String getKey(String[] row) {
      StringBuilder key = new StringBuilder();
      for (int k : keyIndexes) {
        // \u0000 cannot occur in PostgreSQL text, so the joined key is unambiguous
        key.append(row[k]).append('\u0000');
      }
      return key.toString();
    }
  }

  private record RowBinder(List<SqlType> types) implements JdbcStatementBuilder<String[]> {
    @Override
    public void accept(java.sql.PreparedStatement statement, String[] row)
        throws java.sql.SQLException {
      for (int i = 0; i < row.length; i++) {
        types.get(i).bind(statement, i + 1, row[i]);
      }
    }
  }

  /** What a test run records instead of writing: the table and the row. */
  private static final class TestOutput implements LazyParameter<Object> {
    private static final long serialVersionUID = 1L;
    private final LazyParameter<Object> columns;
    private final TableSchema schema;

    TestOutput(LazyParameter<Object> columns, TableSchema schema) {
      this.columns = columns;
      this.schema = schema;
    }

    @Override
    public Object evaluate(Variables context) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("table", schema.table());
      try {
        String[] row = row(context, columns, schema);
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < row.length; i++) {
          values.put(schema.columnNames().get(i), row[i]);
        }
        out.put("row", values);
      } catch (IllegalArgumentException e) {
        out.put("error", e.getMessage());
      }
      return out;
    }

    @Override
    public DataType type() {
      return DataType.UNKNOWN;
    }

    @Override
    public String expression() {
      return columns.expression();
    }
  }
}
