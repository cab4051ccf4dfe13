package dev.walnut.components.table;

import dev.walnut.api.SecretReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;

/**
 * The connector's own {@link SimpleJdbcConnectionProvider}, made where the job runs: the
 * credentials are secret references resolved there (never in the job graph), and the first
 * connection of each sink subtask migrates the table to the declared columns before anything is
 * written.
 */
final class TableConnectionProvider implements JdbcConnectionProvider {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final String user;
  private final String password;
  private final TableSchema schema;
  private transient SimpleJdbcConnectionProvider delegate;
  private transient boolean migrated;

  /**
   * @param user a secret reference, or null for none
   * @param password a secret reference, or null for none
   */
  TableConnectionProvider(String url, String user, String password, TableSchema schema) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.schema = schema;
  }

  private SimpleJdbcConnectionProvider delegate() {
    if (delegate == null) {
      JdbcConnectionOptions.JdbcConnectionOptionsBuilder options =
          new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
              .withUrl(url)
              .withDriverName("org.postgresql.Driver");
      if (user != null) {
        options.withUsername(SecretReference.parse(user, "the database user").resolve());
      }
      if (password != null) {
        options.withPassword(SecretReference.parse(password, "the database password").resolve());
      }
      delegate = new SimpleJdbcConnectionProvider(options.build());
    }
    return delegate;
  }

  @Override
  public Connection getConnection() {
    return delegate().getConnection();
  }

  @Override
  public Properties getProperties() {
    return delegate().getProperties();
  }

  @Override
  public boolean isConnectionValid() throws SQLException {
    return delegate().isConnectionValid();
  }

  @Override
  public Connection getOrEstablishConnection() throws SQLException, ClassNotFoundException {
    Connection c = delegate().getOrEstablishConnection();
    if (!migrated) {
      schema.migrate(c);
      migrated = true;
    }
    return c;
  }

  @Override
  public void closeConnection() {
    if (delegate != null) {
      delegate.closeConnection();
    }
  }

  @Override
  public void close() {
    closeConnection();
  }

  @Override
  public Connection reestablishConnection() throws SQLException, ClassNotFoundException {
    return delegate().reestablishConnection();
  }
}
