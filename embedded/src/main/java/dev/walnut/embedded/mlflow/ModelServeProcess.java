package dev.walnut.embedded.mlflow;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A real MLflow scoring server ({@code mlflow models serve --env-manager local}) run from the
 * project's virtualenv for a registry model URI; waits for {@code /ping}; closing kills its process
 * tree.
 */
public final class ModelServeProcess implements AutoCloseable {
  private final Process process;
  private final URI uri;

  private ModelServeProcess(Process process, URI uri) {
    this.process = process;
    this.uri = uri;
  }

  /** Serves {@code modelUri} (e.g. {@code models:/name/1}) of the registry at {@code tracking}. */
  public static ModelServeProcess start(
      PythonEnv python, URI tracking, String modelUri, int port, Duration timeout)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("walnut-model-serve-", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                python.python().toString(),
                "-m",
                "mlflow",
                "models",
                "serve",
                "-m",
                modelUri,
                "--env-manager",
                "local",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("MLFLOW_TRACKING_URI", tracking.toString());
    // the scoring server execs `uvicorn` by name: the venv's bin must come first on PATH
    pb.environment()
        .put("PATH", python.python().getParent() + File.pathSeparator + System.getenv("PATH"));
    ModelServeProcess served =
        new ModelServeProcess(pb.start(), URI.create("http://127.0.0.1:" + port));
    OkHttpClient http = new OkHttpClient();
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      Request ping = new Request.Builder().url(served.uri + "/ping").build();
      while (System.nanoTime() < deadline) {
        if (!served.process.isAlive()) {
          throw new IllegalStateException(
              "mlflow models serve exited: " + tail(Files.readString(log)));
        }
        try (Response r = http.newCall(ping).execute()) {
          if (r.isSuccessful()) {
            return served;
          }
        } catch (IOException notYet) {
          // starting
        }
        Thread.sleep(300);
      }
      throw new IllegalStateException(
          "mlflow models serve did not answer /ping within "
              + timeout
              + ": "
              + tail(Files.readString(log)));
    } catch (IOException | InterruptedException | RuntimeException e) {
      served.close();
      throw e;
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private static String tail(String s) {
    return s.substring(Math.max(0, s.length() - 3000));
  }

  /** The scoring server's base URL. */
  public URI uri() {
    return uri;
  }

  @Override
  public void close() {
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroy();
    tree.forEach(ProcessHandle::destroy);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
  }
}
