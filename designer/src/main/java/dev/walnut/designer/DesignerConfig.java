package dev.walnut.designer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a designer server runs.
 *
 * @param host address to listen on (127.0.0.1 unless it must be reachable from elsewhere)
 * @param port HTTP port; 0 for a free one
 * @param jdbcUrl the database; an H2 file under {@code .walnut/designer/} by default
 * @param user the login name
 * @param password the login password (stored only as a PBKDF2 hash)
 * @param extraOrigins browser origins besides the server's own allowed to call the API (e.g. the
 *     Vite dev server)
 * @param maxBodyBytes the largest request body accepted (413 beyond)
 * @param flinkRestPort REST port of the local Flink cluster (0 for a free one)
 * @param scenarioProperties scenario property overrides for test runs and deployments (e.g. {@code
 *     kafka.bootstrap.servers})
 * @param flinkRemoteUrl REST URL of a Flink session cluster deployments go to; null: the local
 *     cluster
 * @param jobJar the jar shipped to the remote cluster with every job (Walnut's shaded jar); null
 *     without a remote cluster
 * @param limits login throttling, live-stream and database-connection bounds
 */
public record DesignerConfig(
    String host,
    int port,
    String jdbcUrl,
    String dbUser,
    String dbPassword,
    String user,
    String password,
    List<String> extraOrigins,
    long maxBodyBytes,
    int flinkRestPort,
    int flinkSlots,
    Map<String, String> scenarioProperties,
    String flinkRemoteUrl,
    Path jobJar,
    Limits limits) {

  public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

  /**
   * What the server bounds.
   *
   * @param loginFailuresPerUser failed logins of one user name within {@code loginWindow} before
   *     its logins get 429
   * @param loginFailuresPerAddress failed logins from one client address within {@code loginWindow}
   *     before its logins get 429
   * @param liveStreamsPerSession live tails one login token may hold open at once
   * @param liveStreamsTotal live tails the server holds open at once
   * @param databaseConnections the size of the database connection pool
   */
  public record Limits(
      int loginFailuresPerUser,
      int loginFailuresPerAddress,
      Duration loginWindow,
      int liveStreamsPerSession,
      int liveStreamsTotal,
      int databaseConnections) {
    public Limits {
      Objects.requireNonNull(loginWindow, "loginWindow");
      if (loginFailuresPerUser < 1
          || loginFailuresPerAddress < 1
          || liveStreamsPerSession < 1
          || liveStreamsTotal < 1
          || databaseConnections < 1) {
        throw new IllegalArgumentException("every designer limit must be at least 1: " + this);
      }
    }

    /** 5 failures per user and 20 per address in 5 minutes; 4 streams per login, 32 in all; 8. */
    public static Limits defaults() {
      return new Limits(5, 20, Duration.ofMinutes(5), 4, 32, 8);
    }
  }

  /** A configuration with the default {@link Limits}. */
  public DesignerConfig(
      String host,
      int port,
      String jdbcUrl,
      String dbUser,
      String dbPassword,
      String user,
      String password,
      List<String> extraOrigins,
      long maxBodyBytes,
      int flinkRestPort,
      int flinkSlots,
      Map<String, String> scenarioProperties,
      String flinkRemoteUrl,
      Path jobJar) {
    this(
        host,
        port,
        jdbcUrl,
        dbUser,
        dbPassword,
        user,
        password,
        extraOrigins,
        maxBodyBytes,
        flinkRestPort,
        flinkSlots,
        scenarioProperties,
        flinkRemoteUrl,
        jobJar,
        Limits.defaults());
  }

  public DesignerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (password.isBlank()) {
      throw new IllegalArgumentException("the designer password must not be empty");
    }
    Objects.requireNonNull(limits, "limits");
    extraOrigins = List.copyOf(extraOrigins);
    for (String origin : extraOrigins) {
      if (!origin.matches("https?://[^/\\s]+")) {
        throw new IllegalArgumentException(
            "an allowed origin is a scheme and host with an optional port, like"
                + " https://designer.example.com, got `"
                + origin
                + "`");
      }
    }
    scenarioProperties = Map.copyOf(scenarioProperties);
    if (flinkRemoteUrl != null && jobJar == null) {
      throw new IllegalArgumentException("a remote Flink cluster needs the job jar to ship");
    }
  }

  /** The same configuration deploying to a Flink session cluster. */
  public DesignerConfig withRemote(String restUrl, Path jar) {
    return new DesignerConfig(
        host,
        port,
        jdbcUrl,
        dbUser,
        dbPassword,
        user,
        password,
        extraOrigins,
        maxBodyBytes,
        flinkRestPort,
        flinkSlots,
        scenarioProperties,
        restUrl,
        jar,
        limits);
  }

  /** The same configuration with other limits. */
  public DesignerConfig withLimits(Limits value) {
    return new DesignerConfig(
        host,
        port,
        jdbcUrl,
        dbUser,
        dbPassword,
        user,
        password,
        extraOrigins,
        maxBodyBytes,
        flinkRestPort,
        flinkSlots,
        scenarioProperties,
        flinkRemoteUrl,
        jobJar,
        value);
  }

  /** The default embedded database: an H2 file in {@code dir} (e.g. {@code .walnut/designer}). */
  public static String h2Url(Path dir) {
    return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("designer") + ";AUTO_SERVER=FALSE";
  }
}
