package dev.walnut.cli;

import dev.walnut.embedded.mlflow.MlflowServer;
import dev.walnut.embedded.mlflow.PythonEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./walnut mlflow}: runs a real MLflow tracking + registry server (SQLite store and local
 * artifacts under {@code .walnut/mlflow/}, {@code --serve-artifacts}, 127.0.0.1) in the foreground
 * until interrupted.
 */
@Command(
    name = "mlflow",
    mixinStandardHelpOptions = true,
    description =
        "Starts a local MLflow tracking and model registry server (data under .walnut/mlflow/).")
public final class MlflowCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "5000",
      description = "Port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--data-dir",
      description = "Where the store and artifacts live (default: <project>/.walnut/mlflow).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    PythonEnv python = PythonEnv.locate();
    Path data = dataDir != null ? dataDir : python.projectRoot().resolve(".walnut/mlflow");
    MlflowServer server = MlflowServer.start(python, data, port, Duration.ofMinutes(3));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "walnut-mlflow-stop"));
    System.out.println("MLflow is running at " + server.uri() + " (data in " + data + ")");
    System.out.println("export MLFLOW_TRACKING_URI=" + server.uri());
    System.out.println("Press Ctrl+C to stop.");
    return server.waitFor();
  }
}
