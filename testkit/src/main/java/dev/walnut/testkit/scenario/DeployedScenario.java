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

  private DeployedScenario(String scenarioId, JobClient client) {
    this.scenarioId = scenarioId;
    this.client = client;
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
          scenario.id(), new Deployer().deploy(validated, properties, cluster));
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
