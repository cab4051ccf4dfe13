package dev.walnut.designer.runtime;

import dev.walnut.designer.http.ApiException;
import dev.walnut.engine.deploy.Deployer;
import dev.walnut.engine.deploy.LocalFlinkCluster;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.NodeParameter;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioProperties;
import dev.walnut.engine.testrun.TestCaseResult;
import dev.walnut.engine.testrun.TestCaseRunner;
import dev.walnut.engine.testrun.TestRunResult;
import dev.walnut.engine.testrun.TestRunner;
import dev.walnut.engine.validation.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Where the designer runs scenarios. Test runs always use a local Flink MiniCluster (started on
 * first use) and the engine's {@link TestRunner}. Deployments go to that local cluster or, when
 * configured, to a remote Flink session cluster with Walnut's jar shipped as the job jar. Either
 * way a deployment is followed through the cluster's REST API by job id alone, so a restarted
 * designer re-attaches to the jobs its database recorded.
 */
public final class ScenarioRuntime implements AutoCloseable {

  /** State of a recorded deployment whose job the cluster does not know. */
  public static final String LOST = JobStates.LOST;

  /** The largest {@code Capacity} a collect sink may have. */
  private static final int MAX_COLLECT_CAPACITY = 100_000;

  private final int slots;
  private final int flinkRestPort;
  private final Map<String, String> properties;
  private final Optional<RemoteCluster> remote;
  private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();
  private LocalFlinkCluster cluster;

  /** A deployment of one scenario version: the job's id and the node ids counts are kept for. */
  public record Deployment(int version, String jobId, List<String> nodeIds) {
    public Deployment {
      Objects.requireNonNull(jobId, "jobId");
      nodeIds = List.copyOf(nodeIds);
    }
  }

  /**
   * A Flink 1.20 session cluster to deploy to.
   *
   * @param restUrl its REST endpoint, e.g. {@code http://flink-jobmanager:8081}
   * @param jobJar the jar shipped with every job: Walnut with the scenario's components (the CLI's
   *     shaded jar)
   */
  public record RemoteCluster(String restUrl, Path jobJar) {
    public RemoteCluster {
      Objects.requireNonNull(jobJar, "jobJar");
      restUrl = restUrl.replaceAll("/+$", "");
      java.net.URI uri = java.net.URI.create(restUrl);
      if (uri.getHost() == null || uri.getPort() < 0) {
        throw new IllegalArgumentException(
            "the Flink REST URL needs a host and a port, e.g. http://jobmanager:8081, not "
                + restUrl);
      }
    }

    String host() {
      return java.net.URI.create(restUrl).getHost();
    }

    int port() {
      return java.net.URI.create(restUrl).getPort();
    }
  }

  /**
   * @param properties scenario property overrides for every run, e.g. {@code
   *     kafka.bootstrap.servers}
   * @param remote the session cluster deployments go to; empty: the local cluster
   */
  public ScenarioRuntime(
      int flinkRestPort,
      int slots,
      Map<String, String> properties,
      Optional<RemoteCluster> remote) {
    this.flinkRestPort = flinkRestPort;
    this.slots = slots;
    this.properties = Map.copyOf(properties);
    this.remote = remote;
    remote.ifPresent(
        r -> {
          if (!Files.isRegularFile(r.jobJar())) {
            throw new IllegalArgumentException(
                "the job jar "
                    + r.jobJar()
                    + " for the remote Flink cluster does not exist; build it with `mvn -pl cli"
                    + " -am package` (cli/target/walnut.jar)");
          }
        });
  }

  public ScenarioRuntime(int flinkRestPort, int slots, Map<String, String> properties) {
    this(flinkRestPort, slots, properties, Optional.empty());
  }

  private synchronized LocalFlinkCluster cluster() throws Exception {
    if (cluster == null) {
      cluster = LocalFlinkCluster.start(flinkRestPort, slots);
    }
    return cluster;
  }

  /** Where deployments run: {@code local} or the remote REST URL. */
  public String target() {
    return remote.map(RemoteCluster::restUrl).orElse("local");
  }

  /** The web UI of the cluster deployments go to (the local one once it runs). */
  public synchronized Optional<String> flinkWebUrl() {
    if (remote.isPresent()) {
      return Optional.of(remote.get().restUrl());
    }
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

  /**
   * Runs a scenario's stored test cases (or the one named {@code only}) on the local cluster test
   * runs share; 400 when the cases are malformed or none has that name.
   */
  public List<TestCaseResult> testCases(
      TestCaseRunner runner, Scenario scenario, Optional<String> only) throws Exception {
    try {
      return runner.run(scenario, only, properties, cluster());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** Deploys a valid scenario version; 409 when the scenario runs already. */
  public synchronized Deployment deploy(ValidationResult validated, int version) throws Exception {
    String name = validated.scenario().id();
    Deployment current = deployments.get(name);
    String currentState = current == null ? LOST : state(current);
    if (JobStates.live(currentState)) {
      throw ApiException.conflict(
          "scenario `"
              + name
              + "` is running (version "
              + current.version()
              + "); cancel it first");
    }
    Deployer deployer = new Deployer();
    String jobId;
    try {
      jobId =
          (remote.isPresent()
                  ? deployer.deployRemote(
                      validated,
                      remoteProperties(validated.scenario()),
                      remote.get().host(),
                      remote.get().port(),
                      remote.get().jobJar())
                  : deployer.deploy(validated, properties, cluster()))
              .getJobID()
              .toHexString();
    } catch (IllegalArgumentException e) {
      // the job could not be built as the scenario says (a topic it reads does not exist, ...)
      throw ApiException.badRequest(
          "scenario `" + name + "` cannot be deployed: " + e.getMessage());
    } catch (IllegalStateException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("node `")) {
        throw e; // not a check of the scenario's own: an internal error, answered without its text
      }
      throw ApiException.conflict(
          "scenario `" + name + "` cannot be deployed now: " + e.getMessage());
    }
    List<String> ids = validated.scenario().allNodes().stream().map(NodeData::id).toList();
    Deployment d = new Deployment(version, jobId, ids);
    deployments.put(name, d);
    return d;
  }

  /**
   * The property overrides of a deployment on the remote cluster: those of every run, and a debug
   * topic for its {@code collect} sinks unless the scenario names its own, since their in-memory
   * buffers are in the cluster's TaskManagers, out of the designer's reach.
   */
  private Map<String, String> remoteProperties(Scenario scenario) {
    if (ownDebugTopic(scenario) != null) {
      return properties;
    }
    Map<String, String> out = new LinkedHashMap<>(properties);
    out.putIfAbsent(ScenarioProperties.DEBUG_TOPIC, defaultDebugTopic(scenario.id()));
    return out;
  }

  private static String ownDebugTopic(Scenario scenario) {
    String own = scenario.metaData().properties().get(ScenarioProperties.DEBUG_TOPIC);
    return own == null || own.isBlank() ? null : own.trim();
  }

  /** The debug topic the designer gives a scenario deployed on a remote cluster. */
  public static String defaultDebugTopic(String scenarioId) {
    return "walnut-debug-" + scenarioId;
  }

  /**
   * Follows the values a {@code collect} sink keeps: from its buffer in this JVM, or, for a
   * deployment on the remote cluster, from the debug topic its job writes them to.
   *
   * @param deployed the scenario version deployed, when there is a deployment
   * @param limit the most values the caller wants; the newest ones already kept are at most this
   *     many and the sink's capacity
   * @throws IllegalArgumentException when the debug topic does not exist (yet)
   */
  public CollectTail tail(String name, String nodeId, Optional<Scenario> deployed, int limit) {
    if (remote.isEmpty() || deployed.isEmpty() || deployment(name).isEmpty()) {
      return CollectTail.inThisJvm(name, nodeId);
    }
    Scenario scenario = deployed.get();
    String own = ownDebugTopic(scenario);
    String topic = own != null ? own : properties.getOrDefault(ScenarioProperties.DEBUG_TOPIC, "");
    if (topic.isBlank()) {
      topic = defaultDebugTopic(scenario.id());
    }
    return DebugTopicTail.open(
        properties, topic.trim(), nodeId, Math.min(limit, capacity(scenario, nodeId)));
  }

  /** The {@code Capacity} of a collect node when it is a plain number, else the largest allowed. */
  private static int capacity(Scenario scenario, String nodeId) {
    return scenario
        .node(nodeId)
        .flatMap(n -> NodeParameter.find(n.componentParameters(), "Capacity"))
        .map(p -> p.expression().expression().trim())
        .filter(e -> e.matches("\\d{1,9}"))
        .map(Integer::parseInt)
        .orElse(MAX_COLLECT_CAPACITY);
  }

  /**
   * Follows a deployment recorded earlier (by a previous designer process): its state, counts and
   * cancel then work as for one deployed now.
   */
  public void reattach(String name, Deployment deployment) {
    deployments.putIfAbsent(name, deployment);
  }

  /** Cancels the deployment of a scenario and waits until it ended; 409 when it does not run. */
  public synchronized Deployment cancel(String name) throws Exception {
    Deployment d = deployments.get(name);
    String state = d == null ? LOST : state(d);
    if (d == null || JobStates.ended(state)) {
      throw ApiException.conflict("scenario `" + name + "` is not running");
    }
    String url = restUrl().orElseThrow();
    FlinkJobs.cancel(url, d.jobId());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (JobStates.live(state(d))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "job " + d.jobId() + " did not end within 60 s of the cancel; see " + url);
      }
      Thread.sleep(100); // polling the cluster's REST API, which has no notification
    }
    return d;
  }

  public Optional<Deployment> deployment(String name) {
    return Optional.ofNullable(deployments.get(name));
  }

  /**
   * The job's state as the cluster reports it ({@code RUNNING}, {@code CANCELED}, ...), or {@link
   * #LOST} when the cluster does not know the job (the local cluster started anew with this
   * designer, or the remote one dropped it).
   */
  public String state(Deployment d) throws Exception {
    Optional<String> url = restUrl();
    if (url.isEmpty()) {
      return LOST;
    }
    return FlinkJobs.state(url.get(), d.jobId()).orElse(LOST);
  }

  /** Records in, out and failed per node of a deployment, exact, from the job's counters. */
  public Map<String, Map<String, Long>> counts(Deployment d) throws Exception {
    String url =
        restUrl()
            .orElseThrow(
                () -> ApiException.conflict("the deployment's job is not on the cluster any more"));
    return FlinkJobCounts.counts(url, d.jobId(), d.nodeIds());
  }

  /** The deployment's last failure (root cause, node, restarts); empty when it never failed. */
  public Optional<JobFailure> failure(Deployment d) throws Exception {
    Optional<String> url = restUrl();
    if (url.isEmpty()) {
      return Optional.empty();
    }
    try {
      return JobFailure.read(url.get(), d.jobId(), d.nodeIds());
    } catch (java.io.IOException e) {
      return Optional.empty(); // the job is gone from the cluster: its state says LOST
    }
  }

  /** The job's page in the Flink web UI of the cluster it runs on. */
  public Optional<String> flinkJobUrl(Deployment d) {
    return flinkWebUrl().map(u -> u + "/#/job/running/" + d.jobId() + "/overview");
  }

  /** The REST URL deployments are followed at; empty while the local cluster is not started. */
  private synchronized Optional<String> restUrl() {
    if (remote.isPresent()) {
      return Optional.of(remote.get().restUrl());
    }
    return cluster == null ? Optional.empty() : Optional.of(cluster.webUrl());
  }

  /**
   * Stops the local cluster (ending what runs on it). Jobs on a remote cluster keep running: the
   * next designer process re-attaches to them.
   */
  @Override
  public synchronized void close() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
