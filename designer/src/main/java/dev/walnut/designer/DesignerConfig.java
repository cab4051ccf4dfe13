package dev.walnut.designer;

import java.nio.file.Path;
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
    Path jobJar) {

  public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

  public DesignerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (password.isBlank()) {
      throw new IllegalArgumentException("the designer password must not be empty");
    }
    extraOrigins = List.copyOf(extraOrigins);
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
        jar);
  }

  /** The default embedded database: an H2 file in {@code dir} (e.g. {@code .walnut/designer}). */
  public static String h2Url(Path dir) {
    return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("designer") + ";AUTO_SERVER=FALSE";
  }
}
