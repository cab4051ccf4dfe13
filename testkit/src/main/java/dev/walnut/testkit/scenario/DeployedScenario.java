package dev.walnut.testkit.scenario;

import dev.walnut.engine.deploy.Deployer;
import dev.walnut.engine.deploy.LocalFlinkCluster;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.validation.ValidationResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * A scenario deployed as a real job (its real sources and sinks) on the {@link SharedFlinkCluster},
 * through the engine's {@link Deployer}; closing it cancels the job and waits until it has stopped,
 * so its slots are free for the next test.
 *
 * <pre>{@code
 * try (DeployedScenario job =
 *     DeployedScenario.deploy(scenario, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()))) {
 *   ... produce input, await output ...
 * }
 * }</pre>
 */
public final class DeployedScenario implements AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final String scenarioId;
  private final JobClient client;
  private final String restUrl;

  private DeployedScenario(String scenarioId, JobClient client, String restUrl) {
    this.scenarioId = scenarioId;
    this.client = client;
    this.restUrl = restUrl;
  }

  /**
   * Validates and deploys, with {@code properties} overriding the scenario's.
   *
   * @throws AssertionError if the scenario is invalid (listing every error) or cannot be deployed
   */
  public static DeployedScenario deploy(Scenario scenario, Map<String, String> properties) {
    return deploy(scenario, properties, SharedFlinkCluster.get());
  }

  /** The same, on another cluster. */
  public static DeployedScenario deploy(
      Scenario scenario, Map<String, String> properties, LocalFlinkCluster cluster) {
    ValidationResult validated = ScenarioTestRun.validate(scenario, properties);
    if (!validated.isValid()) {
      throw new AssertionError(
          "scenario `" + scenario.id() + "` is invalid:\n" + validated.describe());
    }
    try {
      return new DeployedScenario(
          scenario.id(), new Deployer().deploy(validated, properties, cluster), cluster.webUrl());
    } catch (Exception e) {
      throw new AssertionError("cannot deploy scenario `" + scenario.id() + "`: " + e, e);
    }
  }

  /** The job's status now. */
  public JobStatus status() {
    try {
      return client.getJobStatus().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while reading the status of `" + scenarioId + "`", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot read the status of the job of `" + scenarioId + "`", e);
    }
  }

  /**
   * Waits until the job runs.
   *
   * @throws AssertionError if it fails or stops instead, or does not run within {@code timeout}
   */
  public DeployedScenario awaitRunning(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JobStatus status = status();
    while (status != JobStatus.RUNNING) {
      if (status.isGloballyTerminalState()) {
        throw new AssertionError("the job of `" + scenarioId + "` is " + status + ": " + failure());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the job of `" + scenarioId + "` is still " + status + " after " + timeout);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for `" + scenarioId + "`", e);
      }
      status = status();
    }
    return this;
  }

  private String failure() {
    try {
      client.getJobExecutionResult().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return "finished";
    } catch (ExecutionException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return root.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (TimeoutException e) {
      return "no result within " + STOP_TIMEOUT;
    }
  }

  /**
   * The job's per-node counts as the engine keeps them (accumulators {@code walnut.in.<node>},
   * {@code walnut.out.<node>}, {@code walnut.errors.<node>}), summed over subtasks; the cluster
   * refreshes them with every task heartbeat.
   */
  public Map<String, Long> counters() {
    try {
      Map<String, Long> out = new java.util.TreeMap<>();
      client
          .getAccumulators()
          .get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .forEach(
              (k, v) -> {
                if (k.startsWith("walnut.") && v instanceof Number n) {
                  out.put(k, n.longValue());
                }
              });
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading the counters of `" + scenarioId + "`");
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the counters of `" + scenarioId + "`", e);
    }
  }

  /**
   * How often the job has restarted since it was deployed (Flink's {@code numRestarts}). The REST
   * API fetches metrics in the background and answers nothing until it has them, so this asks again
   * for up to a minute.
   */
  public long restarts() {
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    while (true) {
      java.util.OptionalLong r = restartsNow();
      if (r.isPresent()) {
        return r.getAsLong();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the cluster reported no numRestarts for `" + scenarioId + "` within " + STOP_TIMEOUT);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted reading the restarts of `" + scenarioId + "`");
      }
    }
  }

  private java.util.OptionalLong restartsNow() {
    String url = restUrl + "/jobs/" + client.getJobID() + "/metrics?get=numRestarts";
    try {
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"value\"\\s*:\\s*\"(\\d+)\"").matcher(r.body());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
      }
      return m.find()
          ? java.util.OptionalLong.of(Long.parseLong(m.group(1)))
          : java.util.OptionalLong.empty();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading " + url);
    }
  }

  public JobClient client() {
    return client;
  }

  /** Cancels the job and waits until it has stopped. */
  @Override
  public void close() {
    try {
      if (!status().isGloballyTerminalState()) {
        client.cancel().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      client.getJobExecutionResult().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // the result of a cancelled job is its cancellation: it has stopped
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the job of `" + scenarioId + "` did not stop within " + STOP_TIMEOUT, e);
    }
  }
}
