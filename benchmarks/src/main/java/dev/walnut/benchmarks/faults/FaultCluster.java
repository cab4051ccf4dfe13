package dev.walnut.benchmarks.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.engine.compile.CompileOptions;
import dev.walnut.engine.compile.FlinkCompiler;
import dev.walnut.engine.validation.ValidationResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/**
 * A Flink cluster in this JVM whose Task Manager can be lost: a MiniCluster (JobManager with its
 * REST API, file checkpoints) with one Task Manager at a time. {@link #loseTaskManager()} shuts the
 * Task Manager running the job down — its tasks die with it, the JobManager sees it go — and a
 * fresh one registers, as a supervisor (Kubernetes, systemd) would start a replacement process; the
 * job restarts there from its last completed checkpoint under Walnut's restart strategy.
 *
 * <p>Scenarios are compiled exactly as {@code Deployer} compiles them (the production options:
 * checkpoints, restart strategy, dead letters) and submitted through the REST API.
 */
public final class FaultCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REST_TIMEOUT = Duration.ofSeconds(30);

  private final MiniCluster cluster;
  private final int restPort;
  private final Path checkpoints;
  private final HttpClient http = HttpClient.newHttpClient();
  private int taskManager;

  private FaultCluster(MiniCluster cluster, int restPort, Path checkpoints) {
    this.cluster = cluster;
    this.restPort = restPort;
    this.checkpoints = checkpoints;
  }

  /** Starts the cluster: one Task Manager with {@code slots} slots, REST on a free port. */
  public static FaultCluster start(int slots) throws Exception {
    Configuration conf = new Configuration();
    Path checkpoints = Files.createTempDirectory("walnut-fault-checkpoints-");
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.PORT, 0);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    try {
      cluster.start();
      return new FaultCluster(cluster, cluster.getRestAddress().get().getPort(), checkpoints);
    } catch (Exception e) {
      cluster.close();
      FileUtils.deleteDirectoryQuietly(checkpoints.toFile());
      throw e;
    }
  }

  /** Submits the validated scenario, compiled as {@code Deployer} compiles a deployment. */
  public JobClient deploy(ValidationResult validated, Map<String, String> properties)
      throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1", restPort);
    return env.executeAsync(
        new FlinkCompiler()
            .compile(validated, env, CompileOptions.production(properties))
            .jobName());
  }

  /**
   * Shuts down the Task Manager running the jobs (their tasks fail with it) and starts a
   * replacement with the same slots.
   */
  public void loseTaskManager() throws Exception {
    cluster.terminateTaskManager(taskManager).get(60, TimeUnit.SECONDS);
    cluster.startTaskManager();
    taskManager++;
  }

  /** Waits until the job runs (all its tasks deployed), failing if it ends instead. */
  public void awaitRunning(JobClient job, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JobStatus status = job.getJobStatus().get(REST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (status.isGloballyTerminalState()) {
        throw new IllegalStateException(
            "job " + job.getJobID() + " is " + status + " instead of running");
      }
      if (status == JobStatus.RUNNING && allTasksRunning(job.getJobID())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "job " + job.getJobID() + " is not running after " + timeout + " (" + status + ")");
      }
      Thread.sleep(50);
    }
  }

  private boolean allTasksRunning(JobID job) throws IOException, InterruptedException {
    JsonNode vertices = rest("/jobs/" + job).path("vertices");
    if (!vertices.isArray() || vertices.isEmpty()) {
      return false;
    }
    for (JsonNode v : vertices) {
      if (!"RUNNING".equals(v.path("status").asText())) {
        return false;
      }
    }
    return true;
  }

  /** Completed checkpoints of the job so far (Flink's REST API). */
  public long completedCheckpoints(JobID job) throws IOException, InterruptedException {
    return rest("/jobs/" + job + "/checkpoints").path("counts").path("completed").asLong();
  }

  /** Waits until the job has completed more than {@code count} checkpoints. */
  public void awaitCheckpointsAfter(JobID job, long count, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (completedCheckpoints(job) <= count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "job " + job + " completed no checkpoint after the " + count + "th within " + timeout);
      }
      Thread.sleep(100);
    }
  }

  /**
   * How often the job has failed and restarted so far: the entries of its exception history (the
   * restart strategy is unlimited, so every failure is a restart).
   */
  public long restarts(JobID job) throws IOException, InterruptedException {
    return rest("/jobs/" + job + "/exceptions?maxExceptions=1000")
        .path("exceptionHistory")
        .path("entries")
        .size();
  }

  private JsonNode rest(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                .timeout(REST_TIMEOUT)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** Cancels the job and waits until it has stopped. */
  public static void cancel(JobClient job) throws Exception {
    if (!job.getJobStatus().get().isGloballyTerminalState()) {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!job.getJobStatus().get().isGloballyTerminalState()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("job " + job.getJobID() + " did not stop within 60 s");
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("the fault cluster did not stop cleanly", e);
    } finally {
      FileUtils.deleteDirectoryQuietly(checkpoints.toFile());
    }
  }
}
