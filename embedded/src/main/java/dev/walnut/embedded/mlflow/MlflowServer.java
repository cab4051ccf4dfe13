package dev.walnut.embedded.mlflow;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A real {@code mlflow server} (tracking + model registry + artifact proxy) run from the project's
 * virtualenv: SQLite backend store and local artifact destination under one data directory, {@code
 * --serve-artifacts}, bound to 127.0.0.1. Used by {@code ./walnut mlflow} and by the tests. Closing
 * it kills the whole process tree (uvicorn forks workers).
 */
public final class MlflowServer implements AutoCloseable {
  private final Process process;
  private final URI uri;
  private final Path dataDir;

  private MlflowServer(Process process, URI uri, Path dataDir) {
    this.process = process;
    this.uri = uri;
    this.dataDir = dataDir;
  }

  /**
   * Starts a server storing everything under {@code dataDir} and waits until {@code /health}
   * answers.
   *
   * @param port the port to listen on; 0 picks a free one
   */
  public static MlflowServer start(PythonEnv python, Path dataDir, int port, Duration timeout) {
    try {
      Path data = dataDir.toAbsolutePath();
      Files.createDirectories(data.resolve("artifacts"));
      int p = port == 0 ? freePort() : port;
      List<String> cmd = new ArrayList<>();
      cmd.add(python.python().toString());
      cmd.addAll(
          List.of(
              "-m",
              "mlflow",
              "server",
              "--backend-store-uri",
              "sqlite:///" + data.resolve("mlflow.db"),
              "--artifacts-destination",
              data.resolve("artifacts").toString(),
              "--serve-artifacts",
              "--host",
              "127.0.0.1",
              "--port",
              Integer.toString(p),
              "--workers",
              "1"));
      Path log = data.resolve("server.log");
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(data.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      // MLflow prints a telemetry notice and would phone home; keep it offline.
      pb.environment().put("MLFLOW_DISABLE_TELEMETRY", "true");
      pb.environment().put("DO_NOT_TRACK", "true");
      Process process = pb.start();
      MlflowServer server = new MlflowServer(process, URI.create("http://127.0.0.1:" + p), data);
      try {
        server.awaitHealthy(timeout, log);
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start mlflow server: " + e.getMessage(), e);
    }
  }

  private void awaitHealthy(Duration timeout, Path log) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(1))
            .readTimeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    Request health = new Request.Builder().url(uri.resolve("/health").toString()).build();
    try {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "mlflow server exited with code " + process.exitValue() + "; see " + log);
        }
        try (Response r = http.newCall(health).execute()) {
          if (r.isSuccessful()) {
            return;
          }
        } catch (IOException notYet) {
          // still starting
        }
        sleep(250);
      }
      throw new IllegalStateException(
          "mlflow server did not answer " + uri + "/health within " + timeout + "; see " + log);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for mlflow server", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The tracking URI, e.g. {@code http://127.0.0.1:5000}. */
  public URI uri() {
    return uri;
  }

  public Path dataDir() {
    return dataDir;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Blocks until the server exits on its own (used by the CLI in the foreground). */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /**
   * Kills the server and all its worker processes: SIGTERM to the whole tree, at most 10 s in total
   * to exit, then SIGKILL for whatever is left.
   */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
