package dev.walnut.ml;

import dev.walnut.embedded.mlflow.MlflowServer;
import dev.walnut.embedded.mlflow.PythonEnv;
import dev.walnut.ml.mlflow.MlflowClient;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A real MLflow server in a temporary directory, plus helpers to log small ONNX models to it. */
public final class MlflowFixture implements AutoCloseable {
  private static PythonEnv python;
  private static MlflowFixture shared;

  private final MlflowServer server;
  private final MlflowClient client;

  private MlflowFixture(MlflowServer server) {
    this.server = server;
    this.client = MlflowClient.create(server.uri());
  }

  public static synchronized PythonEnv python() {
    if (python == null) {
      python = PythonEnv.locate();
    }
    return python;
  }

  /**
   * One server for the test classes that do not stop it (saves a start per class on a busy box);
   * closed when the test JVM exits. Use distinct model names per class.
   */
  public static synchronized MlflowFixture shared() {
    if (shared == null) {
      MlflowFixture f = start();
      Runtime.getRuntime().addShutdownHook(new Thread(f::close, "walnut-mlflow-test-stop"));
      shared = f;
    }
    return shared;
  }

  public static MlflowFixture start() {
    try {
      Path dir = Files.createTempDirectory("walnut-mlflow-test-");
      return new MlflowFixture(MlflowServer.start(python(), dir, 0, Duration.ofSeconds(120)));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public MlflowServer server() {
    return server;
  }

  public MlflowClient client() {
    return client;
  }

  /** Logs y = k·x models as consecutive versions of {@code name}; returns factor → version. */
  public Map<Double, String> logLinearModels(String name, double... factors) {
    List<String> args = new ArrayList<>(List.of(server.uri().toString(), name));
    for (double k : factors) {
      args.add(Double.toString(k));
    }
    String out = python().run(script("log_linear_models.py"), args, Duration.ofMinutes(5));
    Map<Double, String> versions = new LinkedHashMap<>();
    out.lines()
        .map(String::trim)
        .filter(l -> l.matches("[0-9.]+ [0-9]+"))
        .forEach(l -> versions.put(Double.parseDouble(l.split(" ")[0]), l.split(" ")[1]));
    if (versions.size() != factors.length) {
      throw new IllegalStateException("log_linear_models.py printed: " + out);
    }
    return versions;
  }

  /** Logs the pyfunc test model (y = 10·x, plus the batch size) as a version of {@code name}. */
  public String logPyfuncModel(String name) {
    String out =
        python()
            .run(
                script("log_pyfunc_model.py"),
                List.of(server.uri().toString(), name),
                Duration.ofMinutes(5));
    return out.lines()
        .filter(l -> l.startsWith("version "))
        .map(l -> l.substring("version ".length()).trim())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("log_pyfunc_model.py printed: " + out));
  }

  /** Starts {@code mlflow models serve} for a version of this server's registry. */
  public dev.walnut.embedded.mlflow.ModelServeProcess serve(String name, String version, int port)
      throws Exception {
    return dev.walnut.embedded.mlflow.ModelServeProcess.start(
        python(), server.uri(), "models:/" + name + "/" + version, port, Duration.ofMinutes(2));
  }

  /**
   * A tiny session recommender trained by the real trainer of {@code models/} (25 steps on 400
   * Diginetica sessions, ~10 s), with the reference contract: {@code item_ids} string [-1, window]
   * in, {@code top_items} string [-1, 21] and {@code top_scores} float [-1, 21] out. Trained once
   * per window and JVM.
   */
  public static synchronized Path sessionRecsModel(int window) {
    return SESSION_RECS.computeIfAbsent(
        window,
        w -> {
          try {
            Path dir = Files.createTempDirectory("walnut-session-recs-w" + w + "-");
            String out =
                python()
                    .run(
                        script("session_recs_models.py"),
                        List.of("train", dir.toString(), Integer.toString(w), "7"),
                        Duration.ofMinutes(5));
            if (!out.contains("trained " + dir)) {
              throw new IllegalStateException("session_recs_models.py train printed: " + out);
            }
            return dir;
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static final Map<Integer, Path> SESSION_RECS = new java.util.HashMap<>();

  /** One history and what Python's onnxruntime gives for it (padded by the script itself). */
  public record SessionRecsCase(List<String> history, List<String> topItems, List<Double> scores) {}

  /** A logged version of a session recommender and its expected outputs. */
  public record SessionRecsVersion(String version, int window, List<SessionRecsCase> cases) {}

  /**
   * Logs a {@link #sessionRecsModel} as a new version of {@code name}, with MLflow's signature or
   * without one (as {@code mlflow.onnx.log_model} writes it without an input example).
   */
  @SuppressWarnings("unchecked")
  public SessionRecsVersion logSessionRecs(String name, Path modelDir, boolean signed) {
    String out =
        python()
            .run(
                script("session_recs_models.py"),
                List.of(
                    "log",
                    server.uri().toString(),
                    name,
                    modelDir.toString(),
                    signed ? "signed" : "unsigned"),
                Duration.ofMinutes(5));
    String line =
        out.lines()
            .filter(l -> l.startsWith("{\"version\""))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("session_recs_models.py log printed: " + out));
    try {
      Map<String, Object> json =
          new com.fasterxml.jackson.databind.ObjectMapper().readValue(line, Map.class);
      List<SessionRecsCase> cases = new ArrayList<>();
      for (Map<String, Object> c : (List<Map<String, Object>>) json.get("cases")) {
        List<Double> scores = new ArrayList<>();
        ((List<Number>) c.get("top_scores")).forEach(n -> scores.add(n.doubleValue()));
        cases.add(
            new SessionRecsCase(
                (List<String>) c.get("history"), (List<String>) c.get("top_items"), scores));
      }
      return new SessionRecsVersion(
          (String) json.get("version"), ((Number) json.get("window")).intValue(), cases);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("session_recs_models.py log printed: " + out, e);
    }
  }

  public static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public static Path script(String name) {
    try {
      return Path.of(MlflowFixture.class.getResource("/python/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test resource python/" + name + " is missing", e);
    }
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
