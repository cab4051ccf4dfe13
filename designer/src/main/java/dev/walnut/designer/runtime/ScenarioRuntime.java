package dev.walnut.designer.runtime;

import dev.walnut.designer.http.ApiException;
import dev.walnut.engine.deploy.Deployer;
import dev.walnut.engine.deploy.LocalFlinkCluster;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.testrun.TestRunResult;
import dev.walnut.engine.testrun.TestRunner;
import dev.walnut.engine.validation.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * Where the designer runs scenarios: one local Flink MiniCluster (started on first use and shared
 * by test runs and deployments), the engine's {@link TestRunner} for test runs and its {@link
 * Deployer} for deployments, which it tracks by scenario name.
 */
public final class ScenarioRuntime implements AutoCloseable {
  private final int slots;
  private final int flinkRestPort;
  private final Map<String, String> properties;
  private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();
  private LocalFlinkCluster cluster;

  /** A running (or finished) deployment of one scenario version. */
  public record Deployment(int version, JobClient job, List<String> nodeIds) {}

  /**
   * @param properties scenario property overrides for every run, e.g. {@code
   *     kafka.bootstrap.servers}
   */
  public ScenarioRuntime(int flinkRestPort, int slots, Map<String, String> properties) {
    this.flinkRestPort = flinkRestPort;
    this.slots = slots;
    this.properties = Map.copyOf(properties);
  }

  private synchronized LocalFlinkCluster cluster() throws Exception {
    if (cluster == null) {
      cluster = LocalFlinkCluster.start(flinkRestPort, slots);
    }
    return cluster;
  }

  /** The Flink web UI, once the cluster runs. */
  public synchronized Optional<String> flinkWebUrl() {
    return cluster == null ? Optional.empty() : Optional.of(cluster.webUrl());
  }

  /** Runs a valid scenario on the uploaded JSON lines of its sources. */
  public TestRunResult testRun(ValidationResult validated, Map<String, String> inputsBySource)
      throws Exception {
    Path dir = Files.createTempDirectory("walnut-designer-test-run-");
    try {
      Map<String, Path> files = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : inputsBySource.entrySet()) {
        Path f = dir.resolve(files.size() + ".jsonl");
        Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
        files.put(e.getKey(), f);
      }
      try {
        return new TestRunner().run(validated, files, properties, cluster());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Deploys a valid scenario version; 409 when the scenario runs already. */
  public synchronized Deployment deploy(ValidationResult validated, int version) throws Exception {
    String name = validated.scenario().id();
    Deployment current = deployments.get(name);
    if (current != null && !status(current).isGloballyTerminalState()) {
      throw ApiException.conflict(
          "scenario `"
              + name
              + "` is running (version "
              + current.version()
              + "); cancel it first");
    }
    JobClient job = new Deployer().deploy(validated, properties, cluster());
    List<String> ids = validated.scenario().allNodes().stream().map(NodeData::id).toList();
    Deployment d = new Deployment(version, job, ids);
    deployments.put(name, d);
    return d;
  }

  /** Cancels the deployment of a scenario; 409 when it does not run. */
  public synchronized Deployment cancel(String name) throws Exception {
    Deployment d = deployments.get(name);
    if (d == null || status(d).isGloballyTerminalState()) {
      throw ApiException.conflict("scenario `" + name + "` is not running");
    }
    d.job().cancel().get(60, TimeUnit.SECONDS);
    return d;
  }

  public Optional<Deployment> deployment(String name) {
    return Optional.ofNullable(deployments.get(name));
  }

  public static JobStatus status(Deployment d) throws Exception {
    return d.job().getJobStatus().get(30, TimeUnit.SECONDS);
  }

  /** Records in and out per node of a deployment, from the cluster's operator metrics. */
  public Map<String, Map<String, Long>> counts(Deployment d) throws Exception {
    String url;
    synchronized (this) {
      url = cluster().webUrl();
    }
    return FlinkRestMetrics.counts(url, d.job().getJobID().toHexString(), d.nodeIds());
  }

  @Override
  public synchronized void close() {
    for (Deployment d : deployments.values()) {
      try {
        if (!status(d).isGloballyTerminalState()) {
          d.job().cancel().get(30, TimeUnit.SECONDS);
        }
      } catch (Exception ignored) {
        // the cluster stops next, which ends the job anyway
      }
    }
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
