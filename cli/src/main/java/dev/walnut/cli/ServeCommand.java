package dev.walnut.cli;

import dev.walnut.embedded.postgres.EmbeddedPostgres;
import dev.walnut.serving.ServingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./walnut serve}: the recommendations API (GraphQL, GraphiQL, REST) over the tables the
 * scenarios' {@code table} sinks write, until interrupted.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serves recommendations over GraphQL (GraphiQL at /graphiql) and REST from PostgreSQL,"
            + " with read-only credentials.")
public final class ServeCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "" + ServingServer.DEFAULT_PORT,
      description = "Port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}: this machine only).")
  String host;

  @Option(
      names = "--rate-limit",
      defaultValue = "200",
      description =
          "Requests a second per client (bursts of twice that; default: ${DEFAULT-VALUE}).")
  int rateLimit;

  @Option(
      names = "--postgres-port",
      defaultValue = "5432",
      description = "With --embedded-postgres: its port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int postgresPort;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Database database;

  /** Where the tables are. */
  static final class Database {
    @Option(
        names = "--jdbc-url",
        description =
            "A PostgreSQL JDBC URL; the read-only user and password come from"
                + " $WALNUT_SERVING_DB_USER and $WALNUT_SERVING_DB_PASSWORD.")
    String jdbcUrl;

    @Option(
        names = "--embedded-postgres",
        description =
            "Start a local PostgreSQL (data in .walnut/postgres, kept across runs) and serve it.")
    boolean embedded;
  }

  @Override
  public Integer call() throws Exception {
    EmbeddedPostgres postgres = null;
    String url;
    String user;
    String password;
    if (database.embedded) {
      Path root = Path.of(".walnut", "postgres").toAbsolutePath();
      Files.createDirectories(root);
      Path secret = root.resolve("superuser-password");
      if (!Files.exists(secret)) {
        Files.writeString(secret, random());
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
      }
      postgres =
          EmbeddedPostgres.builder()
              .port(postgresPort)
              .dataDirectory(root.resolve("data"))
              .superuserPassword(Files.readString(secret).trim())
              .build()
              .start();
      user = "walnut_api";
      password = random();
      postgres.createReadOnlyRole(user, password);
      url = postgres.jdbcUrl();
      System.out.println(
          "PostgreSQL is running at "
              + url
              + " (superuser postgres, password in "
              + secret
              + "); scenarios write to it with --property table.jdbc.url="
              + url);
    } else {
      url = database.jdbcUrl;
      user = System.getenv("WALNUT_SERVING_DB_USER");
      password = System.getenv("WALNUT_SERVING_DB_PASSWORD");
      if (user == null || user.isBlank()) {
        System.err.println(
            "set WALNUT_SERVING_DB_USER (and WALNUT_SERVING_DB_PASSWORD) to a read-only role");
        return 2;
      }
    }
    ServingServer server =
        ServingServer.builder()
            .host(host)
            .port(port)
            .database(url, user, password)
            .rateLimit(rateLimit, 2 * rateLimit)
            .build()
            .start();
    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedPostgres started = postgres;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  if (started != null) {
                    started.close();
                  }
                  stopped.countDown();
                },
                "walnut-serve-stop"));
    System.out.println(
        "Walnut serving at "
            + server.baseUrl()
            + "  (GraphiQL: "
            + server.baseUrl()
            + "/graphiql)");
    System.out.println("Press Ctrl+C to stop.");
    stopped.await();
    return 0;
  }

  private static String random() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
