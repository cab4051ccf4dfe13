package dev.walnut.benchmarks;

import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.engine.deploy.LocalFlinkCluster;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What both systems of a benchmark run on: a real Kafka broker (KRaft) and a Flink MiniCluster,
 * both in this JVM. Jobs of both systems are submitted the same way, through the cluster's REST
 * API, one at a time.
 */
public final class BenchCluster implements AutoCloseable {
  private static final int SLOTS = 4;
  private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(60);

  private final EmbeddedKafka kafka;
  private final LocalFlinkCluster flink;

  private BenchCluster(EmbeddedKafka kafka, LocalFlinkCluster flink) {
    this.kafka = kafka;
    this.flink = flink;
  }

  /** Starts a broker (temporary log dir, free port) and a cluster (free REST port). */
  public static BenchCluster start() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.builder().build();
    kafka.start();
    try {
      return new BenchCluster(kafka, LocalFlinkCluster.start(0, SLOTS));
    } catch (Exception | Error e) {
      kafka.close();
      throw e;
    }
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public LocalFlinkCluster flink() {
    return flink;
  }

  /**
   * An environment submitting to this cluster, as {@code Deployer} does for scenarios, with
   * checkpointing at {@code checkpointInterval} as Walnut's compiler sets it.
   */
  public StreamExecutionEnvironment environment(Duration checkpointInterval) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1", flink.restPort());
    env.enableCheckpointing(checkpointInterval.toMillis());
    return env;
  }

  /** Cancels the job and waits until it has stopped, so the next run has the machine to itself. */
  public static void cancel(JobClient job) throws Exception {
    job.cancel().get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    long deadline = System.nanoTime() + CANCEL_TIMEOUT.toNanos();
    while (!job.getJobStatus().get().isGloballyTerminalState()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "job " + job.getJobID() + " did not stop within " + CANCEL_TIMEOUT + " of cancelling");
      }
      Thread.sleep(50);
    }
  }

  /** Fails with the job's own error if it stopped by itself (sources here are unbounded). */
  public static void requireRunning(JobClient job, String what) throws Exception {
    JobStatus status = job.getJobStatus().get();
    if (status.isGloballyTerminalState()) {
      try {
        job.getJobExecutionResult().get();
      } catch (Exception e) {
        throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
      }
      throw new IllegalStateException(
          what + " ended (" + status + ") before its output was complete");
    }
  }

  @Override
  public void close() {
    try {
      flink.close();
    } finally {
      kafka.close();
    }
  }
}
