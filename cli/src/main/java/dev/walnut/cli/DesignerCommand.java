package dev.walnut.cli;

import dev.walnut.designer.DesignerConfig;
import dev.walnut.designer.DesignerServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./walnut designer}: the scenario designer (web UI and JSON API) on one port. */
@Command(
    name = "designer",
    mixinStandardHelpOptions = true,
    description =
        "Starts the scenario designer: web UI and JSON API (OpenAPI at /api/openapi.json).")
public final class DesignerCommand implements Callable<Integer> {

  @Option(names = "--port", description = "HTTP port (default: ${DEFAULT-VALUE})")
  int port = 8080;

  @Option(names = "--host", description = "address to listen on (default: ${DEFAULT-VALUE})")
  String host = "127.0.0.1";

  @Option(
      names = "--data-dir",
      description = "where the embedded H2 database lives (default: ${DEFAULT-VALUE})")
  Path dataDir = Path.of(".walnut", "designer");

  @Option(
      names = "--jdbc-url",
      description =
          "database JDBC URL instead of the embedded H2, e.g. jdbc:postgresql://db/walnut")
  String jdbcUrl;

  @Option(names = "--jdbc-user", description = "database user")
  String jdbcUser = "";

  @Option(
      names = "--jdbc-password-env",
      description = "environment variable holding the database password")
  String jdbcPasswordEnv;

  @Option(names = "--user", description = "login name (default: ${DEFAULT-VALUE})")
  String user = "admin";

  @Option(
      names = "--password-env",
      description =
          "environment variable holding the login password (default: ${DEFAULT-VALUE}); when"
              + " unset a random password is generated and printed")
  String passwordEnv = "WALNUT_DESIGNER_PASSWORD";

  @Option(
      names = "--allow-origin",
      description = "another browser origin allowed to call the API (e.g. http://localhost:5173)")
  List<String> origins = new ArrayList<>();

  @Option(
      names = "--max-body",
      description = "largest accepted request body in bytes (default: ${DEFAULT-VALUE})")
  long maxBody = DesignerConfig.DEFAULT_MAX_BODY_BYTES;

  @Option(names = "--flink-port", description = "local Flink REST/web UI port (default: free)")
  int flinkPort = 0;

  @Option(
      names = "--flink-remote",
      description =
          "REST URL of a Flink 1.20 session cluster to deploy to, e.g. http://jobmanager:8081"
              + " (default: a local cluster in this process; test runs always run locally)")
  String flinkRemote;

  @Option(
      names = "--job-jar",
      description =
          "the jar shipped with jobs to --flink-remote (default: the jar this runs from,"
              + " walnut.jar)")
  Path jobJar;

  @Option(names = "--kafka", description = "Kafka bootstrap servers for test runs and deployments")
  String kafka;

  @Option(names = "--property", description = "scenario property override key=value")
  Map<String, String> properties = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    String password = System.getenv(passwordEnv);
    if (password == null || password.isBlank()) {
      byte[] raw = new byte[12];
      new SecureRandom().nextBytes(raw);
      password = java.util.HexFormat.of().formatHex(raw);
      System.out.println(
          "No password in $" + passwordEnv + "; generated one for `" + user + "`: " + password);
    }
    Map<String, String> props = new HashMap<>(properties);
    if (kafka != null) {
      props.put("kafka.bootstrap.servers", kafka);
    }
    String dbPassword = jdbcPasswordEnv == null ? "" : System.getenv(jdbcPasswordEnv);
    DesignerConfig config =
        new DesignerConfig(
            host,
            port,
            jdbcUrl != null ? jdbcUrl : DesignerConfig.h2Url(dataDir),
            jdbcUrl != null ? jdbcUser : "sa",
            dbPassword == null ? "" : dbPassword,
            user,
            password,
            origins,
            maxBody,
            flinkPort,
            4,
            props,
            flinkRemote,
            flinkRemote == null ? null : jobJar());
    if (jdbcUrl == null) {
      java.nio.file.Files.createDirectories(dataDir);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (DesignerServer server = DesignerServer.start(config)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      System.out.println("Walnut designer at http://" + host + ":" + server.port() + "/");
      stopped.await();
    }
    return 0;
  }

  private Path jobJar() throws java.net.URISyntaxException {
    if (jobJar != null) {
      return jobJar;
    }
    Path self =
        Path.of(DesignerCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!java.nio.file.Files.isRegularFile(self)) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this),
          "--flink-remote needs --job-jar: this runs from " + self + ", not from walnut.jar");
    }
    return self;
  }
}
